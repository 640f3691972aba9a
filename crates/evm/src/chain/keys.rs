//! [`ChainKeys`]: the Groth16 keys of the chain circuit for one EVM-layer key, and proving
//! and checking chain proofs with them.
//!
//! The setup is circuit-specific and made by this project's own code from an RNG the
//! caller supplies: whoever runs it knows the toxic waste and could forge proofs, so a
//! deployment must run it once, on a machine it trusts, and throw the RNG state away
//! (docs/evm.md). A multi-party ceremony is future work.

use ark_bn254::Bn254;
use ark_ff::UniformRand;
use ark_groth16::{Groth16, PreparedVerifyingKey, ProvingKey, VerifyingKey};
use ark_relations::r1cs::{ConstraintMatrices, ConstraintSystem, OptimizationGoal, SynthesisMode};
use ark_snark::SNARK;
use ark_std::rand::{CryptoRng, RngCore};
use trellis_recursion::PreparedKey;
use trellis_recursion::aggregate::{ChainStatement, EvmLayerProof, layer_public_values};
use trellis_snark::{ChainProofCircuit, Fr, commitment_inputs};
use trellis_stark::{Bn254Poseidon2, DynAir};

use super::memory::release_freed_memory;
use super::proof::ChainProof;
use super::setup::setup_from_matrices;
use crate::error::{EvmError, Result};

/// The chain circuit's Groth16 keys, and its constraint matrices (what proving needs
/// besides a witness: kept so that a prover never synthesizes the constraints, the memory
/// peak of Groth16 proving; [`super::matrices`]).
pub struct ChainKeys {
    /// The proving key.
    pub pk: ProvingKey<Bn254>,
    /// The verifying key: what the generated Solidity verifier holds.
    pub vk: VerifyingKey<Bn254>,
    /// The circuit's constraint matrices.
    pub matrices: ConstraintMatrices<Fr>,
}

/// The EVM layer's verifying key (BN254 hash family): what fixes the chain circuit.
pub type LayerVerifyingKey = trellis_stark::VerifyingKey<DynAir, Bn254Poseidon2>;

fn circuit_error(what: &str, e: impl std::fmt::Display) -> EvmError {
    EvmError::InvalidInput(format!("{what}: {e}"))
}

/// Runs `f` on the chain circuit over `layer_proof` (of the layer key `layer_vk`) stating
/// `statement`.
fn with_circuit<T>(
    layer_vk: &LayerVerifyingKey,
    layer_proof: &EvmLayerProof,
    statement: &ChainStatement,
    f: impl FnOnce(ChainProofCircuit<'_>) -> Result<T>,
) -> Result<T> {
    let key = PreparedKey::new(layer_vk).map_err(|e| circuit_error("layer key", e))?;
    let pv = layer_public_values(layer_vk, statement);
    f(ChainProofCircuit {
        key: &key,
        proof: layer_proof,
        public_values: &pv,
        commitment: statement.commitment(),
    })
}

/// The constraint matrices of `circuit`, from a synthesis without witness whose
/// constraint system is dropped before they are used (arkworks' generator keeps it, with
/// its symbolic linear combinations, through the whole setup).
fn constraint_matrices(circuit: &ChainProofCircuit<'_>) -> Result<ConstraintMatrices<Fr>> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    // As arkworks' prover and generator: inline every symbolic linear combination.
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    circuit
        .synthesize(cs.clone())
        .map_err(|e| circuit_error("the chain circuit", e))?;
    cs.finalize();
    cs.to_matrices()
        .ok_or_else(|| EvmError::InvalidInput("the chain circuit made no matrices".into()))
}

/// The full assignment of `circuit` (`1`, the public inputs, then the witnesses), from a
/// synthesis that records no constraints. A proof or statement the circuit rejects is
/// reported by the name of the failed check ([`EvmError::InvalidInput`]).
fn assignment(circuit: &ChainProofCircuit<'_>) -> Result<Vec<Fr>> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: false,
    });
    let (failures, _) = circuit
        .synthesize(cs.clone())
        .map_err(|e| circuit_error("the chain circuit", e))?;
    if !failures.is_empty() {
        return Err(EvmError::InvalidInput(format!(
            "the chain circuit rejects this layer proof: {}",
            failures.join("; ")
        )));
    }
    let inner = cs.into_inner().ok_or_else(|| {
        EvmError::InvalidInput("the chain circuit's system is still shared".into())
    })?;
    let mut assignment = inner.instance_assignment;
    assignment.extend_from_slice(&inner.witness_assignment);
    Ok(assignment)
}

