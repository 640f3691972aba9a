//! `trellis new`: a guest project that builds, runs, proves and verifies
//! out of the box — a Rust guest with a host program using the SDK, or a C
//! guest. `--accelerated`: a Rust guest hashing with `sha2`, `sha3` and
//! `tiny-keccak` patched onto the precompiles (the Trellis source tree's
//! `guest/patches`).

use super::templates::{self, ACCELERATED_PATCHES, Patches, ProjectFile, SdkDependency};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The guest's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// A Rust guest crate and a host crate using the SDK.
    Rust,
    /// A C guest.
    C,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The project's name (letters, digits, `-` and `_`, starting with a letter).
    name: String,
    /// The guest's language.
    #[arg(long, value_enum, default_value_t = Lang::Rust)]
    lang: Lang,
    /// The project directory (default: ./NAME); it must not exist or be empty.
    #[arg(long, value_name = "DIR")]
    path: Option<PathBuf>,
    /// The Trellis SDK the host program depends on: its crate directory or
    /// the Trellis source tree (Rust only; default: the source tree this
    /// `trellis` was built from).
    #[arg(long, value_name = "DIR")]
    sdk_path: Option<PathBuf>,
    /// A guest that hashes with the `sha2`, `sha3` and `tiny-keccak` crates,
    /// patched (`[patch.crates-io]`, the Trellis source tree's
    /// guest/patches) to run on the sha256 and keccak precompiles, which its
    /// trellis.toml enables (Rust only).
    #[arg(long)]
    accelerated: bool,
}

pub fn new(args: NewArgs) -> anyhow::Result<ExitCode> {
    check_name(&args.name)?;
    let dir = args
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(&args.name));
    check_empty(&dir)?;
    let files = match args.lang {
        Lang::Rust => {
            let sdk = sdk_dependency(args.sdk_path.as_deref())?;
            let patches = args.accelerated.then(|| patches(&sdk)).transpose()?;
            templates::rust_project(&args.name, &sdk, patches.as_ref())
        }
        Lang::C => {
            if args.accelerated {
                anyhow::bail!(
                    "--accelerated applies to Rust projects only (the patched crates are Rust crates)"
                );
            }
            if args.sdk_path.is_some() {
                anyhow::bail!(
                    "--sdk-path applies to Rust projects only (a C project has no host program)"
                );
            }
            let absolute = std::path::absolute(&dir)?;
            let dir_name = absolute
                .file_name()
                .map_or_else(|| args.name.clone(), |n| n.to_string_lossy().into_owned());
            templates::c_project(&args.name, &dir_name)
        }
    };
    write_files(&dir, &files)?;
    eprintln!(
        "created {} project `{}` in {} (see its README.md)",
        match (args.lang, args.accelerated) {
            (Lang::Rust, false) => "Rust",
            (Lang::Rust, true) => "accelerated Rust",
            (Lang::C, _) => "C",
        },
        args.name,
        dir.display()
    );
    println!("{}", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// A name cargo accepts as a package name, usable as a file name.
fn check_name(name: &str) -> anyhow::Result<()> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        anyhow::bail!(
            "`{name}` is not a project name: use letters, digits, `-` and `_`, starting with a letter"
        );
    }
    Ok(())
}

/// Refuses a path that exists, unless it is an empty directory.
fn check_empty(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let empty = dir.is_dir()
        && std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?
            .next()
            .is_none();
    if !empty {
        anyhow::bail!(
            "{} already exists and is not an empty directory: choose another name or --path",
            dir.display()
        );
    }
    Ok(())
}

/// The SDK crate the host depends on: `--sdk-path` (a crate directory or
/// a Trellis source tree), else the source tree this CLI was built from.
fn sdk_dependency(given: Option<&Path>) -> anyhow::Result<SdkDependency> {
    let (path, note) = match given {
        Some(given) => {
            let given = std::path::absolute(given)?;
            let path = if given.join("crates/sdk/Cargo.toml").is_file() {
                given.join("crates/sdk")
            } else {
                given
            };
            if !is_sdk_crate(&path) {
                anyhow::bail!(
                    "--sdk-path {}: not the trellis-sdk crate nor a Trellis source tree",
                    path.display()
                );
            }
            let path = path.canonicalize()?;
            let note = format!(
                "`{}` (given with `trellis new --sdk-path`).",
                path.display()
            );
            (path, note)
        }
        None => {
            let cli_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
            let built_from = cli_dir.parent().unwrap_or(cli_dir).join("sdk");
            match built_from.canonicalize() {
                Ok(path) if is_sdk_crate(&path) => {
                    let note = format!(
                        "`{}`, in the Trellis source tree `trellis` was built from (`trellis new --sdk-path DIR` names another).",
                        path.display()
                    );
                    (path, note)
                }
                _ => {
                    let path = std::path::absolute(&built_from)?;
                    eprintln!(
                        "warning: the Trellis source tree this `trellis` was built from is gone ({}): \
                         the host program needs the SDK: edit host/Cargo.toml, or pass --sdk-path",
                        path.display()
                    );
                    let note = format!(
                        "`{}`, where the Trellis source tree was when `trellis` was built; it is gone: point this at the SDK (`crates/sdk` of the Trellis sources).",
                        path.display()
                    );
                    (path, note)
                }
            }
        }
    };
    // The SDK's own lock file: the host builds with the versions the SDK
    // was tested with.
    let lock = std::fs::read(path.join("../../Cargo.lock")).ok();
    Ok(SdkDependency { path, note, lock })
}

/// The patched crates of the Trellis source tree the SDK is in
/// (`<tree>/guest/patches`), and the lock file they were tested with.
fn patches(sdk: &SdkDependency) -> anyhow::Result<Patches> {
    let dir = sdk.path.join("../../guest/patches");
    let missing: Vec<&str> = ACCELERATED_PATCHES
        .into_iter()
        .filter(|krate| !dir.join(krate).join("Cargo.toml").is_file())
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "--accelerated needs the patched crates of the Trellis source tree, and {} has no {}: \
             pass --sdk-path with a Trellis source tree",
            dir.display(),
            missing.join(", ")
        );
    }
    let dir = dir.canonicalize()?;
    let lock = std::fs::read(dir.join("../../examples/hashes-accel/Cargo.lock")).ok();
    Ok(Patches { dir, lock })
}

/// Whether `dir` holds the `trellis-sdk` crate.
fn is_sdk_crate(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| {
        manifest
            .lines()
            .any(|l| l.trim() == "name = \"trellis-sdk\"")
    })
}

/// Writes the project's files under `dir`.
fn write_files(dir: &Path, files: &[ProjectFile]) -> anyhow::Result<()> {
    for (relative, bytes) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| anyhow::anyhow!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(())
}
