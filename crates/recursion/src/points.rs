//! Points of two-adic domains selected by query-index bits.

use p3_field::{Field, PrimeCharacteristicRing, TwoAdicField};
use trellis_stark::Val;

use crate::backend::VerifierBackend;

/// `g^(rev(r, n))` where `g` generates the subgroup of order `2^n`, `r` is the integer
/// whose bits (least significant first) are `bits` (`n` of them) and `rev` reverses `n`
/// bits: the point a bit-reversed leaf index `r` stands for. With `inverse`, its inverse.
pub fn reversed_power<B: VerifierBackend>(b: &mut B, bits: &[B::F], inverse: bool) -> B::F {
    reversed_power_in(b, bits, bits.len(), inverse)
}

/// [`reversed_power`] for a subgroup of order `2^log_order` (`log_order ≥ bits.len()`):
/// `h^(rev(r, n))` with `h` of order `2^log_order`, i.e. the point of a leaf at a height
/// `2^n` inside a coset of a larger group.
pub fn reversed_power_in<B: VerifierBackend>(
    b: &mut B,
    bits: &[B::F],
    log_order: usize,
    inverse: bool,
) -> B::F {
    let n = bits.len();
    let mut h = Val::two_adic_generator(log_order);
    if inverse {
        h = h.inverse();
    }
    let one = b.constant(Val::ONE);
    let mut acc: Option<B::F> = None;
    for (j, bit) in bits.iter().enumerate() {
        let factor = b.constant(h.exp_power_of_2(n - 1 - j));
        let term = b.select(bit, &factor, &one);
        acc = Some(match acc {
            None => term,
            Some(a) => b.mul(&a, &term),
        });
    }
    acc.unwrap_or(one)
}

/// Concrete integer of little-endian `bits` (advice: restoring Merkle paths); `None`
/// where the backend holds no values.
pub fn bits_value<B: VerifierBackend>(b: &B, bits: &[B::F]) -> Option<usize> {
    bits.iter()
        .enumerate()
        .map(|(i, bit)| b.value(bit).map(|v| usize::from(v == Val::ONE) << i))
        .sum()
}
