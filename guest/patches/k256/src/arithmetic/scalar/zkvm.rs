//! Scalar multiplication modulo secp256k1's group order `n` with the Trellis
//! bigint precompile (Trellis patch; zkVM guest target only): one `mulmod`
//! instruction (opcode `0x2B`, `funct3 = 2`, `funct7 = 1`) instead of a
//! 512-bit product and a Barrett reduction.

#![allow(unsafe_code)]

use elliptic_curve::bigint::U256;

/// A 256-bit operand of the precompile: little-endian `u32` limbs, 4-aligned.
#[repr(C, align(4))]
struct Operand([u32; 8]);

/// `a * b mod n` for any 256-bit `a`, `b`; the result is below `n`.
#[inline(always)]
pub(super) fn mul(a: &U256, b: &U256) -> U256 {
    let a = Operand(a.to_words());
    let b = Operand(b.to_words());
    let mut r = Operand([0; 8]);
    // SAFETY: three valid, 4-aligned 32-byte values; the instruction reads
    // `a` and `b` and writes only the 32 bytes of `r`.
    unsafe {
        core::arch::asm!(
            ".insn r 0x2B, 2, 1, {r}, {a}, {b}",
            r = in(reg) &mut r as *mut Operand,
            a = in(reg) &a as *const Operand,
            b = in(reg) &b as *const Operand,
            options(nostack),
        );
    }
    U256::from_words(r.0)
}
