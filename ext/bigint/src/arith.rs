//! The arithmetic on the host: what the executor computes, and the
//! witness (quotient and carries) the chip proves it with.
//!
//! For every operation the chip proves the integer identity
//! `L(a, b) = q·m + r` limb by limb (byte limbs, signed carries), where
//! `L` is `a + b`, `a - b` or `a·b`, and `r < m`. The quotient `q` is
//! stored as 33 bytes; for `submod` (whose quotient may be negative)
//! the stored quotient is `q + SUB_OFFSET`.

use crate::Modulus;
use crate::modulus::BYTES;
use crate::opcode::BigIntOpcode;
use num_bigint::{BigInt, BigUint, Sign};

/// Bytes of the stored quotient: `a·b / m < 2^512 / 2^253 = 2^259`.
pub const Q_BYTES: usize = 33;
/// Limb positions of the identity: `q·m` reaches byte 63.
pub const POSITIONS: usize = 64;
/// Carries between positions (none out of the last).
pub const CARRIES: usize = POSITIONS - 1;
/// Offset of a stored carry: the column holds `carry + CARRY_OFFSET`.
pub const CARRY_OFFSET: i64 = 1 << 14;
/// Bits of a stored carry.
pub const CARRY_BITS: u32 = 15;
/// Offset of `submod`'s stored quotient: `q > -(2^256 + m) / m > -9`.
pub const SUB_OFFSET: i64 = 16;

/// `(a op b) mod m` for little-endian 256-bit operands (any values).
pub fn apply(op: BigIntOpcode, m: Modulus, a: &[u8; BYTES], b: &[u8; BYTES]) -> [u8; BYTES] {
    solve(op, m, a, b).0
}

/// The integer `L(a, b)` of the identity.
pub fn lhs(op: BigIntOpcode, a: &[u8; BYTES], b: &[u8; BYTES]) -> BigInt {
    let (a, b) = (
        BigInt::from(BigUint::from_bytes_le(a)),
        BigInt::from(BigUint::from_bytes_le(b)),
    );
    match op {
        BigIntOpcode::AddMod => a + b,
        BigIntOpcode::SubMod => a - b,
        BigIntOpcode::MulMod => a * b,
    }
}

/// The canonical result and the stored quotient bytes.
pub fn solve(
    op: BigIntOpcode,
    m: Modulus,
    a: &[u8; BYTES],
    b: &[u8; BYTES],
) -> ([u8; BYTES], [u8; Q_BYTES]) {
    let l = lhs(op, a, b);
    let modulus = BigInt::from(m.value());
    let mut r = &l % &modulus;
    if r.sign() == Sign::Minus {
        r += &modulus;
    }
    let q = (&l - &r) / &modulus;
    (
        to_bytes::<BYTES>(&r),
        stored_quotient(op, &q).expect("the quotient of a 256-bit operation fits"),
    )
}

/// `q` as the chip stores it (offset for `submod`), if it fits 33 bytes.
pub fn stored_quotient(op: BigIntOpcode, q: &BigInt) -> Option<[u8; Q_BYTES]> {
    let offset = if op == BigIntOpcode::SubMod {
        SUB_OFFSET
    } else {
        0
    };
    let stored = q + BigInt::from(offset);
    if stored.sign() == Sign::Minus || stored.bits() > 8 * Q_BYTES as u64 {
        return None;
    }
    Some(to_bytes::<Q_BYTES>(&stored))
}

/// The little-endian bytes of a non-negative integer below `2^(8N)`.
pub fn to_bytes<const N: usize>(x: &BigInt) -> [u8; N] {
    let (_, bytes) = x.to_bytes_le();
    let mut out = [0u8; N];
    out[..bytes.len()].copy_from_slice(&bytes);
    out
}

/// The identity's terms at each position, without carries: `L_k(a, b) -
/// Σ_{i+j=k} q'_i m_j - r_k` (`q'` the stored quotient, offset removed
/// from byte 0). An honest witness gives integer carries
/// `c_k = (t_k + c_{k-1}) / 256`, all exact and `|c_k| < 2^14`.
pub fn residues(
    op: BigIntOpcode,
    m: Modulus,
    a: &[u8; BYTES],
    b: &[u8; BYTES],
    r: &[u8; BYTES],
    q: &[u8; Q_BYTES],
) -> [i64; POSITIONS] {
    let mb = m.bytes();
    let mut t = [0i64; POSITIONS];
    for k in 0..BYTES {
        let (x, y) = (i64::from(a[k]), i64::from(b[k]));
        t[k] += match op {
            BigIntOpcode::AddMod => x + y,
            BigIntOpcode::SubMod => x - y,
            BigIntOpcode::MulMod => 0,
        };
        t[k] -= i64::from(r[k]);
    }
    if op == BigIntOpcode::MulMod {
        for i in 0..BYTES {
            for j in 0..BYTES {
                t[i + j] += i64::from(a[i]) * i64::from(b[j]);
            }
        }
    }
    for (i, &qi) in q.iter().enumerate() {
        let mut qi = i64::from(qi);
        if i == 0 && op == BigIntOpcode::SubMod {
            qi -= SUB_OFFSET;
        }
        for (j, &mj) in mb.iter().enumerate() {
            t[i + j] -= qi * i64::from(mj);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(op: BigIntOpcode, m: Modulus, a: [u8; 32], b: [u8; 32]) {
        let (r, q) = solve(op, m, &a, &b);
        assert!(BigUint::from_bytes_le(&r) < m.value());
        let t = residues(op, m, &a, &b, &r, &q);
        let mut carry = 0i64;
        for (k, tk) in t.iter().enumerate() {
            let total = tk + carry;
            assert_eq!(total % 256, 0, "position {k}");
            carry = total / 256;
            assert!(carry.abs() < CARRY_OFFSET, "carry {carry} at {k}");
        }
        assert_eq!(carry, 0);
    }

    #[test]
    fn extreme_operands_have_exact_small_carries() {
        let max = [0xffu8; 32];
        let zero = [0u8; 32];
        for m in Modulus::ALL {
            for op in [
                BigIntOpcode::AddMod,
                BigIntOpcode::SubMod,
                BigIntOpcode::MulMod,
            ] {
                for (a, b) in [
                    (max, max),
                    (zero, max),
                    (max, zero),
                    (zero, zero),
                    (m.bytes(), max),
                ] {
                    check(op, m, a, b);
                }
            }
        }
    }
}
