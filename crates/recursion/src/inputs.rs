//! The inputs of a recursion program for one proof: the proof-value stream its
//! [`crate::ir::Op::LoadProof`]s read and the public values its [`crate::ir::Op::Public`]s
//! read, made by running the verifier on concrete values and logging what it loads
//! (restored Merkle paths included: the prover's advice).

use trellis_stark::{Proof, StarkAir, Val};

use crate::error::RecursionVerifyError;
use crate::native::NativeBackend;
use crate::verifier::{PreparedKey, verify_with};

/// The values a recursion program reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgramInputs {
    /// The proof-value stream (an extension value as its four coordinates, `X⁰` first).
    pub proof_values: Vec<Val>,
    /// The public values, every AIR's in order.
    pub public_values: Vec<Val>,
}

impl ProgramInputs {
    /// The inputs for verifying `proof` against `key` and `public_values`. Fails where the
    /// proof's shape does not fit the key (there is no program input of that shape); a
    /// proof that fits but is false still has inputs, which the program rejects.
    pub fn from_proof<A: StarkAir>(
        key: &PreparedKey<'_, A>,
        proof: &Proof,
        public_values: &[Vec<Val>],
    ) -> Result<Self, RecursionVerifyError> {
        let mut b = NativeBackend::logging_inputs();
        verify_with(&mut b, key, proof, public_values)?;
        Ok(b.take_inputs())
    }
}
