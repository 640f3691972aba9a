//! The segment connector: starts and ends the execution chain of one
//! segment and holds its public values.
//!
//! One real row (then padding). It sends `(start_pc, 1)` on the execution
//! bus (every segment's first instruction starts at timestamp 1). At the
//! end, if the segment terminated, it receives the exit tuple
//! `(end_pc, timestamp, c0..c3)`; otherwise it receives the execution
//! state `(end_pc, timestamp)` the segment's last instruction sent for the
//! next one. It also receives the root of the memory Merkle tree,
//! `(0, 0, initial root, final root)`, on the Merkle bus.
//!
//! Public values, bound to the row: `[start_pc, end_pc, terminated,
//! c0..c3, initial root (8), final root (8)]`.
//!
//! # Soundness
//!
//! `is_real` is boolean, 1 on the first row, and 0 on every row after the
//! first: exactly one real row. `terminated` is the public value, constrained
//! boolean, and zero off the first row, so the two end receives have counts
//! `terminated` and `is_real − terminated`, both in {0, 1}, exactly one of
//! them 1 on the real row. A segment that did not terminate has exit code
//! bytes 0 (constrained), so its public values have one form. The Merkle
//! receive ties the tree the block boundary and Merkle chips build to the
//! public roots: the Merkle bus only balances if the root node built from
//! the touched blocks' initial (final) values is the initial (final)
//! public root.
//!
//! Column contract: `is_real` and `terminated` are boolean; `start_pc`,
//! `end_pc`, `terminated`, `exit_code` and both roots equal the public
//! values on the one real row; `end_timestamp` (with `end_pc`, and the
//! exit code when terminated) is the tuple the segment's last instruction
//! sent; the roots are the root row's compressions (merkle bus). Padding
//! rows' cells other than the flags enter only interactions of count 0.
mod air;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{NUM_PUBLIC_VALUES, SegmentConnectorAir, SegmentConnectorCols};

use crate::circuit::{Chip, Claim, RunStats, TraceContext};
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Chip name of the segment connector.
pub const SEGMENT_CONNECTOR_CHIP: &str = "segment_connector";

/// The segment connector chip.
pub struct SegmentConnectorChip;

/// `[start_pc, end_pc, terminated, c0..c3, initial root, final root]` of a
/// segment claim (a claim without a segment part gives the values of a
/// terminated segment with zero roots, which no segment proof has).
pub fn public_values(claim: &Claim) -> Vec<Val> {
    let segment = claim.segment.unwrap_or(crate::circuit::SegmentClaim {
        terminated: true,
        initial_root: [0; 8],
        final_root: [0; 8],
    });
    let mut values = vec![
        Val::from_u32(claim.entry_pc),
        Val::from_u32(claim.final_pc),
        Val::from_bool(segment.terminated),
    ];
    values.extend(claim.exit_code.to_le_bytes().map(Val::from_u8));
    values.extend(segment.initial_root.map(Val::from_u32));
    values.extend(segment.final_root.map(Val::from_u32));
    values
}

impl Chip for SegmentConnectorChip {
    fn name(&self) -> &'static str {
        SEGMENT_CONNECTOR_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(SegmentConnectorAir)
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate(ctx)
    }

    fn estimated_rows(&self, _stats: &RunStats<'_>) -> u64 {
        1
    }

    fn public_values(&self, claim: &Claim) -> Vec<Val> {
        public_values(claim)
    }
}
