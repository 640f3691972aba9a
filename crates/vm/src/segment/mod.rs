//! Continuations: a run proven as a chain of segments.
//!
//! A long run is cut into segments at instruction boundaries. Each segment
//! is proven on its own: it starts from a [`MachineState`] (pc, registers,
//! memory, input position) and ends at the next one, or at `exit`. Memory
//! between segments is committed as a Poseidon2 Merkle tree over 8-word
//! blocks ([`crate::memory_tree`]); a segment proof shows, for the blocks it
//! touched, their values at its start under the initial root and at its end
//! under the final root (the block boundary, Merkle and Poseidon2 chips).
//! The verifier of a chain checks that the first segment starts at the
//! program's entry and image root, each segment starts where the previous
//! one ended (pc and root), and only the last one exits.
//!
//! * [`state`]: the boundary state and its checkpoint file;
//! * [`blocks`]: the touched blocks of a segment;
//! * [`limits`]: where segments are cut (chip heights, prover memory) and
//!   the prover memory model;
//! * [`shape`]: shape catalogs, the fixed set of shapes segments are proven at;
//! * [`tail`]: the last segments of a run of known length (no tiny tail);
//! * [`execute`]: tracing execution of one segment;
//! * [`prove`]: keys, proofs and verification of segments and chains.

pub mod blocks;
pub mod execute;
pub mod limits;
pub mod prove;
pub mod shape;
pub mod state;
pub mod tail;

pub use blocks::{BLOCK_BYTES, BlockRecord, REGISTER_BLOCKS, register_blocks};
pub use execute::{SegmentEnd, SegmentRun};
pub use limits::{SegmentLimits, SegmentSizer, prover_memory, record_memory};
pub use prove::{ChainError, SegmentProof, verify_chain};
pub use shape::{CatalogError, ShapeCatalog, TraceHeights};
pub use state::{CHECKPOINT_FILE, CheckpointError, MachineState};

use crate::circuit::hash::Digest;
use crate::memory_tree::MerkleRow;

/// What a segment's boundary chips prove, besides its steps and accesses.
#[derive(Clone, Debug)]
pub struct SegmentBoundary {
    /// Index of the segment in the run.
    pub index: u32,
    /// pc of its first instruction.
    pub start_pc: u32,
    /// The next pc if the run goes on, or the pc of the exiting instruction.
    pub end_pc: u32,
    /// The exit code if the segment ends the run.
    pub exit_code: Option<u32>,
    /// Every block touched, in leaf order.
    pub blocks: Vec<BlockRecord>,
    /// The memory tree's inner nodes on the paths of those blocks.
    pub merkle_rows: Vec<MerkleRow>,
    /// Memory root at the start.
    pub initial_root: Digest,
    /// Memory root at the end.
    pub final_root: Digest,
}
