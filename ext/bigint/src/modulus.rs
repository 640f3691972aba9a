//! The fixed moduli: one table, selected by the instruction's `funct7`.
//! Every modulus is above `2^253`, which bounds the quotients the chip
//! proves (see `chip`): the table is the only place that knows them.

use num_bigint::BigUint;

/// A modulus of the extension (its discriminant is the `funct7` field and
/// the instruction's operand `f`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Modulus {
    /// secp256k1's base field `p = 2^256 - 2^32 - 977`.
    Secp256k1P = 0,
    /// secp256k1's group order `n`.
    Secp256k1N = 1,
    /// Curve25519's base field `2^255 - 19`.
    Curve25519P = 2,
    /// BN254's base field `p`.
    Bn254P = 3,
    /// BN254's scalar field `r`.
    Bn254R = 4,
}

/// Number of moduli.
pub const MODULI: usize = 5;

/// Bytes of an operand.
pub const BYTES: usize = 32;

/// Big-endian hex digits to little-endian bytes (compile time).
const fn le_bytes(hex: &str) -> [u8; BYTES] {
    let digits = hex.as_bytes();
    assert!(digits.len() == 2 * BYTES, "64 hex digits");
    let mut out = [0u8; BYTES];
    let mut i = 0;
    while i < 2 * BYTES {
        let c = digits[i];
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("hex digit"),
        };
        let byte = BYTES - 1 - i / 2;
        out[byte] |= if i % 2 == 0 { v << 4 } else { v };
        i += 1;
    }
    out
}

const TABLE: [[u8; BYTES]; MODULI] = [
    le_bytes("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
    le_bytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
    le_bytes("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"),
    le_bytes("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47"),
    le_bytes("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001"),
];

impl Modulus {
    /// Every modulus, by index.
    pub const ALL: [Modulus; MODULI] = [
        Modulus::Secp256k1P,
        Modulus::Secp256k1N,
        Modulus::Curve25519P,
        Modulus::Bn254P,
        Modulus::Bn254R,
    ];

    /// The modulus with this index (`funct7`), if any.
    pub fn from_index(index: u32) -> Option<Self> {
        Self::ALL.get(index as usize).copied()
    }

    /// Its index (`funct7`, operand `f`).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// A short name for listings and errors.
    pub const fn name(self) -> &'static str {
        match self {
            Modulus::Secp256k1P => "secp256k1_p",
            Modulus::Secp256k1N => "secp256k1_n",
            Modulus::Curve25519P => "curve25519_p",
            Modulus::Bn254P => "bn254_p",
            Modulus::Bn254R => "bn254_r",
        }
    }

    /// Little-endian bytes.
    pub const fn bytes(self) -> [u8; BYTES] {
        TABLE[self as usize]
    }

    /// The value.
    pub fn value(self) -> BigUint {
        BigUint::from_bytes_le(&self.bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_the_published_ones() {
        let two = BigUint::from(2u32);
        let p = two.pow(256u32) - two.pow(32u32) - BigUint::from(977u32);
        assert_eq!(Modulus::Secp256k1P.value(), p);
        assert_eq!(
            Modulus::Curve25519P.value(),
            two.pow(255u32) - BigUint::from(19u32)
        );
        assert_eq!(
            Modulus::Bn254R.value().to_str_radix(10),
            "21888242871839275222246405745257275088548364400416034343698204186575808495617"
        );
        assert_eq!(
            Modulus::Bn254P.value().to_str_radix(10),
            "21888242871839275222246405745257275088696311157297823662689037894645226208583"
        );
        assert_eq!(
            Modulus::Secp256k1N.value().to_str_radix(10),
            "115792089237316195423570985008687907852837564279074904382605163141518161494337"
        );
        // The chip's quotient bounds need every modulus above 2^253.
        for m in Modulus::ALL {
            assert!(m.value() > two.pow(253u32), "{}", m.name());
            assert_eq!(Modulus::from_index(m.index() as u32), Some(m));
        }
        assert_eq!(Modulus::from_index(5), None);
    }
}
