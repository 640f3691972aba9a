//! Why the generic verifier rejected a proof.

use thiserror::Error;

/// A proof the verifier does not accept.
#[derive(Debug, Error)]
pub enum RecursionVerifyError {
    /// The checks `trellis-stark` makes before the STARK (key digest, counts, heights, bus
    /// bounds) failed.
    #[error(transparent)]
    Stark(#[from] trellis_stark::VerifyError),
    /// The proof's shape does not fit the key (counts and widths of opened values, FRI
    /// rounds, queries, Merkle paths): there is no verifier of this shape to run.
    #[error("malformed proof: {0}")]
    Shape(String),
    /// The key uses a feature this verifier does not implement yet.
    #[error("unsupported by the generic verifier: {0}")]
    Unsupported(String),
    /// A recursion program that is malformed, or whose inputs or key do not fit it.
    #[error("recursion program: {0}")]
    Program(String),
    /// The verifier ran to its end and these checks failed (first one first).
    #[error("rejected: {} ({} failed checks in all)", .0[0], .0.len())]
    Rejected(Vec<String>),
}

/// Shorthand for a shape error.
pub(crate) fn shape(msg: impl Into<String>) -> RecursionVerifyError {
    RecursionVerifyError::Shape(msg.into())
}
