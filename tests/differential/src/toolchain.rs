//! Locating the external tools: the RISC-V cross compiler and `qemu-riscv32`.
//!
//! Differential tests must not silently pass on a machine without the tools,
//! so a missing tool is an error that tells the user how to install it.

use std::path::PathBuf;
use std::process::Command;

/// The cross compiler (used as assembler and linker).
pub const GCC: &str = "riscv64-unknown-elf-gcc";
/// The symbol lister shipped with the cross binutils.
pub const NM: &str = "riscv64-unknown-elf-nm";
/// The Linux user-mode emulator.
pub const QEMU: &str = "qemu-riscv32";

/// Paths of the external tools the differential tests run.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// `riscv64-unknown-elf-gcc`.
    pub gcc: PathBuf,
    /// `riscv64-unknown-elf-nm`.
    pub nm: PathBuf,
    /// `qemu-riscv32`.
    pub qemu: PathBuf,
}

impl Toolchain {
    /// Finds every tool on `PATH`; the error names each missing one and says
    /// to run `scripts/setup.sh`.
    pub fn find() -> Result<Self, String> {
        Self::find_in(&std::env::var_os("PATH").unwrap_or_default())
    }

    /// Like [`Toolchain::find`], searching the directories of `path` (a `PATH`-style list).
    pub fn find_in(path: &std::ffi::OsStr) -> Result<Self, String> {
        let mut missing = Vec::new();
        let mut locate = |name: &str| match which(path, name) {
            Some(path) => path,
            None => {
                missing.push(name.to_string());
                PathBuf::from(name)
            }
        };
        let toolchain = Self {
            gcc: locate(GCC),
            nm: locate(NM),
            qemu: locate(QEMU),
        };
        if missing.is_empty() {
            Ok(toolchain)
        } else {
            Err(format!(
                "differential tests cannot run: {} not found on PATH (run scripts/setup.sh)",
                missing.join(", ")
            ))
        }
    }

    /// Like [`Toolchain::find`], but panics with the error: differential tests
    /// fail, never skip, when a tool is missing.
    pub fn require() -> Self {
        Self::find().unwrap_or_else(|message| panic!("{message}"))
    }
}

/// The first executable called `name` in the directories of `path` that answers `--version`.
fn which(path: &std::ffi::OsStr, name: &str) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .filter(|candidate| {
            Command::new(candidate)
                .arg("--version")
                .output()
                .is_ok_and(|out| out.status.success())
        })
}

#[cfg(test)]
mod tests {
    use super::Toolchain;

    #[test]
    fn missing_tools_are_named_with_the_fix() {
        let empty = tempfile::tempdir().unwrap();
        let message = Toolchain::find_in(empty.path().as_os_str()).unwrap_err();
        assert!(message.contains("riscv64-unknown-elf-gcc"), "{message}");
        assert!(message.contains("qemu-riscv32"), "{message}");
        assert!(message.contains("run scripts/setup.sh"), "{message}");
    }
}
