//! Bit-level expressions of the compression: rotations, xors, `Ch`, `Maj`
//! as polynomials in bit columns (degree at most 3), and 16-bit limbs.

use trellis_stark::PrimeCharacteristicRing;

/// `x xor y` of bits (degree 2).
pub fn xor2<E: PrimeCharacteristicRing + Clone>(x: E, y: E) -> E {
    x.clone() + y.clone() - (x * y).double()
}

/// `x xor y xor z` of bits (degree 3).
pub fn xor3<E: PrimeCharacteristicRing + Clone>(x: E, y: E, z: E) -> E {
    let xy = xor2(x, y);
    xor2(xy, z)
}

/// Bits of `ROTR^r1 ^ ROTR^r2 ^ ROTR^r3` (`Σ`), or with the third term a
/// right shift when `shift` (`σ`).
pub fn sigma<E: PrimeCharacteristicRing + Clone>(
    x: &[E; 32],
    r1: usize,
    r2: usize,
    r3: usize,
    shift: bool,
) -> [E; 32] {
    std::array::from_fn(|i| {
        let p = x[(i + r1) % 32].clone();
        let q = x[(i + r2) % 32].clone();
        if shift && i + r3 >= 32 {
            xor2(p, q)
        } else {
            xor3(p, q, x[(i + r3) % 32].clone())
        }
    })
}

/// Bits of `Ch(e, f, g) = (e and f) xor (not e and g)` (degree 2).
pub fn ch<E: PrimeCharacteristicRing + Clone>(e: &[E; 32], f: &[E; 32], g: &[E; 32]) -> [E; 32] {
    std::array::from_fn(|i| e[i].clone() * (f[i].clone() - g[i].clone()) + g[i].clone())
}

/// Bits of `Maj(a, b, c)` (degree 3).
pub fn maj<E: PrimeCharacteristicRing + Clone>(a: &[E; 32], b: &[E; 32], c: &[E; 32]) -> [E; 32] {
    std::array::from_fn(|i| {
        let (x, y, z) = (a[i].clone(), b[i].clone(), c[i].clone());
        let xy = x.clone() * y.clone();
        x.clone() * z.clone() + y * z.clone() + xy.clone() - (xy * z).double()
    })
}

/// The low and high 16-bit limbs of a word given by its bits.
pub fn limbs<E: PrimeCharacteristicRing + Clone>(bits: &[E; 32]) -> [E; 2] {
    let half = |from: usize| {
        (0..16).fold(E::ZERO, |acc, i| {
            acc + bits[from + i].clone() * E::from_u32(1 << i)
        })
    };
    [half(0), half(16)]
}

/// A value of `n` bits from its bits (little-endian).
pub fn from_bits<E: PrimeCharacteristicRing + Clone>(bits: &[E]) -> E {
    bits.iter()
        .enumerate()
        .fold(E::ZERO, |acc, (i, b)| acc + b.clone() * E::from_u32(1 << i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compress;
    use trellis_stark::{PrimeField32, Val};

    fn bits(x: u32) -> [Val; 32] {
        std::array::from_fn(|i| Val::from_u32((x >> i) & 1))
    }
    fn word(b: &[Val; 32]) -> u32 {
        let [lo, hi] = limbs(b).map(|v| v.as_canonical_u32());
        lo | hi << 16
    }

    #[test]
    fn polynomials_match_the_word_functions() {
        let xs = [0u32, 0xffff_ffff, 0x1234_5678, 0x9abc_def0, 0xdead_beef];
        for &x in &xs {
            let b = bits(x);
            assert_eq!(word(&sigma(&b, 2, 13, 22, false)), compress::big_sigma0(x));
            assert_eq!(word(&sigma(&b, 6, 11, 25, false)), compress::big_sigma1(x));
            assert_eq!(word(&sigma(&b, 7, 18, 3, true)), compress::small_sigma0(x));
            assert_eq!(
                word(&sigma(&b, 17, 19, 10, true)),
                compress::small_sigma1(x)
            );
            for &y in &xs {
                for &z in &xs {
                    let (by, bz) = (bits(y), bits(z));
                    assert_eq!(word(&ch(&b, &by, &bz)), compress::ch(x, y, z));
                    assert_eq!(word(&maj(&b, &by, &bz)), compress::maj(x, y, z));
                }
            }
        }
    }
}
