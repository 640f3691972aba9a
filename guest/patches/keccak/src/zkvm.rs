//! Trellis patch: Keccak-f[1600] on the `keccakf` precompile of the
//! Trellis zkVM (docs/guest-abi.md, "Precompiles: Keccak-256", in the
//! Trellis sources): one instruction instead of about 19,000 RV32IM
//! instructions. Compiled only for
//! `all(target_os = "zkvm", target_arch = "riscv32")`; see TRELLIS.md.

/// `keccakf state`: Keccak-f[1600] in place on the 25 lanes at `state`
/// (lane `x + 5y` at index `x + 5y`, little-endian: the layout of a
/// `[u64; 25]` on this target). Custom-0, funct3 0, `rd = rs2 = x0`.
#[inline(always)]
pub(crate) fn f1600(state: &mut [u64; 25]) {
    // SAFETY: the instruction reads and writes the 200 bytes at `state`,
    // which a `[u64; 25]` holds, 8-aligned (the instruction needs 4).
    unsafe {
        core::arch::asm!(
            ".insn r 0x0B, 0, 0, x0, {state}, x0",
            state = in(reg) state.as_mut_ptr(),
            options(nostack),
        );
    }
}
