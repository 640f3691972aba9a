//! Sanity checks on a built guest's ELF header.

use super::BuildError;
use super::error::io_err;
use std::path::Path;

/// 32-bit little-endian RISC-V executable with an entry point (a Rust
/// program that never names `trellis_guest` links no start code) and
/// without the compressed-instruction flag.
pub(crate) fn check_elf(path: &Path) -> Result<(), BuildError> {
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
    let entry = u32::from_le_bytes([header[24], header[25], header[26], header[27]]);
    if entry == 0 {
        return Err(bad(
            "no start code (entry point 0): the program does not link the trellis-guest \
             runtime. Call something from it (e.g. `trellis_guest::reveal`) or add \
             `use trellis_guest as _;` to main.rs",
        ));
    }
    let flags = u32::from_le_bytes([header[36], header[37], header[38], header[39]]);
    if flags & EF_RISCV_RVC != 0 {
        return Err(bad(
            "built with compressed instructions (EF_RISCV_RVC); Trellis runs RV32IM only",
        ));
    }
    Ok(())
}
