//! 256-bit modular arithmetic through the bigint precompile
//! (docs/isa.md, "BigInt"; docs/guest-abi.md, "Precompiles: 256-bit
//! modular arithmetic").
//!
//! ```ignore
//! use trellis_guest::bigint::{Secp256k1P, U256, mulmod};
//! let x = U256::from_u32(3);
//! let y = mulmod::<Secp256k1P>(&x, &x); // one instruction
//! assert_eq!(y, U256::from_u32(9));
//! ```
//!
//! Operands may be any 256-bit values (they need not be below the
//! modulus); results are always canonical (below it). Each function is one
//! instruction on Trellis (`riscv32`); elsewhere it runs [`soft`], the
//! portable software version (Montgomery multiplication), which a guest
//! may also call directly (e.g. to compare cycles). Under `qemu-riscv32`
//! the instruction is illegal.

pub mod soft;

/// A 256-bit number: eight `u32` limbs, least significant first (so its
/// bytes in memory are little-endian on RISC-V), 4-aligned as the
/// instructions require.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C, align(4))]
pub struct U256(pub [u32; 8]);

impl U256 {
    /// 0.
    pub const ZERO: U256 = U256([0; 8]);
    /// 1.
    pub const ONE: U256 = U256::from_u32(1);

    /// A small value.
    pub const fn from_u32(x: u32) -> U256 {
        let mut limbs = [0; 8];
        limbs[0] = x;
        U256(limbs)
    }

    /// From 32 little-endian bytes.
    pub fn from_le_bytes(bytes: &[u8; 32]) -> U256 {
        U256(core::array::from_fn(|i| {
            u32::from_le_bytes([
                bytes[4 * i],
                bytes[4 * i + 1],
                bytes[4 * i + 2],
                bytes[4 * i + 3],
            ])
        }))
    }

    /// The 32 little-endian bytes.
    pub fn to_le_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, limb) in self.0.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&limb.to_le_bytes());
        }
        out
    }

    /// From 32 big-endian bytes (as field elements are usually serialized).
    pub fn from_be_bytes(bytes: &[u8; 32]) -> U256 {
        let mut le = *bytes;
        le.reverse();
        U256::from_le_bytes(&le)
    }

    /// The 32 big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let mut out = self.to_le_bytes();
        out.reverse();
        out
    }
}

mod sealed {
    /// Only the moduli of this module implement [`super::Modulus`].
    pub trait Sealed {}
}

/// A modulus the instructions know: its index (`funct7`) and value.
/// Sealed: the instruction knows exactly the five moduli below.
pub trait Modulus: sealed::Sealed {
    /// The instruction's `funct7`.
    const INDEX: u32;
    /// The modulus.
    const VALUE: U256;
}

/// Big-endian hex to a [`U256`] (compile time).
const fn hex(digits: &str) -> U256 {
    let d = digits.as_bytes();
    let mut limbs = [0u32; 8];
    let mut i = 0;
    while i < 64 {
        let c = d[i];
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("lowercase hex"),
        } as u32;
        let nibble = 63 - i;
        limbs[nibble / 8] |= v << (4 * (nibble % 8));
        i += 1;
    }
    U256(limbs)
}

macro_rules! modulus {
    ($(#[$doc:meta])* $name:ident = $index:literal, $hex:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl Modulus for $name {
            const INDEX: u32 = $index;
            const VALUE: U256 = hex($hex);
        }
    };
}

modulus!(
    /// secp256k1's base field `p = 2^256 - 2^32 - 977`.
    Secp256k1P = 0, "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"
);
modulus!(
    /// secp256k1's group order `n`.
    Secp256k1N = 1, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
);
modulus!(
    /// Curve25519's base field `2^255 - 19`.
    Curve25519P = 2, "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"
);
modulus!(
    /// BN254's base field `p`.
    Bn254P = 3, "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47"
);
modulus!(
    /// BN254's scalar field `r`.
    Bn254R = 4, "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001"
);

/// The operation's `funct3`.
const ADD: u32 = 0;
const SUB: u32 = 1;
const MUL: u32 = 2;

