//! Field element backed by the Trellis bigint precompile (Trellis patch).
//!
//! Selected instead of the 10x26 / 5x52 limb implementations when building
//! for the zkVM guest target (`target_os = "zkvm"`, `riscv32`). A value is
//! eight little-endian `u32` limbs (one 256-bit number, 4-aligned, exactly
//! the operand layout of the precompile); `add`, `negate`, `mul`, `square`
//! and `mul_single` are each one `addmod` / `submod` / `mulmod` instruction
//! modulo secp256k1's `p` (opcode `0x2B`, `funct7 = 0`; docs/guest-abi.md of
//! Trellis). The instructions accept any 256-bit operands and return the
//! canonical value (below `p`), so every arithmetic result is fully
//! reduced; only `from_bytes_unchecked` can hold a value in `[p, 2^256)`,
//! and `normalize` / `normalizes_to_zero` reduce it with one `addmod`.
//!
//! Magnitudes keep their upstream meaning for the callers (the debug layer
//! in `field_impl.rs` still checks them) but cost nothing here: every value
//! is already weakly normalized (below `2^256 < 2p`). The instructions run
//! in a fixed number of cycles whatever their operands, so the element is
//! as constant-time as the upstream limb code.

#![allow(unsafe_code)]

use crate::FieldBytes;
use elliptic_curve::{
    subtle::{Choice, ConditionallySelectable, ConstantTimeEq, CtOption},
    zeroize::Zeroize,
};

/// `funct3` of the precompile's operations.
const ADD: u32 = 0;
const SUB: u32 = 1;
const MUL: u32 = 2;

/// secp256k1's `p`, little-endian limbs.
const MODULUS: [u32; 8] = [
    0xFFFF_FC2F,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
];

/// An element of the base field: a 256-bit number, little-endian limbs.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(4))]
pub struct FieldElementZkvm(pub(crate) [u32; 8]);

/// `(a op b) mod p` with the precompile (`op` = `F3`).
#[inline(always)]
fn op<const F3: u32>(a: &FieldElementZkvm, b: &FieldElementZkvm) -> FieldElementZkvm {
    let mut r = core::mem::MaybeUninit::<FieldElementZkvm>::uninit();
    // SAFETY: three valid, 4-aligned 32-byte locations; the instruction
    // reads `a` and `b` and writes all 32 bytes of `r`, which initializes it.
    unsafe {
        core::arch::asm!(
            ".insn r 0x2B, {f3}, 0, {r}, {a}, {b}",
            f3 = const F3,
            r = in(reg) r.as_mut_ptr(),
            a = in(reg) a as *const FieldElementZkvm,
            b = in(reg) b as *const FieldElementZkvm,
            options(nostack),
        );
        r.assume_init()
    }
}

impl FieldElementZkvm {
    /// Zero element.
    pub const ZERO: Self = Self([0; 8]);

    /// Multiplicative identity.
    pub const ONE: Self = Self([1, 0, 0, 0, 0, 0, 0, 0]);

    /// Parses a big-endian 32-byte number without a range check.
    pub(crate) const fn from_bytes_unchecked(bytes: &[u8; 32]) -> Self {
        let mut limbs = [0u32; 8];
        let mut i = 0;
        while i < 8 {
            let j = 28 - 4 * i;
            limbs[i] = u32::from_be_bytes([bytes[j], bytes[j + 1], bytes[j + 2], bytes[j + 3]]);
            i += 1;
        }
        Self(limbs)
    }

    /// Parses a big-endian 32-byte number; `None` unless it is below `p`.
    pub fn from_bytes(bytes: &FieldBytes) -> CtOption<Self> {
        let res = Self::from_bytes_unchecked(bytes.as_ref());
        // Borrow of res - p: set iff res < p.
        let mut borrow = 0u64;
        for (x, m) in res.0.iter().zip(MODULUS.iter()) {
            let d = (*x as u64).wrapping_sub(*m as u64).wrapping_sub(borrow);
            borrow = d >> 63;
        }
        CtOption::new(res, Choice::from(borrow as u8))
    }

    /// A small value.
    pub const fn from_u64(val: u64) -> Self {
        Self([val as u32, (val >> 32) as u32, 0, 0, 0, 0, 0, 0])
    }

    /// Big-endian bytes (of a normalized element).
    pub fn to_bytes(self) -> FieldBytes {
        let mut r = FieldBytes::default();
        for (i, limb) in self.0.iter().enumerate() {
            let j = 28 - 4 * i;
            r[j..j + 4].copy_from_slice(&limb.to_be_bytes());
        }
        r
    }

    /// Every value is already below `2p`: nothing to do.
    pub fn normalize_weak(&self) -> Self {
        *self
    }

    /// The canonical value (one `addmod` with zero).
    pub fn normalize(&self) -> Self {
        op::<ADD>(self, &Self::ZERO)
    }

    /// Whether the element is zero modulo `p`.
    pub fn normalizes_to_zero(&self) -> Choice {
        self.normalize().is_zero()
    }

    /// Whether the (normalized) element is zero.
    pub fn is_zero(&self) -> Choice {
        Choice::from((self.0.iter().fold(0, |acc, x| acc | x) == 0) as u8)
    }

    /// Whether the (normalized) element is odd.
    pub fn is_odd(&self) -> Choice {
        (self.0[0] as u8 & 1).into()
    }

    /// The largest magnitude the debug layer allows (as in 10x26).
    #[cfg(debug_assertions)]
    pub const fn max_magnitude() -> u32 {
        31u32
    }

    /// `-self mod p` (the magnitude does not matter here).
    pub fn negate(&self, _magnitude: u32) -> Self {
        op::<SUB>(&Self::ZERO, self)
    }

    /// `self + rhs mod p`.
    pub fn add(&self, rhs: &Self) -> Self {
        op::<ADD>(self, rhs)
    }

    /// `self * rhs mod p` for a small `rhs`.
    pub fn mul_single(&self, rhs: u32) -> Self {
        op::<MUL>(self, &Self([rhs, 0, 0, 0, 0, 0, 0, 0]))
    }

    /// `self * rhs mod p`.
    pub fn mul(&self, rhs: &Self) -> Self {
        op::<MUL>(self, rhs)
    }

    /// `self * self mod p`.
    pub fn square(&self) -> Self {
        op::<MUL>(self, self)
    }
}

impl Default for FieldElementZkvm {
    fn default() -> Self {
        Self::ZERO
    }
}

impl ConditionallySelectable for FieldElementZkvm {
    #[inline(always)]
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self(core::array::from_fn(|i| {
            u32::conditional_select(&a.0[i], &b.0[i], choice)
        }))
    }
}

impl ConstantTimeEq for FieldElementZkvm {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl Zeroize for FieldElementZkvm {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}
