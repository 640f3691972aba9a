//! What a verifier of root proofs needs of a configuration's aggregation keys — the
//! root key and the allowlist root — in a form that can be saved and loaded without
//! making the keys again.
//!
//! Making [`AggregationKeys`] commits every leaf program's preprocessed traces, the
//! internal, the shrink and the root program's (seconds each at production parameters).
//! A verifier only needs the root key and the allowlist root. [`SavedRootVerifier`]
//! keeps them with one key at the internal heights (the lone leaf's of one segment
//! shape, or an internal node's) and the shrink key; [`SavedRootVerifier::rebuild`] records the
//! leaf, the shrink and the root programs again (no commitments: the AIRs only have
//! to match the saved keys' digests, which cover every AIR's shape, constraints and
//! buses) and loads the keys. Whoever saves one is trusted as much as the keygen that
//! made it: the SDK keeps them in the user's own cache directory.

use serde::{Deserialize, Serialize};
use trellis_stark::{DynAir, VerifyingKey};

use super::node::Keying;
use super::record::{node_shape_digest, record_node};
use super::statement::STATE_LEN;
use super::tree::{
    AggregationConfig, AggregationKeys, TableHeights, circuit_of, root_program, same_shapes,
};
use crate::air::layout::TABLES;
use crate::air::{RecursionCircuit, RecursionProofError};
use crate::verifier::PreparedKey;
use crate::{RecursionVerifyError, program::PROGRAM_VERSION};

/// The root key and the allowlist root every root proof of the keys states.
pub struct RootVerifierKey {
    /// The root layer's verifying key.
    pub vk: VerifyingKey<DynAir>,
    /// The allowlist root.
    pub keys_root: [u32; STATE_LEN],
}

/// A [`RootVerifierKey`] as bytes, with what rebuilding its AIRs needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRootVerifier {
    /// [`PROGRAM_VERSION`] of the recordings.
    pub program_version: u32,
    /// The leaves' fixed table heights (log2, in [`TABLES`] order).
    pub table_log_heights: Vec<u8>,
    /// The internal nodes' fixed table heights (log2, in [`TABLES`] order).
    pub internal_log_heights: Vec<u8>,
    /// Depth of the allowlist.
    pub allowlist_depth: u8,
    /// The segment shape of the saved leaf key.
    pub leaf_shape: Vec<u8>,
    /// A verifying key at the internal heights: the lone leaf's over one segment of that
    /// shape, or an internal node's where the keys have no such lone leaf. Loaded with
    /// the AIRs of that lone leaf's program at the internal heights (the same AIRs: they
    /// depend on the heights, not the program); the shrink program is recorded with them.
    pub internal_heights_vk: Vec<u8>,
    /// The shrink layer's verifying key (a constant of the root program).
    pub shrink_vk: Vec<u8>,
    /// The root layer's verifying key.
    pub root_vk: Vec<u8>,
    /// The allowlist root.
    pub keys_root: [u32; STATE_LEN],
}

fn program_error(message: String) -> RecursionProofError {
    RecursionProofError::Program(RecursionVerifyError::Program(message))
}

