//! [`ChainProofCircuit`]: the Groth16 circuit a chain checks. It verifies one proof of the
//! EVM-facing layer (BN254 hash family) and exposes only the SHA-256
//! [chain commitment](trellis_recursion::aggregate::ChainStatement::commitment) of what
//! that proof states, as two public inputs (its high and low 128 bits).
//!
//! A Groth16 verification costs an elliptic-curve multiplication per public input
//! (about 6,000 gas each); the layer states 1,063 values (program identity, exit code,
//! 1,024 output bytes), so passing them through would cost millions of gas. The circuit
//! takes them as private witnesses instead, feeds the same variables to the verifier, and
//! hashes them with SHA-256 in the circuit ([`crate::gadgets::sha256`]) exactly as
//! [`chain_commitment`](trellis_recursion::aggregate::chain_commitment) does; a contract
//! recomputes that digest from the program id, exit code and output it is handed (the
//! SHA-256 precompile, a few hundred gas), so the proof binds them.

use ark_ff::PrimeField;
use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use trellis_recursion::VerifierBackend;
use trellis_recursion::aggregate::{CHAIN_OUTPUT_CAPACITY, CHAIN_STATEMENT_LEN};
use trellis_recursion::verifier::{PreparedKey, verify_with_publics};
use trellis_stark::{Bn254Poseidon2, DynAir, Proof, Val};

use crate::Fr;
use crate::backend::R1csBackend;
use crate::gadgets::{BabyBearVar, pack_bits, sha256};

/// Key-digest limbs (16 bits each) at the start of a chain statement.
const DIGEST_LIMBS: usize = 16;
/// Words of a program commitment or memory root.
const STATE_LEN: usize = 8;

/// Constraints added per phase, in order.
pub type PhaseCosts = Vec<(&'static str, usize)>;

/// The verification of an EVM-layer proof whose statement hashes to a public commitment.
#[derive(Clone, Copy)]
pub struct ChainProofCircuit<'a> {
    /// The EVM layer's verifying key, prepared.
    pub key: &'a PreparedKey<'a, DynAir, Bn254Poseidon2>,
    /// The layer proof.
    pub proof: &'a Proof<Bn254Poseidon2>,
    /// The layer's public values per AIR: the chain statement's values for every AIR that
    /// has public values, none for the others (private witnesses of the circuit).
    pub public_values: &'a [Vec<Val>],
    /// The chain commitment those values hash to (the circuit's public statement).
    pub commitment: [u8; 32],
}

/// The two public inputs of a chain commitment: its first and last 16 bytes, each read
/// as a big-endian integer (below 2¹²⁸, so a BN254 scalar).
pub fn commitment_inputs(commitment: &[u8; 32]) -> [Fr; 2] {
    [
        Fr::from_be_bytes_mod_order(&commitment[..16]),
        Fr::from_be_bytes_mod_order(&commitment[16..]),
    ]
}

