//! What the EVM-facing layer states: a finished run of one program, in the form a contract
//! checks with SHA-256 alone.
//!
//! A root [`Statement`] commits to the run's public output with the output chain (Poseidon2
//! over BabyBear, one permutation a byte), which a contract cannot recompute cheaply. The
//! layer's program therefore re-absorbs the output bytes themselves from the empty chain
//! to the root's stated end and states the bytes ([`CHAIN_OUTPUT_CAPACITY`] of them, zero
//! past the length), next to what names the program and the exit code. The pairing SNARK
//! over the layer hashes those values into one SHA-256 digest, [`ChainStatement::commitment`],
//! its only public input (two 128-bit halves); a contract recomputes it from the program id,
//! the exit code and the output it is given.

use p3_field::{PrimeCharacteristicRing, PrimeField32};
use sha2::{Digest, Sha256};
use trellis_stark::Val;

use super::output_chain::{self, OUTPUT_CAPACITY};
use super::statement::{DIGEST_LIMBS, STATE_LEN, Statement};
use super::verify::RootError;

/// Output bytes the layer states (the whole public output a run may reveal).
pub const CHAIN_OUTPUT_CAPACITY: usize = OUTPUT_CAPACITY;

/// Public values of the layer: digest limbs, program commitment, entry pc, initial root,
/// exit code bytes, output length, output bytes.
pub const CHAIN_STATEMENT_LEN: usize =
    DIGEST_LIMBS + STATE_LEN + 1 + STATE_LEN + 4 + 1 + CHAIN_OUTPUT_CAPACITY;

/// A finished run of one program as the EVM-facing layer states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainStatement {
    /// The program's key digest.
    pub program_digest: [u8; 32],
    /// The program's preprocessed commitment (its program table).
    pub program_commitment: [u32; STATE_LEN],
    /// The pc the run starts at (the program's entry point).
    pub entry_pc: u32,
    /// The memory root the run starts from (the program's initial memory).
    pub initial_root: [u32; STATE_LEN],
    /// The exit code.
    pub exit_code: u32,
    /// The public output (at most [`CHAIN_OUTPUT_CAPACITY`] bytes).
    pub public_output: Vec<u8>,
}

impl ChainStatement {
    /// The chain statement of a root statement and the output it commits to; an error
    /// unless the root states a finished run whose output chain starts empty and ends at
    /// the commitment of `public_output`.
    pub fn of(root: &Statement, public_output: &[u8]) -> Result<Self, RootError> {
        if !root.terminated {
            return Err(RootError::Unfinished);
        }
        if root.output_start != output_chain::EMPTY_STATE {
            return Err(RootError::Output("the output chain does not start empty"));
        }
        if root.output_len as usize != public_output.len()
            || public_output.len() > CHAIN_OUTPUT_CAPACITY
        {
            return Err(RootError::Output("length"));
        }
        if root.output_end != output_chain::commit(public_output) {
            return Err(RootError::Output("bytes"));
        }
        Ok(Self {
            program_digest: root.program_digest,
            program_commitment: root.program_commitment,
            entry_pc: root.start_pc,
            initial_root: root.start_root,
            exit_code: root.exit_code,
            public_output: public_output.to_vec(),
        })
    }

    /// The layer's public values ([`CHAIN_STATEMENT_LEN`] of them).
    pub fn to_values(&self) -> Vec<Val> {
        let mut v = Vec::with_capacity(CHAIN_STATEMENT_LEN);
        v.extend(
            self.program_digest
                .chunks_exact(2)
                .map(|l| Val::from_u16(u16::from_le_bytes([l[0], l[1]]))),
        );
        v.extend(self.program_commitment.map(Val::from_u32));
        v.push(Val::from_u32(self.entry_pc));
        v.extend(self.initial_root.map(Val::from_u32));
        v.extend(self.exit_code.to_le_bytes().map(Val::from_u8));
        v.push(Val::from_usize(self.public_output.len()));
        v.extend(self.public_output.iter().map(|&b| Val::from_u8(b)));
        v.resize(CHAIN_STATEMENT_LEN, Val::ZERO);
        v
    }

    /// The program id a contract pins: SHA-256 of the key digest, the program commitment
    /// (eight little-endian u32), the entry pc (little-endian u32) and the initial memory
    /// root (eight little-endian u32).
    pub fn program_id(&self) -> [u8; 32] {
        program_id(
            &self.program_digest,
            &self.program_commitment,
            self.entry_pc,
            &self.initial_root,
        )
    }

    /// What the SNARK states: SHA-256 of the program id, the exit code (big-endian u32),
    /// the output length (big-endian u32) and the output padded with zeros to
    /// [`CHAIN_OUTPUT_CAPACITY`] bytes.
    pub fn commitment(&self) -> [u8; 32] {
        chain_commitment(&self.program_id(), self.exit_code, &self.public_output)
    }
}

/// [`ChainStatement::program_id`] of a program's identity.
pub fn program_id(
    digest: &[u8; 32],
    commitment: &[u32; STATE_LEN],
    entry_pc: u32,
    initial_root: &[u32; STATE_LEN],
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(digest);
    commitment.iter().for_each(|w| h.update(w.to_le_bytes()));
    h.update(entry_pc.to_le_bytes());
    initial_root.iter().for_each(|w| h.update(w.to_le_bytes()));
    h.finalize().into()
}

/// [`ChainStatement::commitment`] from its parts (what a contract computes).
pub fn chain_commitment(program_id: &[u8; 32], exit_code: u32, output: &[u8]) -> [u8; 32] {
    let mut padded = output.to_vec();
    padded.resize(CHAIN_OUTPUT_CAPACITY.max(output.len()), 0);
    let mut h = Sha256::new();
    h.update(program_id);
    h.update(exit_code.to_be_bytes());
    h.update((output.len() as u32).to_be_bytes());
    h.update(&padded);
    h.finalize().into()
}

/// Checks that values decode as a chain statement (limbs and bytes in range).
pub fn chain_statement_from_values(values: &[Val]) -> Option<ChainStatement> {
    if values.len() != CHAIN_STATEMENT_LEN {
        return None;
    }
    let u = |i: usize| values[i].as_canonical_u32();
    let mut program_digest = [0u8; 32];
    for k in 0..DIGEST_LIMBS {
        let limb = u16::try_from(u(k)).ok()?;
        program_digest[2 * k..2 * k + 2].copy_from_slice(&limb.to_le_bytes());
    }
    let state = |at: usize| std::array::from_fn(|k| u(at + k));
    let mut at = DIGEST_LIMBS;
    let program_commitment = state(at);
    at += STATE_LEN;
    let entry_pc = u(at);
    let initial_root = state(at + 1);
    at += 1 + STATE_LEN;
    let mut exit = [0u8; 4];
    for (k, e) in exit.iter_mut().enumerate() {
        *e = u8::try_from(u(at + k)).ok()?;
    }
    at += 4;
    let len = u(at) as usize;
    at += 1;
    if len > CHAIN_OUTPUT_CAPACITY {
        return None;
    }
    let bytes: Vec<u8> = (0..CHAIN_OUTPUT_CAPACITY)
        .map(|k| u8::try_from(u(at + k)).ok())
        .collect::<Option<_>>()?;
    if bytes[len..].iter().any(|&b| b != 0) {
        return None;
    }
    Some(ChainStatement {
        program_digest,
        program_commitment,
        entry_pc,
        initial_root,
        exit_code: u32::from_le_bytes(exit),
        public_output: bytes[..len].to_vec(),
    })
}
