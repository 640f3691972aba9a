//! The backend of concrete values: the verifier run on BabyBear numbers.

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_field::{BasedVectorSpace, Field, PrimeCharacteristicRing, PrimeField32};
use p3_symmetric::Permutation;
use trellis_stark::{Challenge, Val};

use crate::backend::{EXT_DEGREE, VerifierBackend, WIDTH};
use crate::inputs::ProgramInputs;

/// Computes every operation on concrete values and keeps the failed checks; optionally
/// logs the proof and public values it loads (the inputs of the recursion program).
pub struct NativeBackend {
    perm: Poseidon2BabyBear<WIDTH>,
    failures: Vec<String>,
    inputs: Option<ProgramInputs>,
}

impl Default for NativeBackend {
    fn default() -> Self {
        Self::new()
    }
}

impl NativeBackend {
    /// A backend with no failed check yet.
    pub fn new() -> Self {
        Self {
            perm: default_babybear_poseidon2_16(),
            failures: Vec::new(),
            inputs: None,
        }
    }

    /// A backend that also logs every proof value and public value it loads, in order:
    /// the input streams of the recorded program ([`NativeBackend::take_inputs`]).
    pub fn logging_inputs() -> Self {
        Self {
            inputs: Some(ProgramInputs::default()),
            ..Self::new()
        }
    }

    /// The logged inputs (empty unless made with [`NativeBackend::logging_inputs`]).
    pub fn take_inputs(&mut self) -> ProgramInputs {
        self.inputs.take().unwrap_or_default()
    }

    /// The failed checks, in the order they were made (empty: the proof is accepted).
    pub fn failures(&self) -> &[String] {
        &self.failures
    }
}

impl VerifierBackend for NativeBackend {
    type F = Val;
    type EF = Challenge;

    fn constant(&mut self, c: Val) -> Val {
        c
    }
    fn constant_ext(&mut self, c: Challenge) -> Challenge {
        c
    }
    fn witness(&mut self, v: Val) -> Val {
        if let Some(log) = &mut self.inputs {
            log.proof_values.push(v);
        }
        v
    }
    fn witness_ext(&mut self, v: Challenge) -> Challenge {
        if let Some(log) = &mut self.inputs {
            log.proof_values
                .extend_from_slice(v.as_basis_coefficients_slice());
        }
        v
    }
    fn public_input(&mut self, v: Val) -> Val {
        if let Some(log) = &mut self.inputs {
            log.public_values.push(v);
        }
        v
    }

    fn add(&mut self, a: &Val, b: &Val) -> Val {
        *a + *b
    }
    fn sub(&mut self, a: &Val, b: &Val) -> Val {
        *a - *b
    }
    fn mul(&mut self, a: &Val, b: &Val) -> Val {
        *a * *b
    }
    fn inverse(&mut self, a: &Val, what: &'static str) -> Val {
        a.try_inverse().unwrap_or_else(|| {
            self.failures.push(what.to_string());
            Val::ZERO
        })
    }

    fn ext_add(&mut self, a: &Challenge, b: &Challenge) -> Challenge {
        *a + *b
    }
    fn ext_sub(&mut self, a: &Challenge, b: &Challenge) -> Challenge {
        *a - *b
    }
    fn ext_mul(&mut self, a: &Challenge, b: &Challenge) -> Challenge {
        *a * *b
    }
    fn ext_mul_base(&mut self, a: &Challenge, b: &Val) -> Challenge {
        *a * *b
    }
    fn ext_add_base(&mut self, a: &Challenge, b: &Val) -> Challenge {
        *a + *b
    }
    fn ext_inverse(&mut self, a: &Challenge, what: &'static str) -> Challenge {
        a.try_inverse().unwrap_or_else(|| {
            self.failures.push(what.to_string());
            Challenge::ZERO
        })
    }
    fn ext_from_base(&mut self, a: &Val) -> Challenge {
        Challenge::from(*a)
    }
    fn ext_from_coeffs(&mut self, c: [Val; EXT_DEGREE]) -> Challenge {
        Challenge::from_basis_coefficients_fn(|i| c[i])
    }
    fn ext_to_coeffs(&mut self, a: &Challenge) -> [Val; EXT_DEGREE] {
        let c = a.as_basis_coefficients_slice();
        core::array::from_fn(|i| c[i])
    }

    fn permute(&mut self, state: [Val; WIDTH]) -> [Val; WIDTH] {
        self.perm.permute(state)
    }

    fn low_bits(&mut self, x: &Val, n: usize) -> Vec<Val> {
        let v = x.as_canonical_u32();
        (0..n)
            .map(|i| Val::from_bool(i < 32 && (v >> i) & 1 == 1))
            .collect()
    }
    fn select(&mut self, bit: &Val, if_one: &Val, if_zero: &Val) -> Val {
        if bit.is_zero() { *if_zero } else { *if_one }
    }
    fn select_ext(&mut self, bit: &Val, if_one: &Challenge, if_zero: &Challenge) -> Challenge {
        if bit.is_zero() { *if_zero } else { *if_one }
    }

    fn reduced_opening_row(
        &mut self,
        alpha_powers: &[Challenge],
        row: &[Val],
        sum_at_z: &Challenge,
        x: &Val,
        z: &Challenge,
    ) -> Challenge {
        let sum_at_x: Challenge = alpha_powers.iter().zip(row).map(|(&a, &v)| a * v).sum();
        let quotient =
            self.ext_inverse(&(*z - *x), "an opening point equals a query point (z = x)");
        (*sum_at_z - sum_at_x) * quotient
    }

    fn assert_eq(&mut self, a: &Val, b: &Val, what: &'static str) {
        if a != b {
            self.failures.push(what.to_string());
        }
    }
    fn assert_eq_ext(&mut self, a: &Challenge, b: &Challenge, what: &'static str) {
        if a != b {
            self.failures.push(what.to_string());
        }
    }
    fn reject(&mut self, what: String) {
        self.failures.push(what);
    }

    fn value(&self, x: &Val) -> Option<Val> {
        Some(*x)
    }
}
