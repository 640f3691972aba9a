//! The block boundary of a segment: one row per touched 8-word block of
//! registers or main memory, with its values at the start and the end of
//! the segment, tied to the memory Merkle tree.
//!
//! Each valid row, for its eight words at pointers `32·block + 4k`:
//! * sends the initial value `(as, pointer, initial bytes, 0)` and receives
//!   the final value `(as, pointer, final bytes, final_timestamp_k)` on the
//!   memory bus (the segment's accesses chain from one to the other);
//! * looks up the leaf digests `compress(limbs(initial))` and
//!   `compress(limbs(final))` on the Poseidon2 bus, where a word's limbs are
//!   `b0 + 256 b1` and `b2 + 256 b3`;
//! * sends the leaf `(25, as_bit · 2^24 + block, initial leaf, final leaf)`
//!   on the Merkle bus, where `as = 1 + as_bit` (registers 1, memory 2).
//!
//! # Soundness
//!
//! Range: `block = block_lo + 2^16 block_hi` with `block_lo < 2^16`,
//! `block_hi < 2^8` (range bus), so pointers are below 2^29 and a leaf index
//! names exactly one (address space, block). The initial bytes are
//! byte-range-checked (bitwise bus), so the limbs determine the bytes: a
//! block's initial words are exactly those the initial leaf commits to.
//! Final bytes need no check: a final receive balances only against a send
//! of an access (whose chip range-checks what it writes) or of an initial
//! value.
//!
//! Memory: per word, a balanced memory bus gives `#initial sends + #access
//! sends = #access receives + #final receives`, and every access sends and
//! receives once. A word some access touches must have an initial send at
//! timestamp 0 below its first access (accesses prove `prev_t < t`), so its
//! block has a row here, and its accesses form one chain from the initial
//! to the final value.
//!
//! Merkle: each row's leaf is received by the Merkle chip, whose root is
//! received once by the segment connector and equals the public roots.
//! Two rows for one block would send the same leaf twice, which only
//! balances with two root receives (the Merkle chip's module docs), so each
//! block appears at most once and every touched block's initial and final
//! values are those under the initial and final public roots. Blocks not
//! listed keep their values (their digests enter the Merkle rows as
//! untouched siblings, equal at the start and the end).
//!
//! Padding rows have `is_valid = 0`, which is every interaction's count.
//!
//! Column contract (what fixes each group on a valid row): `is_valid`,
//! `as_bit` boolean; `block_lo`, `block_hi` range-checked (16 and 8 bits);
//! `initial` bytes byte-checked, and equal to what the accesses first read
//! (memory bus); `final_bytes` and `final_timestamps` the last access's
//! send (or the initial value, at timestamp 0); `initial_leaf` and
//! `final_leaf` the true compressions of the bytes' limbs (poseidon2 bus).
//! So both leaves are functions of the words the run read and wrote; the
//! test `a_forged_final_word_with_its_leaf_and_root_re_solved_breaks_the_memory_bus`
//! forges a final word with its leaf, path and root re-solved, and only the
//! memory bus rejects it.
mod air;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{BLOCK_HI_BITS, BLOCK_LO_BITS, BlockBoundaryAir, BlockBoundaryCols};

use crate::circuit::{Chip, RunStats, TraceContext};
use trellis_stark::{DynAir, RowMajorMatrix, Val};

/// Chip name of the block boundary.
pub const BLOCK_BOUNDARY_CHIP: &str = "block_boundary";

/// The block boundary chip.
pub struct BlockBoundaryChip;

impl Chip for BlockBoundaryChip {
    fn name(&self) -> &'static str {
        BLOCK_BOUNDARY_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(BlockBoundaryAir)
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let segment = ctx
            .trace
            .segment
            .as_ref()
            .expect("the block boundary proves segment traces");
        trace::generate(&segment.blocks, ctx.counters)
    }

    fn estimated_rows(&self, stats: &RunStats<'_>) -> u64 {
        stats.touched_blocks
    }
}
