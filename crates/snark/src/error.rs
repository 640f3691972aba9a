//! The crate's error type.

use ark_relations::r1cs::SynthesisError;

/// Why a gadget could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SnarkError {
    /// The constraint system failed (a missing assignment, an unsatisfiable constant check).
    #[error("constraint synthesis failed: {0}")]
    Synthesis(#[from] SynthesisError),
    /// `sample_bits` asked for more bits than a BabyBear challenge carries uniformly.
    #[error("cannot sample {requested} bits from a BabyBear challenge (at most {max})")]
    TooManyBits {
        /// Bits asked for.
        requested: usize,
        /// The largest bit count Plonky3 accepts (`2^bits < p`).
        max: usize,
    },
}

impl From<SnarkError> for SynthesisError {
    /// Inside `ConstraintSynthesizer::generate_constraints`, a parameter error makes the
    /// circuit unsatisfiable.
    fn from(e: SnarkError) -> Self {
        match e {
            SnarkError::Synthesis(s) => s,
            SnarkError::TooManyBits { .. } => SynthesisError::Unsatisfiable,
        }
    }
}
