//! Merkle trace: one row per [`MerkleRow`] of a segment update, then zero
//! padding.

use super::{MERKLE_COLS, MerkleCols};
use crate::circuit::columns::Columns;
use crate::circuit::hash::{DIGEST_ELEMS, Digest, POSEIDON2_WIDTH};
use crate::circuit::{LookupCounters, zero_trace};
use crate::memory_tree::MerkleRow;
use rayon::prelude::*;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

/// `left ‖ right`, the input of their parent's compression.
fn children(left: &Digest, right: &Digest) -> [Val; POSEIDON2_WIDTH] {
    core::array::from_fn(|i| {
        if i < DIGEST_ELEMS {
            left[i]
        } else {
            right[i - DIGEST_ELEMS]
        }
    })
}

/// The trace of `rows` (as [`crate::memory_tree::MemoryTree::apply_segment`]
/// returns them), recording the two compressions of every row in
/// `counters`. The digests are written as given; a row whose parents are
/// not the compressions of its children (never produced by the tree)
/// yields a trace that fails on the poseidon2 bus.
pub fn generate_rows(rows: &[MerkleRow], counters: &LookupCounters) -> RowMajorMatrix<Val> {
    let mut trace = zero_trace(rows.len(), MERKLE_COLS);
    trace
        .values
        .par_chunks_exact_mut(MERKLE_COLS)
        .zip(rows.par_iter())
        .with_min_len(64)
        .for_each(|(cells, row)| {
            let init = counters.poseidon2(children(&row.left_init, &row.right_init));
            let fin = counters.poseidon2(children(&row.left_final, &row.right_final));
            debug_assert_eq!((init, fin), (row.parent_init, row.parent_final));
            MerkleCols {
                is_real: Val::ONE,
                level: Val::from_u32(row.level),
                index: Val::from_u32(row.index),
                left_init: row.left_init,
                left_final: row.left_final,
                right_init: row.right_init,
                right_final: row.right_final,
                parent_init: row.parent_init,
                parent_final: row.parent_final,
                left_touched: Val::from_bool(row.left_touched),
                right_touched: Val::from_bool(row.right_touched),
            }
            .write(cells);
        });
    trace
}
