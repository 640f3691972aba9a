//! The EVM-facing last layer: one node over a root proof, proven with the BN254 hash
//! family ([`Bn254Poseidon2`]).
//!
//! The root proof is hashed with Poseidon2 over BabyBear, which a BN254 pairing SNARK
//! could only re-hash by emulating BabyBear arithmetic (tens of thousands of constraints
//! a permutation). This layer re-proves the root's statement with Merkle trees and a
//! transcript over BN254 instead, so the SNARK that verifies it on a chain hashes
//! natively. Its program verifies the root proof with the root key as a constant
//! ([`Keying::Fixed`]) and states the root's [`Statement`] unchanged; its key depends only
//! on the configuration's root key, so one set of layer keys serves every program.

use trellis_stark::{Bn254Poseidon2, DynAir, Proof, ProofParams, ProvingKey, Val, VerifyingKey};

use super::node::{Child, Keying};
use super::record::{ChildShape, node_inputs, record_node};
use super::statement::Statement;
use super::verify::verify_node_proof;
use crate::air::{RecursionCircuit, RecursionProofError};
use crate::program::Program;
use crate::verifier::PreparedKey;

/// A proof of the EVM-facing layer.
pub type EvmLayerProof = Proof<Bn254Poseidon2>;

/// The layer's production parameters. Every query costs the SNARK that verifies the
/// proof a Merkle path per commitment and a hash of every opened row, so the layer uses a
/// large blowup (few queries); its trace is small (it verifies one root proof), so the
/// larger LDE costs little. Keygen checks the 100-bit proven bar on the real key.
pub const EVM_LAYER_PARAMS: ProofParams = {
    let p = ProofParams::production();
    ProofParams {
        log_blowup: 5,
        num_queries: 33,
        query_pow_bits: 20,
        ..p
    }
};

/// Parameters of the layer over trees proven with `params`: the test parameters for test
/// trees, [`EVM_LAYER_PARAMS`] otherwise.
pub fn evm_layer_params_for(params: &ProofParams) -> ProofParams {
    if params.is_insecure_test_params() {
        *params
    } else {
        EVM_LAYER_PARAMS
    }
}

/// The layer's program and keys for one root key.
pub struct EvmLayerKeys {
    /// The recorded program: verify one root proof of the root key, state its statement.
    pub program: Program,
    /// Its proving key (BN254 family).
    pub pk: ProvingKey<DynAir, Bn254Poseidon2>,
    /// Its verifying key (BN254 family): what the on-chain verifier is made from.
    pub vk: VerifyingKey<DynAir, Bn254Poseidon2>,
}

impl EvmLayerKeys {
    /// Records the layer's program for root proofs of `root_vk` with trace heights
    /// `root_log_heights` (fixed by the root program) and makes its keys with `params`.
    pub fn generate(
        root_vk: &VerifyingKey<DynAir>,
        root_log_heights: &[usize],
        params: &ProofParams,
    ) -> Result<Self, RecursionProofError> {
        let key = PreparedKey::new(root_vk)?;
        let shape = [ChildShape {
            is_segment: false,
            key: &key,
            log_trace_heights: root_log_heights.to_vec(),
        }];
        let program = record_node(&shape, Keying::Fixed)?;
        let (pk, vk) = RecursionCircuit::new(&program)?.keygen_for::<Bn254Poseidon2>(params)?;
        Ok(Self { program, pk, vk })
    }

    /// Proves the layer over `root_proof` (of the root key the keys were made for) and
    /// its `statement`; an error if the root proof does not verify (the program rejects).
    pub fn prove(
        &self,
        root_vk: &VerifyingKey<DynAir>,
        root_proof: &Proof,
        statement: &Statement,
    ) -> Result<EvmLayerProof, RecursionProofError> {
        let key = PreparedKey::new(root_vk)?;
        let values = statement.to_values();
        let child = Child::Aggregation {
            key: &key,
            proof: root_proof,
            statement: &values,
        };
        let keys_root = statement.keys_root.map(Val::new);
        let (inputs, failures) =
            node_inputs(&[child], statement.output_start, keys_root, Keying::Fixed)?;
        if !failures.is_empty() {
            return Err(RecursionProofError::Rejected(failures));
        }
        RecursionCircuit::new(&self.program)?.prove(&self.pk, &inputs)
    }

    /// Checks a layer proof against the statement it claims.
    pub fn verify(
        &self,
        proof: &EvmLayerProof,
        statement: &Statement,
    ) -> Result<(), RecursionProofError> {
        verify_node_proof(&self.vk, proof, statement)
    }
}
