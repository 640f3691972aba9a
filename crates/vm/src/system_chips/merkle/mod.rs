//! The memory Merkle chip: one row per inner node of the memory tree on the
//! paths from a segment's listed blocks to the root, proving that the
//! initial root opens to the listed blocks' initial digests and the final
//! root to their final digests, everything else unchanged
//! (`crate::memory_tree` describes the tree; the rows come from
//! [`MemoryTree::apply_segment`](crate::memory_tree::MemoryTree::apply_segment)).
//!
//! # Interactions
//!
//! On the `merkle` bus, tuple `(level, index, init[8], final[8])`:
//!
//! * the block boundary sends every listed leaf `(25, leaf, init, final)`;
//! * each real row receives its left child `(level + 1, 2·index, ..)` with
//!   count `left_touched` and its right child `(level + 1, 2·index + 1, ..)`
//!   with count `right_touched`, and sends itself `(level, index,
//!   parent_init, parent_final)` with count `is_real`;
//! * the segment connector receives the root `(0, 0, root_init, root_final)`
//!   once.
//!
//! On the `poseidon2` bus each real row looks up `(left_init ‖ right_init,
//! parent_init)` and `(left_final ‖ right_final, parent_final)`: the table
//! provides only tuples `(x, compress(x))`.
//!
//! Constraints (degree 2): `is_real`, `left_touched`, `right_touched` are
//! boolean; `touched · (1 − is_real) = 0` for both children (padding rows,
//! `is_real = 0`, have no interactions); `(1 − touched) · (init − final) = 0`
//! for each of the 8 elements of both children. Every count is one of
//! these booleans (`Count::bounded(_, 1)`): weight 5 per row.
//!
//! # Soundness
//!
//! Assume every bus balances (as integers: docs/security.md), the block
//! boundary sends leaves at level 25 only, and the connector receives one
//! root tuple. A balanced bus pairs every send with one equal receive.
//!
//! 1. *Every row hangs from the root; indices stay below `2^level`.* Follow
//!    a real row R's send to the receive it is paired with: the connector's
//!    (then R is `(0, 0)`) or a child receive of a row P, so that
//!    `R.level = P.level + 1` and `R.index = 2·P.index + b`, `b ∈ {0, 1}`.
//!    Levels drop by one per step, so the chain R → P → … cannot revisit a
//!    row (that would take a multiple of p steps, more than there are
//!    rows) and ends at the connector: R's level is the integer length `k`
//!    of its chain, `0 ≤ k <` rows. By induction from the root `(0, 0)`,
//!    a row at level `k ≤ 25` has `index = Σ b_j 2^(k−j) < 2^k` as an
//!    integer (no wrap: `2^25 < p`), and its chain is exactly its
//!    ancestors in the tree.
//! 2. *Rows below the leaf level cannot fake a changed leaf.* Only rows at
//!    level 26 (never the boundary) send tuples of level 26, and so on
//!    down. Take the deepest rows at level ≥ 25: they receive nothing
//!    (no sender at their children's level), so both children are untouched,
//!    `init = final` for both, and the two poseidon2 lookups of equal inputs
//!    force `parent_init = parent_final`. By induction upwards, every row at
//!    level ≥ 25 sends an *unchanged* node (`init = final`). So a level-24
//!    row's touched child that is not a boundary leaf is unchanged: it is
//!    as if that child were untouched.
//! 3. *Duplicate rows cannot balance.* Let two distinct real rows sit at
//!    one node `(ℓ, i)`, `ℓ ≤ 25`. Their sends pair with two distinct
//!    receives. The connector receives once, so for `ℓ = 0` this fails;
//!    otherwise both receives are child receives, on side `b = i mod 2`,
//!    of rows at `(ℓ − 1, ⌊i/2⌋)` (integers, by 1.), and a row has one
//!    receive per side, so these are two distinct rows at the parent node.
//!    Repeating up to the root gives two rows at `(0, 0)`: impossible.
//!    Likewise each listed leaf's send pairs with the one receive of its
//!    unique parent row, which therefore carries the boundary's digests.
//! 4. *An untouched child cannot hide a change.* An untouched child is not
//!    received, and `init = final` is asserted for it; a touched child is
//!    received from the one row (or boundary leaf) at its node. So the rows
//!    form the union of the paths from the listed leaves (plus unchanged
//!    nodes, by 2.) to the root, each node once, and the root pair is
//!    `(T(init leaves, S), T(final leaves, S))`: the same tree `T` of
//!    compressions, over the listed leaves' initial resp. final digests
//!    and the same digests `S` of every subtree hanging off the paths.
//!    If the initial root is the honest root of the segment's initial
//!    memory, collision resistance of the compression forces `S` and the
//!    listed leaves' initial digests to be the honest ones, so the final
//!    root is the honest root of the initial memory with exactly the listed
//!    blocks replaced by their final contents.
//!
//! # Column contract
//!
//! Why every cell of a real row is fixed by the segment's inputs (the
//! initial memory, the accesses, and the public roots):
//!
//! * `is_real`, `left_touched`, `right_touched`: boolean (constrained).
//! * `level`, `index`: the node's position, fixed by the merkle bus (1.
//!   above: the receive pairing the row's send names its parent's level + 1
//!   and 2·index + side, down from the connector's `(0, 0)`).
//! * Touched children (`left_*` / `right_*` with the flag set): the one
//!   send at that node, of the child row (its parents) or of the boundary
//!   leaf (the compressions of the block's words): merkle bus.
//! * Untouched children: `init = final` (constrained) and otherwise the
//!   digest of a subtree no row lists, bound to the initial root through
//!   the compressions above it: a different value gives a different root
//!   (collision resistance), so the public initial root fixes it — which
//!   the chain check anchors (the first segment's initial root is the
//!   program's initial memory, each later one the previous final root).
//! * `parent_init`, `parent_final`: the compressions of the children
//!   (poseidon2 bus: the table provides only `(x, compress(x))`).
//!
//! Consistent forgeries on a real segment (`forgery_tests`) change one
//! digest element and re-solve every parent, the claimed roots and the
//! table: a leaf digest is then no table entry (poseidon2 bus), a touched
//! child no send (merkle bus), an untouched child changed on one side
//! breaks `(1 − touched)·(init − final) = 0`, and changed on both sides
//! the segment proof verifies but claims another initial root, which the
//! chain check rejects.
//!
//! Limits: a segment must list at least one leaf (the registers' blocks
//! always qualify): with no rows nothing sends the root the connector
//! receives. Binding leaf digests to the words on the memory bus is the
//! block boundary's job.

