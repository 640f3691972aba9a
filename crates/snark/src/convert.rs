//! Conversions between Plonky3's field types and arkworks' [`Fr`] (both BN254's scalar field).

use ark_bn254::Fr;
use ark_ff::{BigInteger, PrimeField as _};
use num_bigint::BigUint;
use p3_baby_bear::BabyBear;
use p3_bn254::Bn254;
use p3_field::{PrimeField, PrimeField32};

/// The arkworks element equal to a Plonky3 [`Bn254`] element.
pub fn bn254_to_fr(x: Bn254) -> Fr {
    Fr::from_le_bytes_mod_order(&x.as_canonical_biguint().to_bytes_le())
}

/// The Plonky3 [`Bn254`] element equal to an arkworks [`Fr`].
pub fn fr_to_bn254(x: Fr) -> Bn254 {
    let n = BigUint::from_bytes_le(&x.into_bigint().to_bytes_le());
    // A canonical Fr has at most four 64-bit digits, so `from_biguint` always succeeds.
    Bn254::from_biguint(n).unwrap_or_default()
}

/// The canonical integer of an [`Fr`].
pub fn fr_to_biguint(x: Fr) -> BigUint {
    BigUint::from_bytes_le(&x.into_bigint().to_bytes_le())
}

/// The [`Fr`] congruent to `n` (reduced modulo BN254's scalar field order).
pub fn biguint_to_fr(n: &BigUint) -> Fr {
    Fr::from_le_bytes_mod_order(&n.to_bytes_le())
}

/// The canonical integer of a BabyBear element, as an [`Fr`].
pub fn babybear_to_fr(x: BabyBear) -> Fr {
    Fr::from(x.as_canonical_u32())
}
