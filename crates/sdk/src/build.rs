//! Building guest programs into RV32IM ELFs: the step behind `trellis build`.
//!
//! A guest source is one of
//!
//! * a directory with a `Cargo.toml`: a Rust guest (depending on
//!   `guest/rust`, the `trellis-guest` crate), built by cargo for
//!   [`RUST_TARGET`] and linked with `guest/trellis.ld`;
//! * a `.c` file, or a directory of `.c` files: a C guest, compiled and linked
//!   by [`GCC`] against picolibc and the C runtime in `guest/c`.
//!
//! Either way the result is a statically linked ELF following
//! `docs/guest-abi.md`.  Builds go to `<repo>/target/guest` unless
//! [`BuildOptions::target_dir`] says otherwise: a directory of its own, so a
//! build started from inside `cargo test` never waits on the lock of the
//! host build directory.
//!
//! ```no_run
//! use trellis_sdk::build::{build_example, build_guest, BuildOptions};
//! let elf = build_example("fibonacci")?;
//! let elf = build_guest("my-guest".as_ref(), &BuildOptions::default())?;
//! # Ok::<(), trellis_sdk::build::BuildError>(())
//! ```

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::SystemTime;
use thiserror::Error;

/// The Rust target triple guests are built for.
pub const RUST_TARGET: &str = "riscv32im-unknown-none-elf";

/// The C compiler for C guests.
pub const GCC: &str = "riscv64-unknown-elf-gcc";

/// Flags every C guest is compiled and linked with (besides the optimization
/// level, `-I <repo>/guest/c` and `-T <repo>/guest/trellis.ld`).
///
/// `-march=rv32im -mabi=ilp32` selects the rv32im/ilp32 multilib of libgcc
/// and picolibc, so no compressed instruction enters the ELF; `-nostartfiles`
/// replaces picolibc's crt0 with `guest/c/crt0.S`; `-mstrict-align` keeps
/// every access naturally aligned (Trellis traps on misaligned ones).
pub const C_FLAGS: &[&str] = &[
    "-march=rv32im",
    "-mabi=ilp32",
    "--specs=picolibc.specs",
    "-nostartfiles",
    "-static",
    "-mcmodel=medlow",
    "-mstrict-align",
    "-ffunction-sections",
    "-fdata-sections",
    "-Wl,--gc-sections",
    "-Wall",
];

/// How to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// Optimized build (`cargo --release`, `-O2`); default `true`.
    pub release: bool,
    /// Where build products go; default `<repo>/target/guest`.
    pub target_dir: Option<PathBuf>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            release: true,
            target_dir: None,
        }
    }
}