mod air;
mod trace;

#[cfg(test)]
mod forgery_tests;
#[cfg(test)]
mod tests;

pub use air::{MERKLE_COLS, MerkleAir, MerkleCols};
pub use trace::generate_rows;

use crate::circuit::buses::MEMORY_TREE_DEPTH;
use crate::circuit::chip::RunStats;
use crate::circuit::{Chip, TraceContext};
use trellis_stark::{DynAir, RowMajorMatrix, Val};

/// Chip name of the memory Merkle chip.
pub const MERKLE_CHIP: &str = "merkle";

/// The memory Merkle chip.
pub struct MerkleChip;

impl Chip for MerkleChip {
    fn name(&self) -> &'static str {
        MERKLE_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(MerkleAir)
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        // A whole run (no segment) has no memory tree: no rows.
        let rows = ctx
            .trace
            .segment
            .as_ref()
            .map_or(&[][..], |segment| &segment.merkle_rows);
        generate_rows(rows, ctx.counters)
    }

    fn estimated_rows(&self, stats: &RunStats<'_>) -> u64 {
        max_rows(stats.touched_blocks)
    }

    /// One row per inner node on the touched blocks' paths, exactly.
    fn catalog_rows(&self, stats: &RunStats<'_>) -> u64 {
        stats.path_nodes
    }
}

/// The most rows a segment listing `blocks` leaves can need: at each
/// inner level ℓ, at most `min(2^ℓ, blocks)` nodes lie on their paths.
pub fn max_rows(blocks: u64) -> u64 {
    if blocks == 0 {
        return 0;
    }
    (0..MEMORY_TREE_DEPTH)
        .map(|level| blocks.min(1 << level))
        .sum()
}
