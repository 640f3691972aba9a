//! Keys and proofs as users hold them, in versioned files: the STARK keys
//! of a segment, whose digest is the program id ([`ProgramId`]: it covers
//! the VM configuration, the parameters, every AIR, the program table, and
//! the bound entry pc and initial memory root), and a proof: the program id
//! it is for, the chain of segment proofs and what the run claims (exit
//! code, public output).
//!
//! Key files record the extensions of the VM they were made for, so loading
//! one under another configuration fails with both lists named
//! ([`SdkError::ConfigMismatch`]) rather than only a digest mismatch.

use crate::error::SdkError;
use serde::{Deserialize, Serialize};
use std::path::Path;
use trellis_isa::container::FileKind;
use trellis_isa::payload::decode_exact;
use trellis_stark::DynAir;
use trellis_vm::circuit::Claim;
use trellis_vm::prove::ProofError;
use trellis_vm::segment::SegmentProof;
use trellis_vm::{ProgramBinding, ProgramId};

/// Magic and version of verifying key files.
pub const VERIFYING_KEY_FILE: FileKind = FileKind {
    name: "Trellis verifying key",
    magic: *b"TRLSVKEY",
    // 4: the degree-5 challenge field.
    version: 4,
};
/// Magic and version of proving key files.
pub const PROVING_KEY_FILE: FileKind = FileKind {
    name: "Trellis proving key",
    magic: *b"TRLSPKEY",
    // 4: the degree-5 challenge field.
    version: 4,
};
/// Magic and version of proof files.
pub const PROOF_FILE: FileKind = FileKind {
    name: "Trellis proof",
    magic: *b"TRLSPROF",
    // 4: the degree-5 challenge field.
    version: 4,
};

/// What a verifier needs: the segment STARK verifying key, whose digest
/// (the program id) covers the VM configuration, the parameters, the
/// program's code, its entry pc and the Merkle root of its initial memory;
/// the last two are read back from the key's [`ProgramBinding`].
pub struct VerifyingKey {
    pub(crate) stark: trellis_stark::VerifyingKey<DynAir>,
    pub(crate) binding: ProgramBinding,
}

/// What a prover needs besides the program (the same program id).
pub struct ProvingKey {
    pub(crate) stark: trellis_stark::ProvingKey<DynAir>,
    pub(crate) binding: ProgramBinding,
}

/// A proof of a whole run: the program id it is for, one proof per
/// segment, in order, and the claim of the run they make together.
pub struct TrellisProof {
    /// The program the proof is for (checked against the verifying key's).
    pub program_id: ProgramId,
    /// Exit code, final pc and public output of the run (and the entry pc).
    pub claim: Claim,
    /// The segments, first to last.
    pub segments: Vec<SegmentProof>,
}

/// The key file payload: the extension names (for a readable error when the
/// key is loaded under another configuration) and the STARK key, which
/// holds the program binding under its digest. Public so that tools (and
/// the file tests) can read and write the format (docs/proving.md, "Files").
#[derive(Serialize, Deserialize)]
pub struct KeyPayload {
    /// Names of the configuration's extensions.
    pub extensions: Vec<String>,
    /// The STARK key's own file bytes.
    pub stark: Vec<u8>,
}

/// One segment's payload: its claim and the STARK proof's own bytes.
#[derive(Serialize, Deserialize)]
pub struct SegmentPayload {
    /// What the segment claims.
    pub claim: Claim,
    /// The STARK proof's own bytes.
    pub stark: Vec<u8>,
}

/// The payload of a proof file.
#[derive(Serialize, Deserialize)]
pub struct ProofPayload {
    /// The program the proof is for.
    pub program_id: ProgramId,
    /// The run's claim.
    pub claim: Claim,
    /// The segments, first to last.
    pub segments: Vec<SegmentPayload>,
}

/// Magic and version of one segment's proof file (a prover's work directory).
pub const SEGMENT_PROOF_FILE: FileKind = FileKind {
    name: "Trellis segment proof",
    magic: *b"TRLSSEGP",
    // 2: the degree-5 challenge field.
    version: 2,
};

