// Trellis patch: this file is new (see TRELLIS.md at the crate root).

//! Field arithmetic modulo \\(p = 2\^{255} - 19\\) on the Trellis bigint
//! precompile.
//!
//! Compiled instead of the radix-\\(2\^{25.5}\\) limb code of `field.rs` when
//! building for the Trellis guest target (`target_os = "zkvm"`, `riscv32`).
//! A value is eight little-endian `u32` limbs: one 256-bit number,
//! 4-aligned, exactly the operand layout of the precompile. `add`, `sub`,
//! `mul`, `square` and `negate` are each one `addmod` / `submod` / `mulmod`
//! instruction modulo `2^255 - 19` (opcode `0x2B`, `funct7 = 2`; Trellis's
//! docs/guest-abi.md). The instructions accept any 256-bit operands and
//! return the canonical value (below `p`); `from_bytes` reduces its input
//! with one `addmod`, so every element is canonical and `as_bytes` is a
//! copy. The instructions run in a fixed number of cycles whatever their
//! operands, so the element is as constant-time as the upstream limb code.
//!
//! The backend's constants (`constants.rs`, written as radix-\\(2\^{25.5}\\)
//! limbs) are converted at compile time by the `const fn`
//! [`FieldElementZkvm::from_limbs`].

#![allow(unsafe_code)]

use core::fmt::Debug;
use core::ops::Neg;
use core::ops::{Add, AddAssign};
use core::ops::{Mul, MulAssign};
use core::ops::{Sub, SubAssign};

use subtle::Choice;
use subtle::ConditionallySelectable;

#[cfg(feature = "zeroize")]
use zeroize::Zeroize;

/// `funct3` of the precompile's operations.
const ADD: u32 = 0;
const SUB: u32 = 1;
const MUL: u32 = 2;
/// `funct7`: the modulus `2^255 - 19`.
const MODULUS_ID: u32 = 2;

/// `p = 2^255 - 19`, little-endian limbs.
const P: [u32; 8] = [
    0xFFFF_FFED,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0x7FFF_FFFF,
];

/// An element of \\( \mathbb Z / (2\^{255} - 19)\\): its canonical value
/// (below `p`) as eight little-endian `u32` limbs.
#[derive(Copy, Clone)]
#[repr(C, align(4))]
pub struct FieldElementZkvm(pub(crate) [u32; 8]);

/// The name the rest of the crate (`crate::field`, the backend's
/// `constants.rs`) knows the element by.
pub(crate) type FieldElement2625 = FieldElementZkvm;

impl Debug for FieldElementZkvm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "FieldElementZkvm({:?})", &self.0[..])
    }
}

