//! Rust guests: `cargo build` for the guest target, linked with the
//! embedded linker script.

use super::embedded::SupportDir;
use super::options::profile_dir;
use super::process::{compile_error, run};
use super::{BuildError, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The Rust target triple guests are built for: RV32IM like
/// `riscv32im-unknown-none-elf`, but with compare-and-swap and a `std` port
/// (docs/guest-abi.md, "std and atomics").
pub const RUST_TARGET: &str = "riscv32im-risc0-zkvm-elf";

/// The standard-library crates cargo compiles for [`RUST_TARGET`] (it has no
/// prebuilt one in rustup), from the `rust-src` component.
pub const BUILD_STD: &str = "-Zbuild-std=std,panic_abort";

/// How a Rust guest is compiled: the target, and what cargo and rustc are
/// told besides the package, profile and features.
pub(crate) struct RustTarget {
    /// The target triple (the output lands in `<target-dir>/<triple>/`).
    pub triple: &'static str,
    /// Extra arguments to `cargo build`.
    pub cargo_args: Vec<String>,
    /// Flags for rustc (`CARGO_ENCODED_RUSTFLAGS`).
    pub rustflags: Vec<String>,
    /// Environment variables for cargo.
    pub env: Vec<(&'static str, &'static str)>,
}

/// The one place the guest target and its flags are chosen.
pub(crate) fn rust_target(support: &SupportDir) -> RustTarget {
    RustTarget {
        triple: RUST_TARGET,
        cargo_args: vec![
            "--target".to_string(),
            RUST_TARGET.to_string(),
            BUILD_STD.to_string(),
            // memcpy & co. from compiler-builtins: there is no libc.
            "-Zbuild-std-features=compiler-builtins-mem".to_string(),
        ],
        rustflags: vec![
            // The memory layout of docs/guest-abi.md.
            "-C".to_string(),
            format!("link-arg=-T{}", support.linker_script.display()),
            // RV32IM has no atomic instructions; one thread and no
            // interrupts make plain loads and stores exact.
            "-C".to_string(),
            "passes=lower-atomic".to_string(),
        ],
        // -Zbuild-std is unstable: allowed on the stable toolchain for this
        // cargo invocation only.
        env: vec![("RUSTC_BOOTSTRAP", "1")],
    }
}

/// A `cargo` command with the host's build configuration removed from the
/// environment, so nothing meant for the host build (RUSTFLAGS, a target, a
/// target dir, profile overrides, clippy's wrapper) leaks into the guest
/// build.
fn cargo_command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    const REMOVE: &[&str] = &[
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTDOCFLAGS",
        "CARGO_ENCODED_RUSTDOCFLAGS",
        "CARGO_BUILD_RUSTDOCFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_BUILD_BUILD_DIR",
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_MAKEFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "OUT_DIR",
    ];
    const REMOVE_PREFIX: &[&str] = &[
        "CARGO_TARGET_",
        "CARGO_PROFILE_",
        "CARGO_PKG_",
        "CARGO_CFG_",
        "CARGO_BIN_EXE_",
    ];
    for (key, _) in std::env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        if REMOVE.contains(&key) || REMOVE_PREFIX.iter().any(|p| key.starts_with(p)) {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Checks that the Rust target is installed (its `core` is in the sysroot).
fn check_rust_target(triple: &str) -> Result<(), BuildError> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .stderr(Stdio::null())
        .output()
        .map_err(|_| BuildError::ToolchainMissing {
            tool: "rustc".to_string(),
        })?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if !out.status.success() {
        return Err(BuildError::ToolchainMissing {
            tool: "rustc".to_string(),
        });
    }
    // The target's standard library is compiled from source: rustc must
    // know the target and rust-src must be installed.
    let known = Command::new(&rustc)
        .args(["--print", "target-list"])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == triple)
        });
    if !known {
        return Err(BuildError::ToolchainMissing {
            tool: format!("the Rust target {triple} (Rust 1.80 or later)"),
        });
    }
    let std_sources = sysroot.join("lib/rustlib/src/rust/library/std/Cargo.toml");
    if !std_sources.is_file() {
        return Err(BuildError::ToolchainMissing {
            tool: "the rust-src component (`rustup component add rust-src`)".to_string(),
        });
    }
    Ok(())
}