impl ChainKeys {
    /// Runs the Groth16 setup for the circuit over proofs of the layer key `layer_vk`. The
    /// circuit's shape is that of `layer_proof` (any proof of the layer: its shape is fixed
    /// by the layer's program) with statement `statement`. Only the layer's verifying key
    /// is needed: callers can drop its proving key first.
    pub fn setup<R: RngCore + CryptoRng>(
        layer_vk: &LayerVerifyingKey,
        layer_proof: &EvmLayerProof,
        statement: &ChainStatement,
        rng: &mut R,
    ) -> Result<Self> {
        // What the caller's earlier phases (the layer's proving) freed goes back first.
        release_freed_memory();
        with_circuit(layer_vk, layer_proof, statement, |circuit| {
            let matrices = constraint_matrices(&circuit)?;
            release_freed_memory();
            let pk = setup_from_matrices(&matrices, rng)?;
            Ok(Self {
                vk: pk.vk.clone(),
                pk,
                matrices,
            })
        })
    }

    /// Proves that `layer_proof` (of the layer key `layer_vk`) verifies against `statement`. A proof or
    /// statement the circuit rejects is reported by the name of the failed check, keys of
    /// another circuit as such, and a proof that came out invalid anyway (an unsatisfied
    /// constraint no check names) is refused rather than returned: every error is
    /// [`EvmError::InvalidInput`].
    pub fn prove<R: RngCore + CryptoRng>(
        &self,
        layer_vk: &LayerVerifyingKey,
        layer_proof: &EvmLayerProof,
        statement: &ChainStatement,
        rng: &mut R,
    ) -> Result<ChainProof> {
        release_freed_memory();
        let groth16 = with_circuit(layer_vk, layer_proof, statement, |circuit| {
            self.check_fits()?;
            let assignment = assignment(&circuit)?;
            release_freed_memory();
            let m = &self.matrices;
            if assignment.len() != m.num_instance_variables + m.num_witness_variables {
                return Err(EvmError::InvalidInput(format!(
                    "the chain key's constraint matrices are for another circuit ({} \
                     variables; this circuit has {})",
                    m.num_instance_variables + m.num_witness_variables,
                    assignment.len()
                )));
            }
            let r = Fr::rand(rng);
            let s = Fr::rand(rng);
            Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
                &self.pk,
                r,
                s,
                m,
                m.num_instance_variables,
                m.num_constraints,
                &assignment,
            )
            .map_err(|e| circuit_error("Groth16 proving", e))
        })?;
        let proof = ChainProof {
            groth16,
            exit_code: statement.exit_code,
        };
        self.verify(&proof, &statement.program_id(), &statement.public_output)
            .map_err(|_| {
                EvmError::InvalidInput(
                    "the chain proof came out invalid: the circuit is not satisfied by this \
                     layer proof and statement"
                        .into(),
                )
            })?;
        Ok(proof)
    }

    /// Refuses a proving key made for another system than the matrices (their sizes
    /// differ), which would make an invalid proof or stop the prover.
    fn check_fits(&self) -> Result<()> {
        let matrices = &self.matrices;
        let instance = matrices.num_instance_variables;
        let variables = instance + matrices.num_witness_variables;
        let fits = self.pk.a_query.len() == variables
            && self.pk.b_g1_query.len() == variables
            && self.pk.b_g2_query.len() == variables
            && self.pk.l_query.len() == matrices.num_witness_variables
            && self.pk.vk.gamma_abc_g1.len() == instance
            && self.pk.h_query.len() + 1
                == (matrices.num_constraints + instance).next_power_of_two();
        if fits {
            Ok(())
        } else {
            Err(EvmError::InvalidInput(format!(
                "the chain key was made for another circuit ({} variables in its proving key, \
                 {variables} in this circuit)",
                self.pk.a_query.len()
            )))
        }
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