#[cfg(feature = "zeroize")]
impl Zeroize for FieldElementZkvm {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

/// `r = (a op b) mod p` with the precompile (`op` = `F3`); `r` may be `a`
/// or `b`.
///
/// # Safety
///
/// The three pointers are valid, 4-aligned 32-byte locations (`r`
/// writable).
#[inline(always)]
unsafe fn op_raw<const F3: u32>(
    r: *mut FieldElementZkvm,
    a: *const FieldElementZkvm,
    b: *const FieldElementZkvm,
) {
    core::arch::asm!(
        ".insn r 0x2B, {f3}, {f7}, {r}, {a}, {b}",
        f3 = const F3,
        f7 = const MODULUS_ID,
        r = in(reg) r,
        a = in(reg) a,
        b = in(reg) b,
        options(nostack),
    );
}

/// `(a op b) mod p` with the precompile.
#[inline(always)]
fn op<const F3: u32>(a: &FieldElementZkvm, b: &FieldElementZkvm) -> FieldElementZkvm {
    let mut r = core::mem::MaybeUninit::<FieldElementZkvm>::uninit();
    // SAFETY: `a`, `b` are references, `r` is a local of the right size and
    // alignment; the instruction writes all 32 bytes of `r`.
    unsafe {
        op_raw::<F3>(r.as_mut_ptr(), a, b);
        r.assume_init()
    }
}

/// `a = (a op b) mod p` with the precompile.
#[inline(always)]
fn op_assign<const F3: u32>(a: &mut FieldElementZkvm, b: &FieldElementZkvm) {
    // SAFETY: references; the instruction may overwrite an operand.
    unsafe { op_raw::<F3>(a, a, b) }
}

/// `a = (a op a) mod p` with the precompile.
#[inline(always)]
fn op_self<const F3: u32>(a: &mut FieldElementZkvm) {
    let a: *mut FieldElementZkvm = a;
    // SAFETY: from a reference; the instruction may overwrite an operand.
    unsafe { op_raw::<F3>(a, a, a) }
}

impl<'b> AddAssign<&'b FieldElementZkvm> for FieldElementZkvm {
    fn add_assign(&mut self, rhs: &'b FieldElementZkvm) {
        op_assign::<ADD>(self, rhs)
    }
}

impl<'a, 'b> Add<&'b FieldElementZkvm> for &'a FieldElementZkvm {
    type Output = FieldElementZkvm;
    fn add(self, rhs: &'b FieldElementZkvm) -> FieldElementZkvm {
        op::<ADD>(self, rhs)
    }
}

impl<'b> SubAssign<&'b FieldElementZkvm> for FieldElementZkvm {
    fn sub_assign(&mut self, rhs: &'b FieldElementZkvm) {
        op_assign::<SUB>(self, rhs)
    }
}

impl<'a, 'b> Sub<&'b FieldElementZkvm> for &'a FieldElementZkvm {
    type Output = FieldElementZkvm;
    fn sub(self, rhs: &'b FieldElementZkvm) -> FieldElementZkvm {
        op::<SUB>(self, rhs)
    }
}

impl<'b> MulAssign<&'b FieldElementZkvm> for FieldElementZkvm {
    fn mul_assign(&mut self, rhs: &'b FieldElementZkvm) {
        op_assign::<MUL>(self, rhs)
    }
}

impl<'a, 'b> Mul<&'b FieldElementZkvm> for &'a FieldElementZkvm {
    type Output = FieldElementZkvm;
    fn mul(self, rhs: &'b FieldElementZkvm) -> FieldElementZkvm {
        op::<MUL>(self, rhs)
    }
}

impl<'a> Neg for &'a FieldElementZkvm {
    type Output = FieldElementZkvm;
    fn neg(self) -> FieldElementZkvm {
        op::<SUB>(&FieldElementZkvm::ZERO, self)
    }
}

impl ConditionallySelectable for FieldElementZkvm {
    fn conditional_select(
        a: &FieldElementZkvm,
        b: &FieldElementZkvm,
        choice: Choice,
    ) -> FieldElementZkvm {
        let mut r = *a;
        r.conditional_assign(b, choice);
        r
    }

    fn conditional_assign(&mut self, other: &FieldElementZkvm, choice: Choice) {
        for (x, y) in self.0.iter_mut().zip(other.0.iter()) {
            x.conditional_assign(y, choice);
        }
    }

    fn conditional_swap(a: &mut FieldElementZkvm, b: &mut FieldElementZkvm, choice: Choice) {
        for (x, y) in a.0.iter_mut().zip(b.0.iter_mut()) {
            u32::conditional_swap(x, y, choice);
        }
    }
}

/// Bit offsets of the upstream radix-\\(2\^{25.5}\\) limbs.
const LIMB_OFFSETS: [u32; 10] = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];

/// `w += x << shift` on a 288-bit number (`x < 2^32`, no overflow).
const fn add_shifted(w: &mut [u32; 9], x: u32, shift: u32) {
    let mut k = (shift / 32) as usize;
    let mut carry = (x as u64) << (shift % 32);
    while carry != 0 {
        let s = w[k] as u64 + (carry & 0xFFFF_FFFF);
        w[k] = s as u32;
        carry = (carry >> 32) + (s >> 32);
        k += 1;
    }
}