/// Opens `kind`'s envelope and decodes its payload exactly (see
/// [`decode_exact`]); `what` names the value in errors.
fn decode<T: Serialize + for<'de> Deserialize<'de>>(
    kind: FileKind,
    what: &'static str,
    bytes: &[u8],
    path: &Path,
) -> Result<T, SdkError> {
    let payload = kind.open(bytes).map_err(|e| SdkError::File {
        path: path.into(),
        message: e.to_string(),
    })?;
    decode_exact(payload, what).map_err(|e| SdkError::File {
        path: path.into(),
        message: format!("{} file: {e}", kind.name),
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

/// A key file that does not load: the VM refusing the program is reported
/// as loading it would be; anything else names the file.
fn key_error(path: &Path, e: ProofError) -> SdkError {
    match e {
        ProofError::Program(e) => SdkError::PreDecode(e),
        e => SdkError::File {
            path: path.into(),
            message: e.to_string(),
        },
    }
}

/// What both keys tell about the program they were made for.
macro_rules! key_accessors {
    ($stark:ty) => {
        /// The program id: the key digest, covering the VM configuration,
        /// the parameters, every AIR, the program table, the entry pc and
        /// the initial memory.
        pub fn program_id(&self) -> ProgramId {
            ProgramId::from_digest(self.stark.digest())
        }

        /// Entry pc of the program the key was made for.
        pub fn entry_pc(&self) -> u32 {
            self.binding.entry_pc
        }

        /// Memory root of the program's initial state (zero registers, its image).
        pub fn initial_root(&self) -> [u32; 8] {
            self.binding.initial_root
        }

        /// Extensions of the VM the key was made for, in registration order.
        pub fn extensions(&self) -> Vec<String> {
            self.binding
                .extensions
                .iter()
                .map(|e| e.name.clone())
                .collect()
        }

        /// Everything the key binds beyond its AIRs and program table.
        pub fn binding(&self) -> &ProgramBinding {
            &self.binding
        }

        /// The STARK key of one segment.
        pub fn stark(&self) -> &$stark {
            &self.stark
        }
    };
}

impl VerifyingKey {
    key_accessors!(trellis_stark::VerifyingKey<DynAir>);

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
                extensions: self.extensions(),
                stark: self.stark.to_bytes(),
            },
        )
    }

    /// Reads a key file for `vm`'s configuration; `path` labels errors. A
    /// key made for other extensions is rejected naming both lists; a key
    /// whose bound entry pc or memory root was edited no longer hashes to
    /// its digest and is rejected.
    pub fn from_bytes(vm: &trellis_vm::Vm, bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let payload: KeyPayload = decode(VERIFYING_KEY_FILE, "verifying key", bytes, path)?;
        check_extensions(vm, &payload.extensions, path)?;
        let (stark, binding) = vm
            .read_segment_verifying_key(&payload.stark)
            .map_err(|e| key_error(path, e))?;
        Ok(Self { stark, binding })
    }
}

impl ProvingKey {
    key_accessors!(trellis_stark::ProvingKey<DynAir>);

    /// The verifying key of this proving key (the same program id), rebuilt for `vm`.
    pub fn verifying_key(&self, vm: &trellis_vm::Vm) -> Result<VerifyingKey, SdkError> {
        let (stark, binding) = vm
            .read_segment_verifying_key(&self.stark.verifying_key_bytes())
            .map_err(|e| key_error(Path::new("proving key"), e))?;
        Ok(VerifyingKey { stark, binding })
    }

    /// Proven and conjectured security of proofs made with this key.
    pub fn security(&self) -> &trellis_stark::SecurityLevel {
        self.stark.security()
    }

    /// The key as a file (parameters, binding and digest: the key data is
    /// rebuilt from the program on load).
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            PROVING_KEY_FILE,
            &KeyPayload {
                extensions: self.extensions(),
                stark: self.stark.to_bytes(),
            },
        )
    }

    /// Reads a key file made for `program` on `vm`: the program must pass
    /// the VM's load-time checks, and a key for another program (code,
    /// entry pc or initial memory), or for a VM with other extensions, is
    /// rejected.
    pub fn from_bytes(
        vm: &trellis_vm::Vm,
        program: &trellis_isa::Program,
        bytes: &[u8],
        path: &Path,
    ) -> Result<Self, SdkError> {
        let payload: KeyPayload = decode(PROVING_KEY_FILE, "proving key", bytes, path)?;
        check_extensions(vm, &payload.extensions, path)?;
        let (stark, binding) = vm
            .read_segment_proving_key(&payload.stark, program)
            .map_err(|e| key_error(path, e))?;
        Ok(Self { stark, binding })
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
    let payload: SegmentPayload = decode(SEGMENT_PROOF_FILE, "segment proof", bytes, path)?;
    segment_from_payload(payload, "the segment's", path)
}

/// Decodes the STARK proof nested in a segment's payload; `which` names
/// the segment in errors.
fn segment_from_payload(
    payload: SegmentPayload,
    which: &str,
    path: &Path,
) -> Result<SegmentProof, SdkError> {
    let proof = trellis_stark::Proof::from_bytes(&payload.stark).map_err(|e| SdkError::File {
        path: path.into(),
        message: format!("{which} STARK proof: {e}"),
    })?;
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
                program_id: self.program_id,
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
        let payload: ProofPayload = decode(PROOF_FILE, "proof", bytes, path)?;
        let segments = payload
            .segments
            .into_iter()
            .enumerate()
            .map(|(i, s)| segment_from_payload(s, &format!("segment {i}'s"), path))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            program_id: payload.program_id,
            claim: payload.claim,
            segments,
        })
    }
}
