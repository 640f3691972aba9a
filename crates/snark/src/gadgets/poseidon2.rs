//! The Poseidon2-BN254 width-3 permutation as a gadget over native `Fr` variables, equal to
//! [`crate::poseidon2_bn254()`]: 240 constraints (3 per S-box `x⁵`: `x²`, `x⁴`, `x⁵`;
//! 8 full rounds × 3 S-boxes + 56 partial rounds × 1). The linear layers and round constants
//! are free (linear combinations).

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::SynthesisError;
use p3_bn254::{BN254_POSEIDON2_HALF_FULL_ROUNDS, BN254_POSEIDON2_PARTIAL_ROUNDS_3};

use crate::convert::bn254_to_fr;
use crate::poseidon2_bn254::round_constants;

/// `x⁵` (3 constraints unless `x` is constant).
fn sbox(x: &FpVar<Fr>) -> FpVar<Fr> {
    let x2 = x * x;
    let x4 = &x2 * &x2;
    &x4 * x
}

/// Plonky3's width-3 external linear layer: `[2 1 1; 1 2 1; 1 1 2]`.
fn external_linear(s: &mut [FpVar<Fr>; 3]) {
    let sum = &s[0] + &s[1] + &s[2];
    for x in s.iter_mut() {
        *x += &sum;
    }
}

/// Plonky3's width-3 internal linear layer: `1 + diag(1, 1, 2)`.
fn internal_linear(s: &mut [FpVar<Fr>; 3]) {
    let sum = &s[0] + &s[1] + &s[2];
    s[0] += &sum;
    s[1] += &sum;
    s[2] = &s[2] + &s[2] + &sum;
}

/// The round constants as `Fr` (converted once).
fn round_constants_fr() -> &'static [[Fr; 3]; 64] {
    static RC: OnceLock<[[Fr; 3]; 64]> = OnceLock::new();
    RC.get_or_init(|| round_constants().map(|row| row.map(bn254_to_fr)))
}

/// The permutation of `state` (240 constraints).
pub fn poseidon2_permute(state: &[FpVar<Fr>; 3]) -> Result<[FpVar<Fr>; 3], SynthesisError> {
    let rc = round_constants_fr();
    let half = BN254_POSEIDON2_HALF_FULL_ROUNDS;
    let partial_end = half + BN254_POSEIDON2_PARTIAL_ROUNDS_3;
    let full_round = |s: &mut [FpVar<Fr>; 3], row: usize| {
        for (x, c) in s.iter_mut().zip(rc[row]) {
            *x = sbox(&(&*x + c));
        }
        external_linear(s);
    };
    let mut s = state.clone();
    external_linear(&mut s);
    for row in 0..half {
        full_round(&mut s, row);
    }
    for row in rc.iter().take(partial_end).skip(half) {
        s[0] = sbox(&(&s[0] + row[0]));
        internal_linear(&mut s);
    }
    for row in partial_end..rc.len() {
        full_round(&mut s, row);
    }
    Ok(s)
}
