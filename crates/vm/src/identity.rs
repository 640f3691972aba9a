//! Program identity: the one digest that names a program for every
//! consumer (a contract, an aggregation layer, a user who pins it).
//!
//! A key's STARK digest already covers the proof parameters, every AIR
//! (shape, constraints, bus interactions) and the preprocessed commitment
//! (the program table). Keygen binds into it, as [`ProgramBinding`], what
//! the AIRs do not show: the VM configuration (extension names and
//! versions, in registration order), the entry pc and the Merkle root of
//! the initial memory. The resulting digest is the [`ProgramId`]; it seeds
//! the Fiat–Shamir transcript, so a proof made under one id never verifies
//! under another, and a key file whose entry pc or root was edited no
//! longer hashes to its digest.

use crate::extension::Vm;
use crate::segment::prove::initial_memory_root;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use trellis_isa::Program;

/// Version tag at the start of every encoded [`ProgramBinding`].
pub const BINDING_TAG: &str = "trellis program binding v1";

/// The program id: the digest of a key made for one program on one VM
/// configuration with one set of proof parameters (see the [module docs](self)).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProgramId(pub [u8; 32]);

impl ProgramId {
    /// The id of the key with STARK digest `digest`.
    pub fn from_digest(digest: [u8; 32]) -> Self {
        Self(digest)
    }

    /// Lowercase hex, 64 characters.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Display for ProgramId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl std::fmt::Debug for ProgramId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProgramId({})", self.to_hex())
    }
}

/// One extension of a VM configuration, as a program id covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionId {
    /// [`crate::VmExtension::name`].
    pub name: String,
    /// [`crate::VmExtension::version`].
    pub version: u32,
}

/// What a key binds into its digest beyond the AIRs and the program table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramBinding {
    /// The VM's extensions, in registration order.
    pub extensions: Vec<ExtensionId>,
    /// The program's entry pc.
    pub entry_pc: u32,
    /// Memory root of the program's initial state (zero registers, its image).
    pub initial_root: [u32; 8],
}

/// Why a key's binding does not fit the VM or the program it is used with.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum BindingError {
    /// The bound bytes are not an encoded [`ProgramBinding`].
    #[error("the key binds no Trellis program (malformed or missing program binding)")]
    Malformed,
    /// The key was made for other extensions or extension versions.
    #[error("the key was made for a VM with extensions [{key}], but this VM has [{current}]")]
    OtherConfig {
        /// The key's extensions, `name@version`.
        key: String,
        /// This VM's extensions.
        current: String,
    },
    /// The key was made for another program.
    #[error("the key was made for another program ({what} differs)")]
    OtherProgram {
        /// "entry pc" or "initial memory".
        what: &'static str,
    },
}

fn list(extensions: &[ExtensionId]) -> String {
    extensions
        .iter()
        .map(|e| format!("{}@{}", e.name, e.version))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ProgramBinding {
    /// The canonical encoding: [`BINDING_TAG`], then the fields (postcard).
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(&(BINDING_TAG, self)).expect("in-memory encoding cannot fail")
    }

    /// Decodes [`ProgramBinding::to_bytes`]; anything else (another tag,
    /// trailing bytes, a non-canonical encoding) is [`BindingError::Malformed`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BindingError> {
        match trellis_isa::payload::decode_exact::<(String, Self)>(bytes, "program binding") {
            Ok((tag, binding)) if tag == BINDING_TAG => Ok(binding),
            _ => Err(BindingError::Malformed),
        }
    }

    /// Checks that this binding is `program`'s on `vm`.
    pub fn check_program(&self, vm: &Vm, program: &Program) -> Result<(), BindingError> {
        let expected = vm.program_binding(program);
        self.check_config(vm)?;
        if self.entry_pc != expected.entry_pc {
            return Err(BindingError::OtherProgram { what: "entry pc" });
        }
        if self.initial_root != expected.initial_root {
            return Err(BindingError::OtherProgram {
                what: "initial memory",
            });
        }
        Ok(())
    }

    /// Checks that this binding was made for `vm`'s configuration.
    pub fn check_config(&self, vm: &Vm) -> Result<(), BindingError> {
        let current = vm.identity();
        if self.extensions != current {
            return Err(BindingError::OtherConfig {
                key: list(&self.extensions),
                current: list(&current),
            });
        }
        Ok(())
    }
}

impl Vm {
    /// The configuration as program ids cover it: every extension's name
    /// and version, in registration order.
    pub fn identity(&self) -> Vec<ExtensionId> {
        self.config()
            .extensions()
            .map(|e| ExtensionId {
                name: e.name().into(),
                version: e.version(),
            })
            .collect()
    }

    /// The binding of `program` on this VM (what its keys hash in).
    pub fn program_binding(&self, program: &Program) -> ProgramBinding {
        ProgramBinding {
            extensions: self.identity(),
            entry_pc: program.entry_pc,
            initial_root: initial_memory_root(program),
        }
    }

    /// Decodes a key's binding and checks it was made for this configuration.
    pub fn key_binding(&self, bytes: &[u8]) -> Result<ProgramBinding, BindingError> {
        let binding = ProgramBinding::from_bytes(bytes)?;
        binding.check_config(self)?;
        Ok(binding)
    }
}