/// Why a guest could not be built.
#[derive(Debug, Error)]
pub enum BuildError {
    /// A compiler, target or library is not installed.
    #[error("{tool} not found: run scripts/setup.sh")]
    ToolchainMissing {
        /// What is missing, e.g. `riscv64-unknown-elf-gcc`.
        tool: String,
    },
    /// The compiler ran and failed.
    #[error("{tool} failed ({status}) building {}:\n{stderr_tail}", guest.display())]
    Compile {
        /// `cargo` or `riscv64-unknown-elf-gcc`.
        tool: String,
        /// The guest source.
        guest: PathBuf,
        /// The exit status.
        status: String,
        /// The end of what the compiler printed on stderr.
        stderr_tail: String,
    },
    /// The path is neither a Rust crate nor C source.
    #[error(
        "{}: not a guest source (expected a directory with Cargo.toml, a .c file or a directory of .c files)",
        path.display()
    )]
    NotAGuest {
        /// The path given.
        path: PathBuf,
    },
    /// The Cargo manifest cannot be used (no package, no binary, ...).
    #[error("{}: {reason}", path.display())]
    Manifest {
        /// The `Cargo.toml`.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `build_example` was given a name that is not under `examples/`.
    #[error("no example named `{name}` in {}", dir.display())]
    NoSuchExample {
        /// The name asked for.
        name: String,
        /// The examples directory.
        dir: PathBuf,
    },
    /// The build finished but its output is not a usable guest ELF.
    #[error("{}: {reason}", path.display())]
    BadOutput {
        /// The ELF.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A file or directory could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said (part of the message, so not also a `source()`).
        error: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |error| BuildError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The repository root (the directory holding `guest/` and `examples/`).
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// `<repo>/guest`: the guest runtimes and the linker script.
pub fn guest_dir() -> PathBuf {
    repo_root().join("guest")
}

/// `<repo>/guest/trellis.ld`.
pub fn linker_script() -> PathBuf {
    guest_dir().join("trellis.ld")
}

/// Absolute path of `<repo>/examples`.
pub fn examples_dir() -> PathBuf {
    repo_root().join("examples")
}

/// The default build directory, `<repo>/target/guest`.
pub fn default_target_dir() -> PathBuf {
    repo_root().join("target").join("guest")
}

/// Builds `examples/<name>` (release) and returns its ELF.  Repeated calls
/// rebuild only what changed (cargo's fingerprints for Rust, modification
/// times and the command line for C).
pub fn build_example(name: &str) -> Result<PathBuf, BuildError> {
    let dir = examples_dir();
    let source = dir.join(name);
    if name.is_empty() || name.contains(['/', '\\']) || !source.exists() {
        return Err(BuildError::NoSuchExample {
            name: name.to_string(),
            dir,
        });
    }
    build_guest(&source, &BuildOptions::default())
}

/// Builds the guest at `source` and returns the path of its ELF.
pub fn build_guest(source: &Path, opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    // One build at a time per process: concurrent callers (test threads)
    // would only queue on cargo's directory lock anyway.
    static BUILD_LOCK: Mutex<()> = Mutex::new(());
    let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());

    let meta = std::fs::metadata(source).map_err(io_err(source))?;
    let source = source.canonicalize().map_err(io_err(source))?;
    let target_dir = match &opts.target_dir {
        Some(dir) => absolute(dir)?,
        None => default_target_dir(),
    };

    let elf = if meta.is_dir() && source.join("Cargo.toml").is_file() {
        build_rust(&source, opts.release, &target_dir)?
    } else if meta.is_file() && source.extension() == Some(OsStr::new("c")) {
        let name = file_stem(&source);
        build_c(
            &source,
            std::slice::from_ref(&source),
            &name,
            opts.release,
            &target_dir,
        )?
    } else if meta.is_dir() {
        let files = c_sources(&source)?;
        if !files.iter().any(|f| f.extension() == Some(OsStr::new("c"))) {
            return Err(BuildError::NotAGuest { path: source });
        }
        let name = file_stem(&source);
        build_c(&source, &files, &name, opts.release, &target_dir)?
    } else {
        return Err(BuildError::NotAGuest { path: source });
    };
    check_elf(&elf)?;
    Ok(elf)
}

fn absolute(path: &Path) -> Result<PathBuf, BuildError> {
    std::path::absolute(path).map_err(io_err(path))
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "guest".to_string(), |s| s.to_string_lossy().into_owned())
}

/// `.c`, `.S` and `.s` files directly inside `dir`, sorted.
fn c_sources(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let path = entry.map_err(io_err(dir))?.path();
        let ext = path.extension().and_then(OsStr::to_str);
        if path.is_file() && matches!(ext, Some("c" | "S" | "s")) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

// ------------------------------------------------------------------ Rust

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
fn check_rust_target() -> Result<(), BuildError> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .stderr(Stdio::null())
        .output()
        .map_err(|_| BuildError::ToolchainMissing {
            tool: "rustc".to_string(),
        })?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if !out.status.success() || !sysroot.join("lib/rustlib").join(RUST_TARGET).is_dir() {
        return Err(BuildError::ToolchainMissing {
            tool: format!("the Rust target {RUST_TARGET}"),
        });
    }
    Ok(())
}

