//! Keys and proofs as users hold them, in versioned files: the STARK keys
//! of a segment plus what the verifier needs to know about the program (its
//! entry pc and the Merkle root of its initial memory), and a proof: the
//! chain of segment proofs with what the run claims (exit code, public
//! output).
//!
//! Key files record the extensions of the VM they were made for, so loading
//! one under another configuration fails with both lists named
//! ([`SdkError::ConfigMismatch`]) rather than only a digest mismatch.

use crate::error::SdkError;
use serde::{Deserialize, Serialize};
use std::path::Path;
use trellis_isa::container::FileKind;
use trellis_stark::DynAir;
use trellis_vm::circuit::Claim;
use trellis_vm::segment::SegmentProof;

/// Magic and version of verifying key files.
pub const VERIFYING_KEY_FILE: FileKind = FileKind {
    name: "Trellis verifying key",
    magic: *b"TRLSVKEY",
    version: 2,
};
/// Magic and version of proving key files.
pub const PROVING_KEY_FILE: FileKind = FileKind {
    name: "Trellis proving key",
    magic: *b"TRLSPKEY",
    version: 2,
};
/// Magic and version of proof files.
pub const PROOF_FILE: FileKind = FileKind {
    name: "Trellis proof",
    magic: *b"TRLSPROF",
    version: 2,
};

/// What a verifier needs: the segment STARK verifying key (which commits
/// to the VM configuration and the program's code), the program's entry pc
/// and the Merkle root of its initial memory.
pub struct VerifyingKey {
    /// The STARK key of one segment.
    pub stark: trellis_stark::VerifyingKey<DynAir>,
    /// Entry pc of the program the key was made for.
    pub entry_pc: u32,
    /// Memory root of the program's initial state (zero registers, its image).
    pub initial_root: [u32; 8],
    /// Extensions of the VM the key was made for ([`trellis_vm::VmConfig::extension_names`]).
    pub extensions: Vec<String>,
}

/// What a prover needs besides the program.
pub struct ProvingKey {
    /// The STARK key of one segment.
    pub stark: trellis_stark::ProvingKey<DynAir>,
    /// Entry pc of the program the key was made for.
    pub entry_pc: u32,
    /// Memory root of the program's initial state.
    pub initial_root: [u32; 8],
    /// Extensions of the VM the key was made for ([`trellis_vm::VmConfig::extension_names`]).
    pub extensions: Vec<String>,
}

/// A proof of a whole run: one proof per segment, in order, and the claim
/// of the run they make together.
pub struct TrellisProof {
    /// Exit code, final pc and public output of the run (and the entry pc).
    pub claim: Claim,
    /// The segments, first to last.
    pub segments: Vec<SegmentProof>,
}

#[derive(Serialize, Deserialize)]
struct KeyPayload {
    extensions: Vec<String>,
    entry_pc: u32,
    initial_root: [u32; 8],
    stark: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct SegmentPayload {
    claim: Claim,
    stark: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct ProofPayload {
    claim: Claim,
    segments: Vec<SegmentPayload>,
}

/// Magic and version of one segment's proof file (a prover's work directory).
pub const SEGMENT_PROOF_FILE: FileKind = FileKind {
    name: "Trellis segment proof",
    magic: *b"TRLSSEGP",
    version: 1,
};

fn decode<T: for<'de> Deserialize<'de>>(
    kind: FileKind,
    bytes: &[u8],
    path: &Path,
) -> Result<T, SdkError> {
    let payload = kind.open(bytes).map_err(|e| SdkError::File {
        path: path.into(),
        message: e.to_string(),
    })?;
    postcard::from_bytes(payload).map_err(|e| SdkError::File {
        path: path.into(),
        message: format!("malformed {} payload: {e}", kind.name),
    })
}

fn encode(kind: FileKind, payload: &impl Serialize) -> Vec<u8> {
    kind.seal(&postcard::to_allocvec(payload).expect("in-memory encoding cannot fail"))
}

/// The extension names of `vm`, as keys record them.
pub(crate) fn vm_extensions(vm: &trellis_vm::Vm) -> Vec<String> {
    vm.config()
        .extension_names()
        .into_iter()
        .map(String::from)
        .collect()
}

/// Rejects a key made for other extensions than `vm` has.
pub(crate) fn check_extensions(
    vm: &trellis_vm::Vm,
    key: &[String],
    path: &Path,
) -> Result<(), SdkError> {
    let current = vm_extensions(vm);
    if key == current.as_slice() {
        Ok(())
    } else {
        Err(SdkError::ConfigMismatch {
            path: path.into(),
            key: key.to_vec(),
            current,
        })
    }
}

fn stark_error(path: &Path, e: trellis_stark::FileError) -> SdkError {
    SdkError::File {
        path: path.into(),
        message: e.to_string(),
    }
}

impl VerifyingKey {
    /// Proven and conjectured security of proofs checked with this key
    /// (p3-security, from the key's AIRs at the largest shape it accepts).
    pub fn security(&self) -> &trellis_stark::SecurityLevel {
        self.stark.security()
    }

    /// The key as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            VERIFYING_KEY_FILE,
            &KeyPayload {
                extensions: self.extensions.clone(),
                entry_pc: self.entry_pc,
                initial_root: self.initial_root,
                stark: self.stark.to_bytes(),
            },
        )
    }

