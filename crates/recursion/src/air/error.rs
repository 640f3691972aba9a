//! Why a recursion proof could not be made or was rejected.

use thiserror::Error;

use crate::error::RecursionVerifyError;

/// A failure of the recursion circuit's keygen, prover or verifier.
#[derive(Debug, Error)]
pub enum RecursionProofError {
    /// The program is malformed or uses operations no table covers yet.
    #[error(transparent)]
    Program(#[from] RecursionVerifyError),
    /// The program rejects its inputs: there is no proof of this execution.
    #[error("the recursion program rejects its inputs: {} ({} failed checks in all)", .0[0], .0.len())]
    Rejected(Vec<String>),
    /// Keygen failed.
    #[error(transparent)]
    Keygen(#[from] trellis_stark::KeygenError),
    /// The STARK prover failed.
    #[error(transparent)]
    Prove(#[from] trellis_stark::ProveError),
    /// The STARK verifier rejected the proof.
    #[error(transparent)]
    Verify(#[from] trellis_stark::VerifyError),
}