/// Whether `a >= b` (little-endian limbs).
const fn geq(a: &[u32; 8], b: &[u32; 8]) -> bool {
    let mut i = 8;
    while i > 0 {
        i -= 1;
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

/// `a - b` (`a >= b`).
const fn sub_limbs(a: &[u32; 8], b: &[u32; 8]) -> [u32; 8] {
    let mut r = [0u32; 8];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < 8 {
        let d = (a[i] as u64).wrapping_sub(b[i] as u64 + borrow);
        r[i] = d as u32;
        borrow = d >> 63;
        i += 1;
    }
    r
}

/// The canonical residue of a 288-bit number: `2^255 = 19 (mod p)` folds
/// the bits from 255 up until none are left, then one conditional
/// subtraction of `p`.
const fn reduce_wide(mut w: [u32; 9]) -> [u32; 8] {
    loop {
        // hi = w >> 255 (at most 33 bits).
        let hi = ((w[8] as u64) << 1) | (w[7] >> 31) as u64;
        if hi == 0 {
            break;
        }
        w[8] = 0;
        w[7] &= 0x7FFF_FFFF;
        let folded = hi * 19; // < 2^38
        add_shifted(&mut w, folded as u32, 0);
        add_shifted(&mut w, (folded >> 32) as u32, 32);
    }
    let mut r = [0u32; 8];
    let mut i = 0;
    while i < 8 {
        r[i] = w[i];
        i += 1;
    }
    if geq(&r, &P) {
        r = sub_limbs(&r, &P);
    }
    r
}

impl FieldElementZkvm {
    /// The element whose upstream radix-\\(2\^{25.5}\\) limbs are `limbs`
    /// (`x = x_0 + x_1 2^26 + x_2 2^51 + ... + x_9 2^230`, any `u32`s),
    /// reduced: how the backend's constants are written.
    pub(crate) const fn from_limbs(limbs: [u32; 10]) -> FieldElementZkvm {
        let mut w = [0u32; 9];
        let mut i = 0;
        while i < 10 {
            add_shifted(&mut w, limbs[i], LIMB_OFFSETS[i]);
            i += 1;
        }
        FieldElementZkvm(reduce_wide(w))
    }

    /// The scalar \\( 0 \\).
    pub const ZERO: FieldElementZkvm = FieldElementZkvm([0; 8]);
    /// The scalar \\( 1 \\).
    pub const ONE: FieldElementZkvm = FieldElementZkvm([1, 0, 0, 0, 0, 0, 0, 0]);
    /// The scalar \\( -1 \\).
    pub const MINUS_ONE: FieldElementZkvm = FieldElementZkvm([
        0xFFFF_FFEC,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0x7FFF_FFFF,
    ]);

    /// Invert the sign of this field element
    pub fn negate(&mut self) {
        // SAFETY: references; the instruction may overwrite an operand.
        unsafe { op_raw::<SUB>(self, &FieldElementZkvm::ZERO, self) }
    }

    /// Given `k > 0`, return `self^(2^k)`.
    pub fn pow2k(&self, k: u32) -> FieldElementZkvm {
        debug_assert!(k > 0);
        let mut z = self.square();
        for _ in 1..k {
            op_self::<MUL>(&mut z);
        }
        z
    }

    /// Load a `FieldElement` from the low 255 bits of a 256-bit
    /// input.
    ///
    /// # Warning
    ///
    /// This function does not check that the input used the canonical
    /// representative.  It masks the high bit, but it will happily
    /// decode 2^255 - 18 to 1.  Applications that require a canonical
    /// encoding of every field element should decode, re-encode to
    /// the canonical encoding, and check that the input was
    /// canonical.
    pub fn from_bytes(data: &[u8; 32]) -> FieldElementZkvm {
        let mut limbs = [0u32; 8];
        for (limb, chunk) in limbs.iter_mut().zip(data.chunks_exact(4)) {
            *limb = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        limbs[7] &= 0x7FFF_FFFF;
        // A value in [p, 2^255) becomes canonical.
        op::<ADD>(&FieldElementZkvm(limbs), &FieldElementZkvm::ZERO)
    }

    /// Serialize this `FieldElement` to a 32-byte array.  The
    /// encoding is canonical.
    pub fn as_bytes(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for (chunk, limb) in bytes.chunks_exact_mut(4).zip(self.0.iter()) {
            chunk.copy_from_slice(&limb.to_le_bytes());
        }
        bytes
    }

    /// `self = a + b` (one instruction, written in place: used by the
    /// in-place point formulas of `curve_models/zkvm.rs`).
    #[inline(always)]
    pub(crate) fn set_add(&mut self, a: &FieldElementZkvm, b: &FieldElementZkvm) {
        // SAFETY: references.
        unsafe { op_raw::<ADD>(self, a, b) }
    }

    /// `self = a - b` (one instruction, in place).
    #[inline(always)]
    pub(crate) fn set_sub(&mut self, a: &FieldElementZkvm, b: &FieldElementZkvm) {
        // SAFETY: references.
        unsafe { op_raw::<SUB>(self, a, b) }
    }

    /// `self = a * b` (one instruction, in place).
    #[inline(always)]
    pub(crate) fn set_mul(&mut self, a: &FieldElementZkvm, b: &FieldElementZkvm) {
        // SAFETY: references.
        unsafe { op_raw::<MUL>(self, a, b) }
    }

    /// `self = self^2` (one instruction, in place).
    #[inline(always)]
    pub(crate) fn square_assign(&mut self) {
        op_self::<MUL>(self)
    }

    /// `self = 2 self` (one instruction, in place).
    #[inline(always)]
    pub(crate) fn double_assign(&mut self) {
        op_self::<ADD>(self)
    }

    /// Compute `self^2`.
    pub fn square(&self) -> FieldElementZkvm {
        op::<MUL>(self, self)
    }

    /// Compute `2*self^2`.
    pub fn square2(&self) -> FieldElementZkvm {
        let mut r = self.square();
        op_self::<ADD>(&mut r);
        r
    }
}