    /// Reads a key file for `vm`'s configuration; `path` labels errors. A
    /// key made for other extensions is rejected naming both lists.
    pub fn from_bytes(vm: &trellis_vm::Vm, bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let payload: KeyPayload = decode(VERIFYING_KEY_FILE, bytes, path)?;
        check_extensions(vm, &payload.extensions, path)?;
        let stark = vm
            .read_segment_verifying_key(&payload.stark)
            .map_err(|e| stark_error(path, e))?;
        Ok(Self {
            stark,
            entry_pc: payload.entry_pc,
            initial_root: payload.initial_root,
            extensions: payload.extensions,
        })
    }
}

impl ProvingKey {
    /// Proven and conjectured security of proofs made with this key.
    pub fn security(&self) -> &trellis_stark::SecurityLevel {
        self.stark.security()
    }

    /// The key as a file (parameters and digest: the key data is rebuilt from the program on load).
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            PROVING_KEY_FILE,
            &KeyPayload {
                extensions: self.extensions.clone(),
                entry_pc: self.entry_pc,
                initial_root: self.initial_root,
                stark: self.stark.to_bytes(),
            },
        )
    }

    /// Reads a key file made for `program` on `vm`; a key for another
    /// program, or for a VM with other extensions, is rejected.
    pub fn from_bytes(
        vm: &trellis_vm::Vm,
        program: &trellis_isa::Program,
        bytes: &[u8],
        path: &Path,
    ) -> Result<Self, SdkError> {
        let payload: KeyPayload = decode(PROVING_KEY_FILE, bytes, path)?;
        check_extensions(vm, &payload.extensions, path)?;
        let stark =
            trellis_stark::ProvingKey::from_bytes(&payload.stark, vm.segment_airs(Some(program)))
                .map_err(|e| stark_error(path, e))?;
        let initial_root = trellis_vm::segment::prove::initial_memory_root(program);
        if payload.entry_pc != program.entry_pc || payload.initial_root != initial_root {
            return Err(SdkError::File {
                path: path.into(),
                message:
                    "the key was made for another program (entry pc or initial memory differs)"
                        .into(),
            });
        }
        Ok(Self {
            stark,
            entry_pc: payload.entry_pc,
            initial_root,
            extensions: payload.extensions,
        })
    }
}

/// One segment proof as a file (checksummed: a corrupted file is detected).
pub fn segment_proof_to_bytes(segment: &SegmentProof) -> Vec<u8> {
    encode(
        SEGMENT_PROOF_FILE,
        &SegmentPayload {
            claim: segment.claim.clone(),
            stark: segment.proof.to_bytes(),
        },
    )
}

/// Reads a segment proof file; `path` labels errors. Only the encoding is checked.
pub fn segment_proof_from_bytes(bytes: &[u8], path: &Path) -> Result<SegmentProof, SdkError> {
    let payload: SegmentPayload = decode(SEGMENT_PROOF_FILE, bytes, path)?;
    segment_from_payload(payload, path)
}

fn segment_from_payload(payload: SegmentPayload, path: &Path) -> Result<SegmentProof, SdkError> {
    let proof =
        trellis_stark::Proof::from_bytes(&payload.stark).map_err(|e| stark_error(path, e))?;
    Ok(SegmentProof {
        claim: payload.claim,
        proof,
    })
}

impl TrellisProof {
    /// The proof as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            PROOF_FILE,
            &ProofPayload {
                claim: self.claim.clone(),
                segments: self
                    .segments
                    .iter()
                    .map(|s| SegmentPayload {
                        claim: s.claim.clone(),
                        stark: s.proof.to_bytes(),
                    })
                    .collect(),
            },
        )
    }

    /// Reads a proof file; `path` labels errors. Only the encoding is checked here.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let payload: ProofPayload = decode(PROOF_FILE, bytes, path)?;
        let segments = payload
            .segments
            .into_iter()
            .map(|s| segment_from_payload(s, path))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            claim: payload.claim,
            segments,
        })
    }
}
