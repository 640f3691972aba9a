//! 256-bit modular arithmetic with the bigint precompile
//! (`trellis_guest::bigint`), against software in the same guest, for
//! tests and the precompile benchmark.
//!
//! Input: one mode byte, then
//! * mode 0: records of 66 bytes, `op` (0 add, 1 sub, 2 mul), modulus
//!   index (0..5), `a` and `b` (32 bytes little-endian each): each is
//!   computed with the precompile and with `bigint::soft`, which must
//!   agree; reveals the results (32 bytes each, at most 32 records);
//! * modes 1, 2, 3: `n` (u32 LE): `n` chained multiplications modulo
//!   secp256k1's `p`, `x ← x·y` from `x = 2`, `y` = [`Y`], with the
//!   precompile (1), `bigint::soft` Montgomery (2) or `k256::FieldElement`
//!   (3); reveals `x` (32 bytes little-endian);
//! * mode 4: a `mulmod` whose result pointer is misaligned, mode 5: one
//!   whose operand pointer is 0 (the machine stops with an error).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use trellis_guest::bigint::{
    self, Bn254P, Bn254R, Curve25519P, Modulus, Secp256k1N, Secp256k1P, U256, soft,
};
use trellis_guest::{read_exact, read_to_end, reveal};

trellis_guest::entry!(main);

/// The multiplier of the chains (below secp256k1's p), big-endian.
const Y: [u8; 32] = [
    0x5a, 0x1e, 0xc0, 0x3b, 0x77, 0x91, 0x0d, 0xf2, 0x3c, 0x48, 0x62, 0xa9, 0x14, 0xe5, 0x8b, 0x07,
    0xd6, 0x2f, 0x90, 0x41, 0xbb, 0x6c, 0x35, 0xe8, 0x1a, 0x73, 0xc4, 0x59, 0x0e, 0xf1, 0x26, 0x9d,
];

fn precompile<M: Modulus>(op: u8, a: &U256, b: &U256) -> (U256, U256) {
    let m = M::VALUE;
    match op {
        0 => (bigint::addmod::<M>(a, b), soft::addmod(a, b, &m)),
        1 => (bigint::submod::<M>(a, b), soft::submod(a, b, &m)),
        _ => (bigint::mulmod::<M>(a, b), soft::mulmod(a, b, &m)),
    }
}

fn records() {
    let data = read_to_end();
    assert!(data.len() % 66 == 0, "records are 66 bytes");
    let mut out = Vec::with_capacity(data.len() / 66 * 32);
    for rec in data.chunks_exact(66) {
        assert!(rec[0] < 3, "op {}", rec[0]);
        let a = U256::from_le_bytes(rec[2..34].try_into().unwrap());
        let b = U256::from_le_bytes(rec[34..66].try_into().unwrap());
        let (fast, slow) = match rec[1] {
            0 => precompile::<Secp256k1P>(rec[0], &a, &b),
            1 => precompile::<Secp256k1N>(rec[0], &a, &b),
            2 => precompile::<Curve25519P>(rec[0], &a, &b),
            3 => precompile::<Bn254P>(rec[0], &a, &b),
            4 => precompile::<Bn254R>(rec[0], &a, &b),
            m => panic!("modulus {m}"),
        };
        assert_eq!(fast, slow, "precompile and software differ");
        out.extend_from_slice(&fast.to_le_bytes());
    }
    reveal(&out);
}

fn chain(mode: u8, n: u32) -> [u8; 32] {
    let y = U256::from_be_bytes(&Y);
    let mut x = U256::from_u32(2);
    match mode {
        1 => {
            for _ in 0..n {
                bigint::mulmod_assign::<Secp256k1P>(&mut x, &y);
            }
            x.to_le_bytes()
        }
        2 => {
            let mont = soft::Montgomery::new(&Secp256k1P::VALUE);
            for _ in 0..n {
                x = mont.mulmod(&x, &y);
            }
            x.to_le_bytes()
        }
        _ => {
            let y = k256::FieldElement::from_bytes(&Y.into()).unwrap();
            let mut x = k256::FieldElement::from(2u64);
            for _ in 0..n {
                x = x.mul(&y);
            }
            let mut le: [u8; 32] = x.normalize().to_bytes().into();
            le.reverse();
            le
        }
    }
}

fn main() {
    let mut mode = [0u8; 1];
    assert_eq!(
        read_exact(&mut mode),
        1,
        "input must start with a mode byte"
    );
    match mode[0] {
        0 => records(),
        1..=3 => {
            let mut n = [0u8; 4];
            assert_eq!(read_exact(&mut n), 4, "modes 1-3 take a u32 count");
            let x = chain(mode[0], u32::from_le_bytes(n));
            reveal(&x);
        }
        4 | 5 => {
            let mut buf = U256::ZERO;
            let base = &mut buf as *mut U256 as *mut u8;
            let (r, a) = if mode[0] == 4 {
                (base.wrapping_add(2), base as *const u8)
            } else {
                (base, core::ptr::null())
            };
            // SAFETY: deliberately bad pointers: the machine stops before
            // touching memory.
            unsafe { bigint::mulmod_raw::<Secp256k1P>(r, a, base) };
            reveal(&buf.to_le_bytes());
        }
        m => panic!("unknown mode {m}"),
    }
}