/// The package name and binary name of the crate at `dir`.
fn rust_binary(dir: &Path) -> Result<(String, String), BuildError> {
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
        return Err(compile_error(
            "cargo metadata",
            dir,
            &out.status,
            &out.stderr,
        ));
    }
    let bad = |reason: String| BuildError::Manifest {
        path: manifest.clone(),
        reason,
    };
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| bad(format!("cannot parse `cargo metadata` output: {e}")))?;
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
    Ok((name, bin))
}

fn build_rust(dir: &Path, release: bool, target_dir: &Path) -> Result<PathBuf, BuildError> {
    check_rust_target()?;
    let (_package, bin) = rust_binary(dir)?;
    let script = linker_script();
    if !script.is_file() {
        return Err(BuildError::Io {
            path: script,
            error: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    // -C link-arg=-T<script>: the memory layout of docs/guest-abi.md.
    let rustflags = ["-C".to_string(), format!("link-arg=-T{}", script.display())].join("\x1f");

    // `--manifest-path <crate>/Cargo.toml` builds exactly this package: in its
    // workspace (lock file, profiles) when it is a member of one, such as
    // examples/, on its own otherwise.  Run from the crate's directory so its
    // .cargo/config.toml applies (our flags above override its rustflags).
    let mut cmd = cargo_command();
    cmd.current_dir(dir)
        .arg("build")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(["--bin", &bin, "--target", RUST_TARGET])
        .arg("--target-dir")
        .arg(target_dir)
        .env("CARGO_ENCODED_RUSTFLAGS", rustflags)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null());
    if release {
        cmd.arg("--release");
    }
    run(cmd, "cargo", dir)?;

    let elf = target_dir
        .join(RUST_TARGET)
        .join(if release { "release" } else { "debug" })
        .join(&bin);
    if !elf.is_file() {
        return Err(BuildError::BadOutput {
            path: elf,
            reason: "cargo reported success but wrote no binary here".to_string(),
        });
    }
    Ok(elf)
}

// --------------------------------------------------------------------- C

fn build_c(
    source: &Path,
    files: &[PathBuf],
    name: &str,
    release: bool,
    target_dir: &Path,
) -> Result<PathBuf, BuildError> {
    let runtime = guest_dir().join("c");
    let script = linker_script();
    let out_dir = target_dir
        .join("c")
        .join(if release { "release" } else { "debug" });
    std::fs::create_dir_all(&out_dir).map_err(io_err(&out_dir))?;
    let elf = out_dir.join(format!("{name}.elf"));

    let mut args: Vec<String> = C_FLAGS.iter().map(|s| s.to_string()).collect();
    if release {
        args.push("-O2".to_string());
    } else {
        args.extend(["-Og".to_string(), "-g".to_string()]);
    }
    args.push(format!("-I{}", runtime.display()));
    args.push(format!("-T{}", script.display()));
    args.push(runtime.join("crt0.S").display().to_string());
    args.push(runtime.join("trellis.c").display().to_string());
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.push("-lm".to_string());

    // Make-like cache: up to date when the ELF is newer than every input and
    // was linked by the same command line.
    let record = out_dir.join(format!("{name}.cmd"));
    let command_line = args.join("\n");
    let mut inputs: Vec<PathBuf> = files.to_vec();
    inputs.extend([
        runtime.join("crt0.S"),
        runtime.join("trellis.c"),
        runtime.join("trellis.h"),
        script.clone(),
    ]);
    let headers_dir = if source.is_dir() {
        source
    } else {
        source.parent().unwrap_or(source)
    };
    if let Ok(entries) = std::fs::read_dir(headers_dir) {
        inputs.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension() == Some(OsStr::new("h"))),
        );
    }
    if up_to_date(&elf, &record, &command_line, &inputs) {
        return Ok(elf);
    }

    match Command::new(GCC)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(_) => {}
        Err(_) => {
            return Err(BuildError::ToolchainMissing {
                tool: GCC.to_string(),
            });
        }
    }
    // Link to a temporary name and rename: concurrent builds never see a
    // half-written ELF.
    let tmp = out_dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut cmd = Command::new(GCC);
    cmd.args(&args)
        .arg("-o")
        .arg(&tmp)
        .current_dir(headers_dir)
        .stdin(Stdio::null());
    let result = run(cmd, GCC, source);
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        if let BuildError::Compile { stderr_tail, .. } = &err
            && stderr_tail.contains("picolibc.specs")
        {
            return Err(BuildError::ToolchainMissing {
                tool: "picolibc for riscv64-unknown-elf (picolibc.specs)".to_string(),
            });
        }
        return Err(err);
    }
    std::fs::rename(&tmp, &elf).map_err(io_err(&elf))?;
    std::fs::write(&record, &command_line).map_err(io_err(&record))?;
    Ok(elf)
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn up_to_date(elf: &Path, record: &Path, command_line: &str, inputs: &[PathBuf]) -> bool {
    let Some(built) = mtime(elf) else {
        return false;
    };
    if std::fs::read_to_string(record).ok().as_deref() != Some(command_line) {
        return false;
    }
    inputs
        .iter()
        .all(|input| mtime(input).is_some_and(|t| t <= built))
}

