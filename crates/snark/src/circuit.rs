//! [`StarkVerifierCircuit`]: a Groth16 circuit (BN254) that verifies one STARK proof of the
//! BN254 hash family, by running the project's verifier ([`verify_with`], the same code
//! as the host and recursion verifiers) on [`R1csBackend`].
//!
//! The verified proof's public values are the circuit's public inputs (one per value, in
//! AIR order). Everything else about the proof is a private witness. The circuit's shape
//! depends only on the key and the proof's trace heights, so a setup made from any proof of
//! one shape serves every proof of that shape.

use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use trellis_recursion::verifier::{PreparedKey, verify_with};
use trellis_stark::{Bn254Poseidon2, DynAir, Proof, Val};

use crate::Fr;
use crate::backend::R1csBackend;

/// The verification of `proof` against `key` with `public_values` (one vector per AIR).
#[derive(Clone, Copy)]
pub struct StarkVerifierCircuit<'a> {
    /// The verifying key, prepared (its AIRs' constraints).
    pub key: &'a PreparedKey<'a, DynAir, Bn254Poseidon2>,
    /// The proof.
    pub proof: &'a Proof<Bn254Poseidon2>,
    /// Its public values (the circuit's public inputs).
    pub public_values: &'a [Vec<Val>],
}

impl StarkVerifierCircuit<'_> {
    /// Synthesizes the circuit on `cs` and returns the constraints each verifier phase
    /// added (for cost reports).
    pub fn phase_costs(
        &self,
        cs: ConstraintSystemRef<Fr>,
    ) -> Result<Vec<(&'static str, usize)>, SynthesisError> {
        let mut b = R1csBackend::new(cs);
        verify_with(&mut b, self.key, self.proof, self.public_values)
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        Ok(b.phase_costs())
    }

    /// The circuit's public inputs, in allocation order: every public value as a BN254
    /// scalar.
    pub fn public_inputs(&self) -> Vec<Fr> {
        self.public_values
            .iter()
            .flatten()
            .map(|&v| crate::convert::babybear_to_fr(v))
            .collect()
    }
}

impl ConstraintSynthesizer<Fr> for StarkVerifierCircuit<'_> {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let proving = !cs.is_in_setup_mode();
        let mut b = R1csBackend::new(cs);
        verify_with(&mut b, self.key, self.proof, self.public_values)
            .map_err(|_| SynthesisError::Unsatisfiable)?;
        let failures = b.finish()?;
        if proving && !failures.is_empty() {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(())
    }
}
