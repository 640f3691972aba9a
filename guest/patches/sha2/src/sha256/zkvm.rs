//! Trellis patch: the SHA-256 compression function on the `sha256compress`
//! precompile of the Trellis zkVM (docs/guest-abi.md, "SHA-256 precompile",
//! in the Trellis sources): one instruction per 64-byte block instead of
//! about 3,000 RV32IM instructions. Compiled only for
//! `all(target_os = "zkvm", target_arch = "riscv32")`; see TRELLIS.md.

/// A 64-byte block at a 4-aligned address, as the instruction requires.
#[repr(C, align(4))]
struct AlignedBlock([u8; 64]);

/// `sha256compress state, block`: compresses the 64 bytes at `block` into
/// the eight native `u32` words at `state` (custom-0, funct3 1).
///
/// # Safety
/// `block` must point to 64 readable bytes and be 4-aligned.
#[inline(always)]
unsafe fn compress_one(state: &mut [u32; 8], block: *const u8) {
    core::arch::asm!(
        ".insn r 0x0B, 1, 0, x0, {state}, {block}",
        state = in(reg) state.as_mut_ptr(),
        block = in(reg) block,
        options(nostack),
    );
}

/// Compresses `blocks` into `state`, one instruction per block. A block
/// at an address that is not 4-aligned (the slices `Digest::update` hands
/// over unbuffered) is first copied into an aligned one.
pub fn compress(state: &mut [u32; 8], blocks: &[[u8; 64]]) {
    let mut aligned = AlignedBlock([0; 64]);
    for block in blocks {
        if block.as_ptr() as usize % 4 == 0 {
            // SAFETY: 64 readable bytes, 4-aligned.
            unsafe { compress_one(state, block.as_ptr()) };
        } else {
            aligned.0 = *block;
            // SAFETY: an AlignedBlock is 64 bytes and 4-aligned.
            unsafe { compress_one(state, aligned.0.as_ptr()) };
        }
    }
}
