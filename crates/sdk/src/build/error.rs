//! [`BuildError`]: why a guest could not be built.

use std::path::{Path, PathBuf};
use thiserror::Error;

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
        /// The end of what the compiler printed on stderr (cargo's
        /// `Compiling ...` status lines left out).
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
    /// An option that does not apply to this guest (`--features` for C).
    #[error("{option} applies to Rust guests only: {} is C source", guest.display())]
    RustOnly {
        /// The option, as spelled on the command line.
        option: String,
        /// The C guest.
        guest: PathBuf,
    },
    /// An option with a value that cannot be used.
    #[error("{option}: {reason}")]
    InvalidOption {
        /// The option, as spelled on the command line.
        option: String,
        /// What is wrong with its value.
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

/// Maps an I/O error on `path` to [`BuildError::Io`].
pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |error| BuildError::Io {
        path: path.to_path_buf(),
        error,
    }
}
