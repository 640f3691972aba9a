//! Assembling and linking a test program with the RISC-V cross compiler.

use crate::toolchain::Toolchain;
use elf::ElfBytes;
use elf::abi::PT_LOAD;
use elf::endian::LittleEndian;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Lowest guest address Trellis accepts (below is the guard page).
pub const GUEST_MEMORY_START: u64 = 0x1000;
/// One past the highest guest address.
pub const GUEST_MEMORY_END: u64 = 0x2000_0000;
/// Where `.text` is linked.
pub const TEXT_ADDRESS: u32 = 0x1_0000;
/// Flags of the cross compiler: RV32IM without compressed instructions, no
/// C runtime, no linker relaxation (bodies load `gp` with random values),
/// `.text` at [`TEXT_ADDRESS`].
pub const GCC_FLAGS: [&str; 8] = [
    "-march=rv32im",
    "-mabi=ilp32",
    "-nostdlib",
    "-nostartfiles",
    "-static",
    "-mno-relax",
    "-Wl,--no-relax",
    "-Wl,-Ttext=0x10000",
];
/// `e_flags` bit of an ELF that uses compressed instructions.
const EF_RISCV_RVC: u32 = 0x1;

/// Writes `source` to `dir/<name>.S`, assembles and links it into
/// `dir/<name>.elf` (RV32IM, no compressed instructions, no linker
/// relaxation, `.text` at [`TEXT_ADDRESS`]) and checks that every loadable
/// segment lies in guest memory. Returns the path of the `.S` file and the ELF bytes.
pub fn assemble(
    toolchain: &Toolchain,
    source: &str,
    dir: &Path,
    name: &str,
) -> Result<(PathBuf, PathBuf, Vec<u8>), String> {
    let source_path = dir.join(format!("{name}.S"));
    let elf_path = dir.join(format!("{name}.elf"));
    std::fs::write(&source_path, source)
        .map_err(|e| format!("writing {}: {e}", source_path.display()))?;
    let output = Command::new(&toolchain.gcc)
        .args(GCC_FLAGS)
        .arg("-o")
        .arg(&elf_path)
        .arg(&source_path)
        .output()
        .map_err(|e| format!("running {}: {e}", toolchain.gcc.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed on {}:\n{}",
            toolchain.gcc.display(),
            source_path.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let bytes =
        std::fs::read(&elf_path).map_err(|e| format!("reading {}: {e}", elf_path.display()))?;
    check_layout(&bytes).map_err(|e| format!("{}: {e}", elf_path.display()))?;
    Ok((source_path, elf_path, bytes))
}

/// Every `PT_LOAD` segment lies in `[0x1000, 0x2000_0000)` and the ELF does not use RVC.
pub fn check_layout(bytes: &[u8]) -> Result<(), String> {
    let file = ElfBytes::<LittleEndian>::minimal_parse(bytes).map_err(|e| e.to_string())?;
    if file.ehdr.e_flags & EF_RISCV_RVC != 0 {
        return Err("the ELF is marked as using compressed instructions".into());
    }
    let segments = file
        .segments()
        .ok_or_else(|| "the ELF has no program headers".to_string())?;
    for segment in segments.iter().filter(|s| s.p_type == PT_LOAD) {
        let (start, end) = (segment.p_vaddr, segment.p_vaddr + segment.p_memsz);
        if start < GUEST_MEMORY_START || end > GUEST_MEMORY_END {
            return Err(format!(
                "loadable segment [{start:#x}, {end:#x}) lies outside guest memory \
                 [{GUEST_MEMORY_START:#x}, {GUEST_MEMORY_END:#x})"
            ));
        }
    }
    Ok(())
}

/// The address of symbol `name` in the linked ELF (via `riscv64-unknown-elf-nm`).
pub fn symbol_address(toolchain: &Toolchain, elf_path: &Path, name: &str) -> Result<u32, String> {
    let output = Command::new(&toolchain.nm)
        .arg(elf_path)
        .output()
        .map_err(|e| format!("running {}: {e}", toolchain.nm.display()))?;
    let listing = String::from_utf8_lossy(&output.stdout);
    listing
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (address, _kind, symbol) = (words.next()?, words.next()?, words.next()?);
            (symbol == name).then(|| u32::from_str_radix(address, 16).ok())?
        })
        .next()
        .ok_or_else(|| format!("symbol {name} not found in {}", elf_path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_link_text_at_text_address() {
        let flag = format!("-Wl,-Ttext={TEXT_ADDRESS:#x}");
        assert!(GCC_FLAGS.contains(&flag.as_str()), "{GCC_FLAGS:?}");
    }

    #[test]
    fn layout_check_rejects_code_in_the_guard_page() {
        let toolchain = Toolchain::require();
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("low.S");
        std::fs::write(&source, ".text\n.globl _start\n_start: nop\n").unwrap();
        let elf = dir.path().join("low.elf");
        let status = Command::new(&toolchain.gcc)
            .args(&GCC_FLAGS[..GCC_FLAGS.len() - 1])
            .args(["-Wl,-Ttext=0x800", "-Wl,-z,max-page-size=0x100", "-o"])
            .arg(&elf)
            .arg(&source)
            .status()
            .unwrap();
        assert!(status.success());
        let error = check_layout(&std::fs::read(&elf).unwrap()).unwrap_err();
        assert!(error.contains("outside guest memory"), "{error}");
    }
}