/// What `cargo metadata` says about the guest crate.
pub(crate) struct RustCrate {
    /// The binary target to build.
    pub bin: String,
    /// Its workspace's target directory.
    pub target_directory: PathBuf,
}

/// The binary and target directory of the crate at `dir`.
pub(crate) fn rust_crate(dir: &Path) -> Result<RustCrate, BuildError> {
    let manifest = dir.join("Cargo.toml");
    let out = cargo_command()
        .current_dir(dir)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(&manifest)
        .stdin(Stdio::null())
        .output()
        .map_err(|_| BuildError::ToolchainMissing {
            tool: "cargo".to_string(),
        })?;
    if !out.status.success() {
        let lines: Vec<String> = String::from_utf8_lossy(&out.stderr)
            .lines()
            .map(str::to_string)
            .collect();
        return Err(compile_error("cargo metadata", dir, &out.status, &lines));
    }
    let bad = |reason: String| BuildError::Manifest {
        path: manifest.clone(),
        reason,
    };
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| bad(format!("cannot parse `cargo metadata` output: {e}")))?;
    let target_directory = meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| bad("`cargo metadata` reports no target_directory".to_string()))?;
    let packages = meta["packages"].as_array().cloned().unwrap_or_default();
    let same_file = |p: &serde_json::Value| {
        p["manifest_path"]
            .as_str()
            .and_then(|m| Path::new(m).canonicalize().ok())
            .is_some_and(|m| m == manifest)
    };
    let package =
        packages.iter().find(|p| same_file(p)).ok_or_else(|| {
            bad("no [package] here (a virtual workspace manifest?); point at the guest crate itself"
            .to_string())
        })?;
    let name = package["name"].as_str().unwrap_or_default().to_string();
    let bins: Vec<&str> = package["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| {
            t["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "bin"))
        })
        .filter_map(|t| t["name"].as_str())
        .collect();
    let bin = match bins.as_slice() {
        [] => {
            return Err(bad(format!(
                "package `{name}` has no binary target (src/main.rs)"
            )));
        }
        [only] => only.to_string(),
        several => several
            .iter()
            .find(|b| **b == name)
            .unwrap_or(&several[0])
            .to_string(),
    };
    Ok(RustCrate {
        bin,
        target_directory,
    })
}

/// Builds the crate at `dir` (described by `krate`) into `target_dir`.
pub(crate) fn build_rust(
    dir: &Path,
    krate: &RustCrate,
    opts: &BuildOptions,
    target_dir: &Path,
    support: &SupportDir,
    progress: &mut dyn FnMut(&str),
) -> Result<PathBuf, BuildError> {
    let profile = opts.cargo_profile()?;
    let target = rust_target(support);
    check_rust_target(target.triple)?;

    // `--manifest-path <crate>/Cargo.toml` builds exactly this package: in its
    // workspace (lock file, profiles) when it is a member of one, such as
    // examples/, on its own otherwise.  Run from the crate's directory so its
    // .cargo/config.toml applies (our flags override its rustflags).
    let mut cmd = cargo_command();
    cmd.current_dir(dir)
        .arg("build")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(["--bin", &krate.bin])
        .args(&target.cargo_args)
        .args(["--profile", profile])
        .arg("--target-dir")
        .arg(target_dir)
        .env("CARGO_ENCODED_RUSTFLAGS", target.rustflags.join("\x1f"))
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never")
        .envs(target.env.iter().copied());
    if !opts.features.is_empty() {
        cmd.arg("--features").arg(opts.features.join(","));
    }
    if opts.no_default_features {
        cmd.arg("--no-default-features");
    }
    run(cmd, "cargo", dir, progress)?;

    let elf = target_dir
        .join(target.triple)
        .join(profile_dir(profile))
        .join(&krate.bin);
    if !elf.is_file() {
        return Err(BuildError::BadOutput {
            path: elf,
            reason: "cargo reported success but wrote no binary here".to_string(),
        });
    }
    Ok(elf)
}
