//! Building guest programs into RV32IM ELFs: the step behind `trellis build`.
//!
//! A guest source is one of
//!
//! * a directory with a `Cargo.toml`: a Rust guest (depending on the
//!   `trellis-guest` crate), built by cargo for [`RUST_TARGET`] and linked
//!   with the Trellis linker script;
//! * a `.c` file, or a directory of `.c` files: a C guest, compiled and linked
//!   by [`GCC`] against picolibc and the Trellis C runtime.
//!
//! Either way the result is a statically linked ELF following
//! `docs/guest-abi.md`. The linker script and the C runtime are carried
//! inside the SDK ([`embedded`]) and written under the build's target
//! directory, so building never reads the source tree the SDK was built
//! from. Builds go to the guest's own target directory — for a Rust guest
//! the one cargo reports for it (its workspace's `target/`), for C
//! `target/` next to the sources — unless [`BuildOptions::target_dir`] says
//! otherwise.
//!
//! [`build_guest_with_progress`] hands each line the compiler prints on
//! stderr (cargo's `Compiling regex v1.11.1`, warnings, errors) to a
//! callback as it comes; [`build_guest`] prints them to stderr only when the
//! environment variable `TRELLIS_BUILD_VERBOSE` is set. A failed build's
//! error carries the tail of that output.
//!
//! ```no_run
//! use trellis_sdk::build::{build_example, build_guest, build_guest_with_progress, BuildOptions};
//! let elf = build_example("fibonacci")?;
//! let elf = build_guest("my-guest".as_ref(), &BuildOptions::default())?;
//! let opts = BuildOptions { features: vec!["fast".into()], ..BuildOptions::default() };
//! let elf = build_guest_with_progress("my-guest".as_ref(), &opts, &mut |line: &str| {
//!     eprintln!("{line}")
//! })?;
//! # Ok::<(), trellis_sdk::build::BuildError>(())
//! ```

mod c;
mod elf_check;
pub mod embedded;
mod error;
mod options;
mod process;
mod rust;

pub use c::{C_FLAGS, GCC};
pub use error::BuildError;
pub use options::BuildOptions;
pub use rust::RUST_TARGET;

use error::io_err;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The environment variable that makes [`build_guest`] print the
/// compiler's output to stderr (what `trellis build -v` does).
pub const VERBOSE_ENV: &str = "TRELLIS_BUILD_VERBOSE";

/// The source tree this SDK was built from (the directory holding
/// `guest/` and `examples/`). Only the repository's own examples, tests
/// and benchmarks use it: building a guest does not.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// `<repo>/guest`: the guest runtimes and the linker script in the source
/// tree (the SDK carries its own copies, see [`embedded`]).
pub fn guest_dir() -> PathBuf {
    repo_root().join("guest")
}

/// Absolute path of `<repo>/examples`.
pub fn examples_dir() -> PathBuf {
    repo_root().join("examples")
}

/// Where [`build_example`] builds: `<repo>/target/guest`.
pub fn examples_target_dir() -> PathBuf {
    repo_root().join("target").join("guest")
}

/// Builds `examples/<name>` (release) into `<repo>/target/guest` and
/// returns its ELF.  Repeated calls rebuild only what changed (cargo's
/// fingerprints for Rust, modification times and the command line for C).
pub fn build_example(name: &str) -> Result<PathBuf, BuildError> {
    let dir = examples_dir();
    let source = dir.join(name);
    if name.is_empty() || name.contains(['/', '\\']) || !source.exists() {
        return Err(BuildError::NoSuchExample {
            name: name.to_string(),
            dir,
        });
    }
    let opts = BuildOptions {
        target_dir: Some(examples_target_dir()),
        ..BuildOptions::default()
    };
    build_guest(&source, &opts)
}

/// Builds the guest at `source` and returns the path of its ELF. The
/// compiler's output is printed to stderr when [`VERBOSE_ENV`] is set, and
/// otherwise only kept for the error message.
pub fn build_guest(source: &Path, opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    let verbose = std::env::var_os(VERBOSE_ENV).is_some();
    build_guest_with_progress(source, opts, &mut |line: &str| {
        if verbose {
            eprintln!("{line}");
        }
    })
}

/// [`build_guest`], calling `progress` with each line the compiler prints
/// on stderr as it comes (cargo's `   Compiling regex v1.11.1` lines,
/// warnings, errors).
pub fn build_guest_with_progress(
    source: &Path,
    opts: &BuildOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<PathBuf, BuildError> {
    // One build at a time per process: concurrent callers (test threads)
    // would only queue on cargo's directory lock anyway.
    static BUILD_LOCK: Mutex<()> = Mutex::new(());
    let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());

    let meta = std::fs::metadata(source).map_err(io_err(source))?;
    let source = source.canonicalize().map_err(io_err(source))?;
    let chosen_dir = opts.target_dir.as_deref().map(absolute).transpose()?;

    let elf = if meta.is_dir() && source.join("Cargo.toml").is_file() {
        let krate = rust::rust_crate(&source)?;
        let target_dir = chosen_dir.unwrap_or_else(|| normalize(&krate.target_directory));
        let support = embedded::support_dir(&target_dir)?;
        rust::build_rust(&source, &krate, opts, &target_dir, &support, progress)?
    } else {
        let (files, sources_dir) = if meta.is_file() && source.extension() == Some(OsStr::new("c"))
        {
            let parent = source.parent().unwrap_or(&source).to_path_buf();
            (vec![source.clone()], parent)
        } else if meta.is_dir() {
            (c::c_sources(&source)?, source.clone())
        } else {
            return Err(BuildError::NotAGuest { path: source });
        };
        if !files.iter().any(|f| f.extension() == Some(OsStr::new("c"))) {
            return Err(BuildError::NotAGuest { path: source });
        }
        if let Some(option) = opts.rust_only().first() {
            return Err(BuildError::RustOnly {
                option: option.to_string(),
                guest: source,
            });
        }
        let target_dir = chosen_dir.unwrap_or_else(|| sources_dir.join("target"));
        let support = embedded::support_dir(&target_dir)?;
        let name = file_stem(&source);
        c::build_c(
            &source,
            &files,
            &name,
            opts.release,
            &target_dir,
            &support,
            progress,
        )?
    };
    elf_check::check_elf(&elf)?;
    Ok(elf)
}

/// `path` made absolute and normalized ([`normalize`]).
fn absolute(path: &Path) -> Result<PathBuf, BuildError> {
    Ok(normalize(&std::path::absolute(path).map_err(io_err(path))?))
}

/// One spelling per directory: the target directory is part of the flags
/// cargo fingerprints (the linker script's path), so `examples/../target`
/// and `target` must not count as two. Canonical when it exists, else with
/// `.` and `..` removed.
fn normalize(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "guest".to_string(), |s| s.to_string_lossy().into_owned())
}
