//! The recursion program: the recorded operations with what they need to be run and
//! identified (slot counts, input counts, check descriptions, the key shape), its bytes,
//! its digest, and a structural check.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use trellis_stark::{Proof, StarkAir, Val};

use crate::error::RecursionVerifyError;
use crate::ir::Op;
use crate::placeholder::placeholder_proof;
use crate::recording::RecordingBackend;
use crate::verifier::{PreparedKey, verify_with};

/// Version of the program format (bumped with any change to [`Op`] or its meaning;
/// 2: extension slots hold degree-5 values; 3: allowlist entries bind their keys' proof
/// heights).
pub const PROGRAM_VERSION: u32 = 3;

/// Domain separator of [`Program::digest`].
const DIGEST_TAG: &[u8] = b"trellis-recursion-program";

/// A straight-line program that verifies one segment proof of a given key shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// [`PROGRAM_VERSION`] of the recording.
    pub version: u32,
    /// Digest of the verifying key the program verifies proofs of.
    pub key_digest: [u8; 32],
    /// The trace heights (log2, one per AIR) of the proofs it verifies.
    pub log_trace_heights: Vec<usize>,
    /// Base-field slots, numbered `0..num_base_slots`.
    pub num_base_slots: u32,
    /// Extension slots, numbered `0..num_ext_slots`.
    pub num_ext_slots: u32,
    /// Length of the proof-value stream the program reads.
    pub num_proof_values: u32,
    /// Number of public values it reads.
    pub num_public_values: u32,
    /// Descriptions of the checks, by [`crate::ir::MessageId`].
    pub messages: Vec<String>,
    /// The operations, in order.
    pub ops: Vec<Op>,
}

/// Records the program that verifies proofs of `key` with the trace heights
/// `log_trace_heights`, from the key alone (the verifier runs on a placeholder proof).
pub fn record_program<A: StarkAir>(
    key: &PreparedKey<'_, A>,
    log_trace_heights: &[usize],
) -> Result<Program, RecursionVerifyError> {
    let (proof, public_values) = placeholder_proof(key, log_trace_heights)?;
    record_with_proof(key, &proof, &public_values)
}

/// Records the program while running the verifier on `proof`: its values are never read,
/// so this equals [`record_program`] for the proof's heights (what tests check).
pub fn record_with_proof<A: StarkAir>(
    key: &PreparedKey<'_, A>,
    proof: &Proof,
    public_values: &[Vec<Val>],
) -> Result<Program, RecursionVerifyError> {
    let mut b = RecordingBackend::new();
    verify_with(&mut b, key, proof, public_values)?;
    Ok(b.finish(key.key().digest(), proof.log_trace_heights().to_vec()))
}

impl Program {
    /// The program's bytes (postcard).
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("postcard encoding to memory cannot fail")
    }

    /// Reads a program from its bytes and checks its structure ([`Program::validate`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, RecursionVerifyError> {
        let program: Program = postcard::from_bytes(bytes)
            .map_err(|e| RecursionVerifyError::Program(format!("undecodable program: {e}")))?;
        program.validate()?;
        Ok(program)
    }

    /// SHA-256 of a domain tag and [`Program::to_bytes`]: what identifies the program
    /// (and, later, the aggregation key built from it).
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(DIGEST_TAG);
        h.update(self.to_bytes());
        h.finalize().into()
    }

    /// Checks the structure: the version; every slot in range, defined by exactly one
    /// operation and read only after it; every proof value loaded exactly once; public
    /// values and messages in range.
    pub fn validate(&self) -> Result<(), RecursionVerifyError> {
        let err = |m: String| Err(RecursionVerifyError::Program(m));
        if self.version != PROGRAM_VERSION {
            return err(format!(
                "program version {} (this verifier runs version {PROGRAM_VERSION})",
                self.version
            ));
        }
        let mut written = [
            vec![false; self.num_base_slots as usize],
            vec![false; self.num_ext_slots as usize],
        ];
        let mut loaded = vec![false; self.num_proof_values as usize];
        for (k, op) in self.ops.iter().enumerate() {
            let mut problem: Option<String> = None;
            op.visit(
                |ext, s| {
                    if !written[usize::from(ext)]
                        .get(s as usize)
                        .copied()
                        .unwrap_or(false)
                    {
                        problem.get_or_insert(format!("reads slot {s} before it is defined"));
                    }
                },
                |_, _| {},
            );
            op.visit(
                |_, _| {},
                |ext, s| match written[usize::from(ext)].get_mut(s as usize) {
                    Some(w) if !*w => *w = true,
                    Some(_) => {
                        problem.get_or_insert(format!("defines slot {s} a second time"));
                    }
                    None => {
                        problem.get_or_insert(format!("slot {s} out of range"));
                    }
                },
            );
            let what = match op {
                Op::AssertEq { what, .. }
                | Op::AssertEqExt { what, .. }
                | Op::AssertZero { what, .. }
                | Op::AssertZeroExt { what, .. }
                | Op::Fail { what } => Some(*what),
                _ => None,
            };
            if what.is_some_and(|w| w as usize >= self.messages.len()) {
                problem.get_or_insert("message out of range".into());
            }
            let stream = match op {
                Op::LoadProof { index, .. } => Some((*index, 1)),
                Op::LoadProofExt { index, .. } => Some((*index, crate::backend::EXT_DEGREE)),
                _ => None,
            };
            if let Some((index, len)) = stream {
                for i in index as usize..index as usize + len {
                    match loaded.get_mut(i) {
                        Some(l) if !*l => *l = true,
                        _ => {
                            problem.get_or_insert(format!(
                                "proof value {i} loaded twice or out of range"
                            ));
                        }
                    }
                }
            }
            if let Op::Public { index, .. } = op
                && *index >= self.num_public_values
            {
                problem.get_or_insert(format!("public value {index} out of range"));
            }
            if let Some(p) = problem {
                return err(format!("operation {k} ({}): {p}", op.kind_name()));
            }
        }
        for (kind, w) in ["base", "extension"].iter().zip(&written) {
            if let Some(s) = w.iter().position(|w| !w) {
                return err(format!("{kind} slot {s} is never defined"));
            }
        }
        if let Some(i) = loaded.iter().position(|l| !l) {
            return err(format!("proof value {i} is never loaded"));
        }
        Ok(())
    }
}