impl ChainProofCircuit<'_> {
    /// The circuit's public inputs ([`commitment_inputs`] of the commitment).
    pub fn public_inputs(&self) -> Vec<Fr> {
        commitment_inputs(&self.commitment).to_vec()
    }

    /// Synthesizes the circuit on `cs`; returns the failed checks (known when `cs` holds
    /// witness values) and the constraints each phase added.
    pub fn synthesize(
        &self,
        cs: ConstraintSystemRef<Fr>,
    ) -> Result<(Vec<String>, PhaseCosts), SynthesisError> {
        let mut b = R1csBackend::new(cs.clone());
        b.phase("statement witnesses");
        let template = self
            .public_values
            .iter()
            .find(|pv| !pv.is_empty())
            .ok_or(SynthesisError::Unsatisfiable)?;
        if template.len() != CHAIN_STATEMENT_LEN
            || self
                .public_values
                .iter()
                .any(|pv| !pv.is_empty() && pv != template)
        {
            return Err(SynthesisError::Unsatisfiable);
        }
        // One set of variables serves every AIR that has public values, so they all
        // verify against the same statement.
        let values: Vec<BabyBearVar> = template.iter().map(|&v| b.witness(v)).collect();
        let publics: Vec<Vec<BabyBearVar>> = self
            .public_values
            .iter()
            .map(|pv| {
                if pv.is_empty() {
                    Vec::new()
                } else {
                    values.clone()
                }
            })
            .collect();
        verify_with_publics(&mut b, self.key, self.proof, &publics, None)
            .map_err(|_| SynthesisError::Unsatisfiable)?;

        b.phase("chain commitment (SHA-256)");
        let commitment = chain_commitment_gadget(&values)?;
        let inputs = commitment_inputs(&self.commitment);
        let mut mismatch = false;
        for (half, input) in commitment.chunks(16).zip(inputs) {
            let public = FpVar::new_input(cs.clone(), || Ok(input))?;
            // The half as a big-endian integer: bits least significant first.
            let bits: Vec<Boolean<Fr>> = half.iter().rev().flatten().cloned().collect();
            let stated = pack_bits(&bits)?;
            mismatch |= !cs.is_in_setup_mode() && stated.value()? != input;
            stated.enforce_equal(&public)?;
        }
        if mismatch {
            b.record("the proof's statement does not hash to the commitment");
        }
        let costs = b.phase_costs();
        Ok((b.finish()?, costs))
    }
}

impl ConstraintSynthesizer<Fr> for ChainProofCircuit<'_> {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let proving = !cs.is_in_setup_mode();
        let (failures, _) = self.synthesize(cs)?;
        if proving && !failures.is_empty() {
            return Err(SynthesisError::Unsatisfiable);
        }
        Ok(())
    }
}

/// A byte as its 8 bits, least significant first.
type ByteBits = Vec<Boolean<Fr>>;

/// The low `n_bytes` bytes of a canonical value (least significant first), with every
/// higher bit forced to zero (so a value of `8·n_bytes` bits or more leaves the system
/// unsatisfied).
fn le_bytes(v: &BabyBearVar, n_bytes: usize) -> Result<Vec<ByteBits>, SynthesisError> {
    let bits = v.to_bits()?;
    let keep = (8 * n_bytes).min(bits.len());
    let high = pack_bits(&bits[keep..])?;
    high.enforce_equal(&FpVar::zero())?;
    let mut padded = bits[..keep].to_vec();
    padded.resize(8 * n_bytes, Boolean::FALSE);
    Ok(padded.chunks(8).map(<[_]>::to_vec).collect())
}

/// SHA-256, in the circuit, of a chain statement's values laid out as
/// [`trellis_recursion::aggregate::chain_commitment`] lays them out: program id (SHA-256 of
/// key digest, commitment, entry pc, initial root, little-endian), exit code and length
/// (big-endian), the output bytes.
fn chain_commitment_gadget(values: &[BabyBearVar]) -> Result<Vec<ByteBits>, SynthesisError> {
    let mut at = 0;
    let mut take = |n: usize| {
        let slice = &values[at..at + n];
        at += n;
        slice
    };
    let digest = take(DIGEST_LIMBS);
    let commitment = take(STATE_LEN);
    let entry_pc = take(1);
    let initial_root = take(STATE_LEN);
    let exit = take(4);
    let len = take(1);
    let output = take(CHAIN_OUTPUT_CAPACITY);

    let mut identity = Vec::new();
    for limb in digest {
        identity.extend(le_bytes(limb, 2)?);
    }
    for word in commitment.iter().chain(entry_pc).chain(initial_root) {
        identity.extend(le_bytes(word, 4)?);
    }
    let program_id = sha256(&identity)?;

    let mut message = program_id;
    // The exit code's bytes are stated least significant first; the commitment takes it
    // big-endian.
    let mut exit_bytes = Vec::new();
    for byte in exit {
        exit_bytes.extend(le_bytes(byte, 1)?);
    }
    message.extend(exit_bytes.into_iter().rev());
    message.extend(le_bytes(&len[0], 4)?.into_iter().rev());
    for byte in output {
        message.extend(le_bytes(byte, 1)?);
    }
    sha256(&message)
}
