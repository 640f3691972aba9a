//! The checks of a root proof that only the program's key can make, after the STARK.

use thiserror::Error;

use super::output_chain;
use super::statement::Statement;
use super::tree::NodeProof;
use crate::air::RecursionProofError;
use trellis_stark::{BaseAir, DynAir, Proof, Val, VerifyingKey};

/// What a verified root proof says about the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunStatement {
    /// The pc of the instruction that exited.
    pub final_pc: u32,
    /// The exit code.
    pub exit_code: u32,
    /// The run's public output.
    pub public_output: Vec<u8>,
}

/// Why a root proof does not prove a run of the program.
#[derive(Debug, Error)]
pub enum RootError {
    /// The STARK of the root proof does not verify.
    #[error("the aggregation proof does not verify: {0}")]
    Proof(#[from] RecursionProofError),
    /// The proof was not made with the configuration's root key.
    #[error("the aggregation proof was not made with this configuration's root aggregation key")]
    UnknownKey,
    /// The proof is of another program.
    #[error("the aggregation proof is of another program (key digest differs)")]
    OtherProgram,
    /// The run does not start at the program's entry or initial memory.
    #[error("the aggregated run does not start at the program's {0}")]
    WrongStart(&'static str),
    /// The last segment did not terminate.
    #[error("the aggregated run is incomplete: its last segment does not end with exit")]
    Unfinished,
    /// The public output does not match the proof's output chain.
    #[error("the public output does not match the aggregation proof ({0})")]
    Output(&'static str),
}

/// Verifies the root `proof` as a complete run of the program whose segment key has
/// digest `program_digest`, entry pc `entry_pc` and initial memory root `initial_root`,
/// with the public output `public_output`.
pub fn verify_root(
    proof: &NodeProof,
    program_digest: [u8; 32],
    entry_pc: u32,
    initial_root: [u32; 8],
    public_output: &[u8],
) -> Result<RunStatement, RootError> {
    verify_node_proof(&proof.keys.vk, &proof.proof, &proof.statement)?;
    check_statement(
        &proof.statement,
        program_digest,
        entry_pc,
        initial_root,
        public_output,
    )
}

/// Verifies an aggregation proof made with `vk` against `statement` (the STARK only):
/// the statement is the public values of the key's one AIR that has any (the public
/// table).
pub fn verify_node_proof<H: trellis_stark::HashFamily>(
    vk: &VerifyingKey<DynAir, H>,
    proof: &Proof<H>,
    statement: &Statement,
) -> Result<(), RecursionProofError> {
    let values = statement.to_values();
    let public_values: Vec<Vec<Val>> = vk
        .airs()
        .iter()
        .map(|a| {
            if <DynAir as BaseAir<Val>>::num_public_values(a) > 0 {
                values.clone()
            } else {
                Vec::new()
            }
        })
        .collect();
    Ok(trellis_stark::verify(vk, proof, &public_values)?)
}

/// The statement checks of [`verify_root`] (after the STARK).
pub fn check_statement(
    s: &Statement,
    program_digest: [u8; 32],
    entry_pc: u32,
    initial_root: [u32; 8],
    public_output: &[u8],
) -> Result<RunStatement, RootError> {
    if s.program_digest != program_digest {
        return Err(RootError::OtherProgram);
    }
    if s.start_pc != entry_pc {
        return Err(RootError::WrongStart("entry pc"));
    }
    if s.start_root != initial_root {
        return Err(RootError::WrongStart("initial memory"));
    }
    if !s.terminated {
        return Err(RootError::Unfinished);
    }
    if s.output_start != output_chain::EMPTY_STATE {
        return Err(RootError::Output("the output chain does not start empty"));
    }
    if s.output_len as usize != public_output.len() {
        return Err(RootError::Output("length"));
    }
    if s.output_end != output_chain::commit(public_output) {
        return Err(RootError::Output("bytes"));
    }
    Ok(RunStatement {
        final_pc: s.end_pc,
        exit_code: s.exit_code,
        public_output: public_output.to_vec(),
    })
}

/// What the root verifier knows of a program: its segment key's digest (the program
/// id), preprocessed commitment, entry pc and initial memory root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramIdentity {
    /// The segment key's digest.
    pub digest: [u8; 32],
    /// The segment key's preprocessed commitment (one cap root).
    pub commitment: [u32; 8],
    /// The program's entry pc.
    pub entry_pc: u32,
    /// Memory root of its initial state.
    pub initial_root: [u32; 8],
}

impl ProgramIdentity {
    /// The identity of the program of segment key `vk` with entry `entry_pc` and initial
    /// memory root `initial_root` (the program binding of the key).
    pub fn of(vk: &VerifyingKey<DynAir>, entry_pc: u32, initial_root: [u32; 8]) -> Self {
        let roots = crate::KeyInputs::of(vk).preprocessed_roots;
        Self {
            digest: vk.digest(),
            commitment: roots.first().map_or([0; 8], |r| {
                r.map(|v| p3_field::PrimeField32::as_canonical_u32(&v))
            }),
            entry_pc,
            initial_root,
        }
    }
}

/// Verifies a root proof made with the configuration's aggregation keys `keys` as a
/// complete run of `program` with the public output `public_output`: the proof's key
/// must be the keys' root key (a leaf or internal proof is not a root proof), its
/// statement must name their allowlist and the program's key, and describe a complete
/// run of it.
pub fn verify_root_with_keys(
    keys: &super::tree::AggregationKeys,
    proof: &Proof,
    statement: &Statement,
    program: &ProgramIdentity,
    public_output: &[u8],
) -> Result<RunStatement, RootError> {
    verify_root_with(
        &keys.root.vk,
        keys.keys_root(),
        proof,
        statement,
        program,
        public_output,
    )
}

/// [`verify_root_with_keys`] given only what it uses of the keys: the root key
/// `root_vk` and the allowlist root `keys_root` ([`super::RootVerifierKey`]).
pub fn verify_root_with(
    root_vk: &VerifyingKey<DynAir>,
    keys_root: [u32; 8],
    proof: &Proof,
    statement: &Statement,
    program: &ProgramIdentity,
    public_output: &[u8],
) -> Result<RunStatement, RootError> {
    if proof.key_digest() != root_vk.digest() {
        return Err(RootError::UnknownKey);
    }
    verify_node_proof(root_vk, proof, statement)?;
    if statement.keys_root != keys_root {
        return Err(RootError::UnknownKey);
    }
    if statement.program_commitment != program.commitment {
        return Err(RootError::OtherProgram);
    }
    check_statement(
        statement,
        program.digest,
        program.entry_pc,
        program.initial_root,
        public_output,
    )
}