// ---------------------------------------------------------------- common

/// Runs a compiler, capturing its output; on failure returns the tail of its
/// stderr.  With `TRELLIS_BUILD_VERBOSE` set, the output goes to the
/// terminal instead.
fn run(mut cmd: Command, tool: &str, guest: &Path) -> Result<(), BuildError> {
    let verbose = std::env::var_os("TRELLIS_BUILD_VERBOSE").is_some();
    if verbose {
        cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit());
    } else {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let out = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            BuildError::ToolchainMissing {
                tool: tool.to_string(),
            }
        } else {
            BuildError::Io {
                path: PathBuf::from(tool),
                error: e,
            }
        }
    })?;
    if out.status.success() {
        Ok(())
    } else {
        let mut text = out.stderr;
        if text.is_empty() {
            text = out.stdout;
        }
        Err(compile_error(tool, guest, &out.status, &text))
    }
}

fn compile_error(
    tool: &str,
    guest: &Path,
    status: &std::process::ExitStatus,
    stderr: &[u8],
) -> BuildError {
    const MAX_LINES: usize = 40;
    const MAX_CHARS: usize = 6000;
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().collect();
    let mut tail = lines[lines.len().saturating_sub(MAX_LINES)..].join("\n");
    if tail.len() > MAX_CHARS {
        let mut cut = tail.len() - MAX_CHARS;
        while !tail.is_char_boundary(cut) {
            cut += 1;
        }
        tail = format!("...{}", &tail[cut..]);
    }
    if tail.trim().is_empty() {
        tail = "(no output)".to_string();
    }
    BuildError::Compile {
        tool: tool.to_string(),
        guest: guest.to_path_buf(),
        status: status.to_string(),
        stderr_tail: tail,
    }
}

/// Sanity checks on the ELF header: 32-bit little-endian RISC-V executable
/// without the compressed-instruction flag.
fn check_elf(path: &Path) -> Result<(), BuildError> {
    use std::io::Read;
    let mut header = [0u8; 52];
    let mut file = std::fs::File::open(path).map_err(io_err(path))?;
    file.read_exact(&mut header).map_err(io_err(path))?;
    let bad = |reason: &str| BuildError::BadOutput {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if &header[..4] != b"\x7fELF" || header[4] != 1 || header[5] != 1 {
        return Err(bad("not a 32-bit little-endian ELF"));
    }
    const EM_RISCV: u16 = 243;
    const EF_RISCV_RVC: u32 = 1;
    if u16::from_le_bytes([header[18], header[19]]) != EM_RISCV {
        return Err(bad("not a RISC-V ELF"));
    }
    let flags = u32::from_le_bytes([header[36], header[37], header[38], header[39]]);
    if flags & EF_RISCV_RVC != 0 {
        return Err(bad(
            "built with compressed instructions (EF_RISCV_RVC); Trellis runs RV32IM only",
        ));
    }
    Ok(())
}