/// `*r = (*a op *b) mod M` where `op` is `funct3` (0 add, 1 sub, 2 mul):
/// one instruction.
///
/// # Safety
/// `r`, `a`, `b` must be valid, 4-aligned 32-byte locations (`r` may be
/// `a` or `b`).
#[inline(always)]
unsafe fn raw<M: Modulus, const F3: u32>(r: *mut U256, a: *const U256, b: *const U256) {
    #[cfg(target_arch = "riscv32")]
    {
        macro_rules! insn {
            ($f7:literal) => {
                // SAFETY: the caller's pointers; the instruction reads `a`
                // and `b` before writing `r`.
                unsafe {
                    core::arch::asm!(
                        concat!(".insn r 0x2B, {f3}, ", $f7, ", {r}, {a}, {b}"),
                        f3 = const F3,
                        r = in(reg) r,
                        a = in(reg) a,
                        b = in(reg) b,
                        options(nostack),
                    )
                }
            };
        }
        match M::INDEX {
            0 => insn!("0"),
            1 => insn!("1"),
            2 => insn!("2"),
            3 => insn!("3"),
            _ => insn!("4"),
        }
    }
    #[cfg(not(target_arch = "riscv32"))]
    // SAFETY: the caller's pointers, read before the write.
    unsafe {
        let (x, y) = (*a, *b);
        *r = match F3 {
            ADD => soft::addmod(&x, &y, &M::VALUE),
            SUB => soft::submod(&x, &y, &M::VALUE),
            _ => soft::mulmod(&x, &y, &M::VALUE),
        };
    }
}

/// `(a + b) mod M`.
#[inline(always)]
pub fn addmod<M: Modulus>(a: &U256, b: &U256) -> U256 {
    let mut r = U256::ZERO;
    // SAFETY: three valid, aligned U256.
    unsafe { raw::<M, ADD>(&mut r, a, b) };
    r
}

/// `(a - b) mod M`.
#[inline(always)]
pub fn submod<M: Modulus>(a: &U256, b: &U256) -> U256 {
    let mut r = U256::ZERO;
    // SAFETY: three valid, aligned U256.
    unsafe { raw::<M, SUB>(&mut r, a, b) };
    r
}

/// `a · b mod M`.
#[inline(always)]
pub fn mulmod<M: Modulus>(a: &U256, b: &U256) -> U256 {
    let mut r = U256::ZERO;
    // SAFETY: three valid, aligned U256.
    unsafe { raw::<M, MUL>(&mut r, a, b) };
    r
}

/// `*r = *a · *b mod M` on raw 32-byte little-endian buffers.
///
/// # Safety
/// `r`, `a`, `b` must point to 32 valid bytes each (`r` may be `a` or
/// `b`). On Trellis they must also be 4-aligned: otherwise the machine
/// stops with a misaligned-access error (an address outside guest memory
/// stops it with an out-of-bounds error).
#[inline(always)]
pub unsafe fn mulmod_raw<M: Modulus>(r: *mut u8, a: *const u8, b: *const u8) {
    // SAFETY: the caller's pointers (alignment is checked by the machine;
    // the software version reads and writes unaligned).
    #[cfg(target_arch = "riscv32")]
    unsafe {
        raw::<M, MUL>(r as *mut U256, a as *const U256, b as *const U256)
    };
    #[cfg(not(target_arch = "riscv32"))]
    unsafe {
        let x = U256::from_le_bytes(&*(a as *const [u8; 32]));
        let y = U256::from_le_bytes(&*(b as *const [u8; 32]));
        let out = soft::mulmod(&x, &y, &M::VALUE).to_le_bytes();
        core::ptr::copy_nonoverlapping(out.as_ptr(), r, 32);
    }
}

/// `a = (a + b) mod M`, in place.
#[inline(always)]
pub fn addmod_assign<M: Modulus>(a: &mut U256, b: &U256) {
    let a: *mut U256 = a;
    // SAFETY: the result aliases `a`, which the instruction reads first.
    unsafe { raw::<M, ADD>(a, a, b) };
}

/// `a = (a - b) mod M`, in place.
#[inline(always)]
pub fn submod_assign<M: Modulus>(a: &mut U256, b: &U256) {
    let a: *mut U256 = a;
    // SAFETY: as for `addmod_assign`.
    unsafe { raw::<M, SUB>(a, a, b) };
}

/// `a = a · b mod M`, in place.
#[inline(always)]
pub fn mulmod_assign<M: Modulus>(a: &mut U256, b: &U256) {
    let a: *mut U256 = a;
    // SAFETY: as for `addmod_assign`.
    unsafe { raw::<M, MUL>(a, a, b) };
}