impl AggregationKeys {
    /// What [`SavedRootVerifier::rebuild`] needs, with the leaf key of segments of
    /// `shape` under `segment_key` (one of the shapes the keys were made for).
    pub fn save_root_verifier(
        &self,
        segment_key: &VerifyingKey<DynAir>,
        shape: &[usize],
    ) -> Result<SavedRootVerifier, RecursionProofError> {
        let heights = self
            .config
            .table_log_heights
            .ok_or_else(|| program_error("aggregation keys without fixed heights".into()))?;
        let keying = Keying::Inputs {
            depth: self.allowlist.depth(),
            allowlist: None,
        };
        let key = PreparedKey::new(segment_key)?;
        // Any key at the internal heights gives the shrink program's child AIRs (the
        // AIRs are the heights' and the tables', not the program's): the lone leaf over
        // one segment of `shape` where the keys have it, else an internal node's.
        let shapes = same_shapes(true, &key, shape, 1);
        let lone = self
            .lone_leaves
            .get(&node_shape_digest(&shapes, keying))
            .or_else(|| self.internal.values().next())
            .ok_or_else(|| program_error("no aggregation key at the internal heights".into()))?;
        let bytes = |h: &TableHeights| h.iter().map(|&h| h as u8).collect();
        Ok(SavedRootVerifier {
            program_version: PROGRAM_VERSION,
            table_log_heights: bytes(&heights.leaves),
            internal_log_heights: bytes(&heights.internal),
            allowlist_depth: self.allowlist.depth() as u8,
            leaf_shape: shape.iter().map(|&h| h as u8).collect(),
            internal_heights_vk: lone.vk.to_bytes(),
            shrink_vk: self.shrink.vk.to_bytes(),
            root_vk: self.root.vk.to_bytes(),
            keys_root: self.keys_root(),
        })
    }
}

impl SavedRootVerifier {
    /// Loads the root key for segments of `segment_key` under `config` (arities):
    /// records the saved leaf's program, the shrink and the root program again and loads
    /// the three keys with their AIRs; an error if anything differs from what was saved.
    pub fn rebuild(
        &self,
        segment_key: &VerifyingKey<DynAir>,
        config: &AggregationConfig,
    ) -> Result<RootVerifierKey, RecursionProofError> {
        if self.program_version != PROGRAM_VERSION {
            return Err(program_error(format!(
                "saved for recursion programs of version {} (this is {PROGRAM_VERSION})",
                self.program_version
            )));
        }
        if self.table_log_heights.len() != TABLES.len()
            || self.internal_log_heights.len() != TABLES.len()
        {
            return Err(program_error(
                "saved table heights of the wrong count".into(),
            ));
        }
        let internal_heights: TableHeights =
            std::array::from_fn(|i| usize::from(self.internal_log_heights[i]));
        let keying = Keying::Inputs {
            depth: usize::from(self.allowlist_depth),
            allowlist: None,
        };
        let key = PreparedKey::new(segment_key)?;
        let shape: Vec<usize> = self.leaf_shape.iter().map(|&h| usize::from(h)).collect();
        let leaf_program = record_node(&same_shapes(true, &key, &shape, 1), keying)?;
        let lone_airs = circuit_of(&leaf_program, Some(internal_heights), &config.params)?.airs();
        let lone_vk = VerifyingKey::from_bytes(&self.internal_heights_vk, lone_airs)
            .map_err(|e| program_error(e.to_string()))?;
        let child = PreparedKey::new(&lone_vk)?;
        let shrink_program =
            record_node(&same_shapes(false, &child, &internal_heights, 1), keying)?;
        let shrink_vk = load_layer_key(
            &self.shrink_vk,
            &shrink_program,
            &config.shrink_params,
            "shrink",
        )?;
        let root_vk = load_layer_key(
            &self.root_vk,
            &root_program(&shrink_vk)?,
            &config.root_params,
            "root",
        )?;
        Ok(RootVerifierKey {
            vk: root_vk,
            keys_root: self.keys_root,
        })
    }
}

/// The saved key of a one-node layer (`layer`: shrink or root) running `program`, which
/// must have been made with `params`.
fn load_layer_key(
    bytes: &[u8],
    program: &crate::program::Program,
    params: &trellis_stark::ProofParams,
    layer: &str,
) -> Result<VerifyingKey<DynAir>, RecursionProofError> {
    let airs = RecursionCircuit::for_params(program, params)?.airs();
    let vk = VerifyingKey::from_bytes(bytes, airs).map_err(|e| program_error(e.to_string()))?;
    if vk.params() != params {
        return Err(program_error(format!(
            "the saved {layer} key has other parameters than the configuration's"
        )));
    }
    Ok(vk)
}
