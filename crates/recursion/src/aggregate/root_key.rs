//! What a verifier of root proofs needs of a configuration's aggregation keys — the
//! root key and the allowlist root — in a form that can be saved and loaded without
//! making the keys again.
//!
//! Making [`AggregationKeys`] commits every leaf program's preprocessed traces, the
//! internal, the shrink and the root program's (seconds each at production parameters).
//! A verifier only needs the root key and the allowlist root. [`SavedRootVerifier`]
//! keeps them with what the root key's AIRs depend on ([`VerifierAirs`]: the root
//! circuit's tables and its public table's shape); [`SavedRootVerifier::rebuild`] makes
//! those AIRs, with no program recorded and nothing committed, and loads the key (which
//! must hash to its saved digest with them: the digest covers every AIR's shape,
//! constraints and buses). Whoever saves one is trusted as much as the keygen that made
//! it: the SDK keeps them in the user's own cache directory.

use serde::{Deserialize, Serialize};
use trellis_stark::{DynAir, VerifyingKey};

use super::statement::STATE_LEN;
use super::tree::{AggregationConfig, AggregationKeys};
use crate::air::{RecursionProofError, VerifierAirs};
use crate::{RecursionVerifyError, program::PROGRAM_VERSION};

/// The root key and the allowlist root every root proof of the keys states.
pub struct RootVerifierKey {
    /// The root layer's verifying key.
    pub vk: VerifyingKey<DynAir>,
    /// The allowlist root.
    pub keys_root: [u32; STATE_LEN],
}

/// A [`RootVerifierKey`] as bytes, with what loading it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRootVerifier {
    /// [`PROGRAM_VERSION`] of the programs the keys were made for.
    pub program_version: u32,
    /// What the root key's AIRs depend on.
    pub root_airs: VerifierAirs,
    /// The root layer's verifying key.
    pub root_vk: Vec<u8>,
    /// The allowlist root.
    pub keys_root: [u32; STATE_LEN],
}

fn program_error(message: String) -> RecursionProofError {
    RecursionProofError::Program(RecursionVerifyError::Program(message))
}

impl AggregationKeys {
    /// What [`SavedRootVerifier::rebuild`] needs.
    pub fn save_root_verifier(&self) -> Result<SavedRootVerifier, RecursionProofError> {
        let circuit = self.root.circuit()?;
        Ok(SavedRootVerifier {
            program_version: PROGRAM_VERSION,
            root_airs: VerifierAirs::of(&circuit),
            root_vk: self.root.vk.to_bytes(),
            keys_root: self.keys_root(),
        })
    }
}

impl SavedRootVerifier {
    /// Loads the root key under `config` (its root parameters): makes the saved AIRs and
    /// loads the key with them; an error if anything differs from what was saved.
    pub fn rebuild(
        &self,
        config: &AggregationConfig,
    ) -> Result<RootVerifierKey, RecursionProofError> {
        if self.program_version != PROGRAM_VERSION {
            return Err(program_error(format!(
                "saved for recursion programs of version {} (this is {PROGRAM_VERSION})",
                self.program_version
            )));
        }
        let airs = self
            .root_airs
            .airs()
            .ok_or_else(|| program_error("a saved root table out of range".into()))?;
        let vk = VerifyingKey::from_bytes(&self.root_vk, airs)
            .map_err(|e| program_error(e.to_string()))?;
        if vk.params() != &config.root_params {
            return Err(program_error(
                "the saved root key has other parameters than the configuration's".into(),
            ));
        }
        Ok(RootVerifierKey {
            vk,
            keys_root: self.keys_root,
        })
    }
}
