//! Keys and proofs as users hold them: the STARK keys and proof plus what the
//! verifier needs to know about the program (its entry pc) and what the
//! proof claims (exit code, public output), in versioned files.
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
    version: 1,
};

/// What a verifier needs: the STARK verifying key (which commits to the VM
/// configuration and the program) and the program's entry pc.
pub struct VerifyingKey {
    /// The STARK key.
    pub stark: trellis_stark::VerifyingKey<DynAir>,
    /// Entry pc of the program the key was made for.
    pub entry_pc: u32,
    /// Extensions of the VM the key was made for ([`trellis_vm::VmConfig::extension_names`]).
    pub extensions: Vec<String>,
}

/// What a prover needs besides the program.
pub struct ProvingKey {
    /// The STARK key.
    pub stark: trellis_stark::ProvingKey<DynAir>,
    /// Entry pc of the program the key was made for.
    pub entry_pc: u32,
    /// Extensions of the VM the key was made for ([`trellis_vm::VmConfig::extension_names`]).
    pub extensions: Vec<String>,
}

/// A proof together with the claim it proves.
pub struct TrellisProof {
    /// Exit code and public output of the run (and the entry pc).
    pub claim: Claim,
    /// The STARK proof.
    pub stark: trellis_stark::Proof,
}

#[derive(Serialize, Deserialize)]
struct KeyPayload {
    extensions: Vec<String>,
    entry_pc: u32,
    stark: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct ProofPayload {
    claim: Claim,
    stark: Vec<u8>,
}

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
    /// The key as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            VERIFYING_KEY_FILE,
            &KeyPayload {
                extensions: self.extensions.clone(),
                entry_pc: self.entry_pc,
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
            .read_verifying_key(&payload.stark)
            .map_err(|e| stark_error(path, e))?;
        Ok(Self {
            stark,
            entry_pc: payload.entry_pc,
            extensions: payload.extensions,
        })
    }
}

impl ProvingKey {
    /// The key as a file (parameters and digest: the key data is rebuilt from the program on load).
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            PROVING_KEY_FILE,
            &KeyPayload {
                extensions: self.extensions.clone(),
                entry_pc: self.entry_pc,
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
        let stark = trellis_stark::ProvingKey::from_bytes(&payload.stark, vm.airs(Some(program)))
            .map_err(|e| stark_error(path, e))?;
        Ok(Self {
            stark,
            entry_pc: payload.entry_pc,
            extensions: payload.extensions,
        })
    }
}

impl TrellisProof {
    /// The proof as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(
            PROOF_FILE,
            &ProofPayload {
                claim: self.claim.clone(),
                stark: self.stark.to_bytes(),
            },
        )
    }

    /// Reads a proof file; `path` labels errors. Only the encoding is checked here.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let payload: ProofPayload = decode(PROOF_FILE, bytes, path)?;
        let stark =
            trellis_stark::Proof::from_bytes(&payload.stark).map_err(|e| stark_error(path, e))?;
        Ok(Self {
            claim: payload.claim,
            stark,
        })
    }
}
