//! [`ChainKeys`]: the Groth16 keys of the chain circuit for one EVM-layer key, and proving
//! and checking chain proofs with them.
//!
//! The setup is circuit-specific and made by this project's own code from an RNG the
//! caller supplies: whoever runs it knows the toxic waste and could forge proofs, so a
//! deployment must run it once, on a machine it trusts, and throw the RNG state away
//! (docs/evm.md). A multi-party ceremony is future work.

use ark_bn254::Bn254;
use ark_groth16::{Groth16, PreparedVerifyingKey, ProvingKey, VerifyingKey};
use ark_relations::r1cs::{ConstraintSystem, SynthesisMode};
use ark_snark::SNARK;
use ark_std::rand::{CryptoRng, RngCore};
use trellis_recursion::PreparedKey;
use trellis_recursion::aggregate::{ChainStatement, EvmLayerKeys, EvmLayerProof};
use trellis_snark::{ChainProofCircuit, Fr, commitment_inputs};

use super::proof::ChainProof;
use crate::error::{EvmError, Result};

/// The chain circuit's Groth16 keys.
pub struct ChainKeys {
    /// The proving key.
    pub pk: ProvingKey<Bn254>,
    /// The verifying key: what the generated Solidity verifier holds.
    pub vk: VerifyingKey<Bn254>,
}

fn circuit_error(what: &str, e: impl std::fmt::Display) -> EvmError {
    EvmError::InvalidInput(format!("{what}: {e}"))
}

/// Runs `f` on the chain circuit over `layer_proof` (of `layer`) stating `statement`.
fn with_circuit<T>(
    layer: &EvmLayerKeys,
    layer_proof: &EvmLayerProof,
    statement: &ChainStatement,
    f: impl FnOnce(ChainProofCircuit<'_>) -> Result<T>,
) -> Result<T> {
    let key = PreparedKey::new(&layer.vk).map_err(|e| circuit_error("layer key", e))?;
    let pv = layer.public_values(statement);
    f(ChainProofCircuit {
        key: &key,
        proof: layer_proof,
        public_values: &pv,
        commitment: statement.commitment(),
    })
}

impl ChainKeys {
    /// Runs the Groth16 setup for the circuit over `layer`'s proofs. The circuit's shape is
    /// that of `layer_proof` (any proof of the layer: its shape is fixed by the layer's
    /// program) with statement `statement`.
    pub fn setup<R: RngCore + CryptoRng>(
        layer: &EvmLayerKeys,
        layer_proof: &EvmLayerProof,
        statement: &ChainStatement,
        rng: &mut R,
    ) -> Result<Self> {
        with_circuit(layer, layer_proof, statement, |circuit| {
            let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(circuit, rng)
                .map_err(|e| circuit_error("Groth16 setup", e))?;
            Ok(Self { pk, vk })
        })
    }

    /// Proves that `layer_proof` (of `layer`) verifies against `statement`. The circuit is
    /// checked first, so a proof or statement it rejects is reported by name
    /// ([`EvmError::InvalidInput`]) rather than as an unsatisfied system.
    pub fn prove<R: RngCore + CryptoRng>(
        &self,
        layer: &EvmLayerKeys,
        layer_proof: &EvmLayerProof,
        statement: &ChainStatement,
        rng: &mut R,
    ) -> Result<ChainProof> {
        let groth16 = with_circuit(layer, layer_proof, statement, |circuit| {
            // A check only: the matrices are not kept (Groth16 synthesizes again).
            let cs = ConstraintSystem::<Fr>::new_ref();
            cs.set_mode(SynthesisMode::Prove {
                construct_matrices: false,
            });
            let (failures, _) = circuit
                .synthesize(cs)
                .map_err(|e| circuit_error("the chain circuit", e))?;
            if !failures.is_empty() {
                return Err(EvmError::InvalidInput(format!(
                    "the chain circuit rejects this layer proof: {}",
                    failures.join("; ")
                )));
            }
            Groth16::<Bn254>::prove(&self.pk, circuit, rng)
                .map_err(|e| circuit_error("Groth16 proving", e))
        })?;
        Ok(ChainProof {
            groth16,
            exit_code: statement.exit_code,
        })
    }

    /// Checks `proof` for the run of program `program_id` with `public_output`, as
    /// `TrellisVerifier.verify` does on chain.
    pub fn verify(
        &self,
        proof: &ChainProof,
        program_id: &[u8; 32],
        public_output: &[u8],
    ) -> Result<()> {
        if public_output.len() > trellis_recursion::aggregate::CHAIN_OUTPUT_CAPACITY {
            return Err(EvmError::InvalidInput(format!(
                "a public output of {} bytes is over the chain capacity",
                public_output.len()
            )));
        }
        let commitment = trellis_recursion::aggregate::chain_commitment(
            program_id,
            proof.exit_code,
            public_output,
        );
        let pvk: PreparedVerifyingKey<Bn254> = Groth16::<Bn254>::process_vk(&self.vk)
            .map_err(|e| circuit_error("verifying key", e))?;
        let ok = Groth16::<Bn254>::verify_with_processed_vk(
            &pvk,
            &commitment_inputs(&commitment),
            &proof.groth16,
        )
        .map_err(|e| circuit_error("Groth16 verification", e))?;
        if ok {
            Ok(())
        } else {
            Err(EvmError::InvalidInput(
                "the chain proof does not verify for this program id and output".into(),
            ))
        }
    }
}
