//! Aggregation: proofs that verify consecutive segment proofs of one run (leaves) or
//! consecutive aggregation proofs (internal nodes) and state the stretch of the run
//! they cover ([`Statement`]), up to one root proof of the whole run.
//!
//! - [`statement`]: the public values of every aggregation proof.
//! - [`output_chain`]: the commitment to the public output that nodes extend.
//! - [`node`]: one node over a backend (verify children, join, publish).
//! - [`allowlist`]: the configuration's aggregation keys as a Merkle tree.
//! - [`key_use`]: which of a configuration's keys a tree proves with.
//! - [`record`]: a node's program from its children's shapes, and its inputs.
//! - [`tree`]: leaves, internal nodes, the shrink and the root layer, with keys per node
//!   shape or the configuration's keys.
//! - [`root_key`]: the root key and allowlist root a verifier needs, saved and loaded.
//! - [`verify`]: the root checks against the program's key.
//! - [`evm_layer`]: the last layer, over a root proof, hashed over BN254 for the EVM;
//!   [`chain_statement`]: what it states, in the form a contract checks.

pub mod allowlist;
pub mod chain_statement;
pub mod evm_layer;
pub mod key_use;
pub mod node;
pub mod output_chain;
pub mod record;
pub mod root_key;
pub mod statement;
pub mod tree;
pub mod verify;

pub use allowlist::{AllowedKey, KeyAllowlist, check_membership, key_hash};
pub use chain_statement::{
    CHAIN_OUTPUT_CAPACITY, CHAIN_STATEMENT_LEN, ChainStatement, chain_commitment, program_id,
};
pub use evm_layer::{
    EVM_LAYER_PARAMS, EvmLayerKeys, EvmLayerProof, evm_layer_params_for, evm_layer_with,
    layer_public_values,
};
pub use key_use::TreeKeyUse;
pub use node::{Child, Keying, aggregate_with, join};
pub use record::{ChildShape, node_inputs, node_shape_digest, record_node};
pub use root_key::{RootVerifierKey, SavedRootVerifier};
pub use statement::{STATEMENT_LEN, Statement, StatementError};
pub use tree::{
    AggregationConfig, AggregationError, AggregationEvent, AggregationKeys, Aggregator,
    LayerHeights, NodeKeys, NodeProof, NodeStore, ROOT_PARAMS, SHRINK_PARAMS, SegmentInput,
    TableHeights, circuit_of, fitting_heights, group_sizes, layer_heights, layer_heights_for,
    leaf_group_sizes, nodes_per_level, root_params_for, root_program, shrink_params_for,
};
pub use verify::{
    ProgramIdentity, RootError, RunStatement, check_statement, verify_node_proof, verify_root,
    verify_root_with, verify_root_with_keys,
};
