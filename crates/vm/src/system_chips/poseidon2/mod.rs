//! The Poseidon2 table: every 2-to-1 compression the other chips look up on
//! the `poseidon2` bus, `(x0..x15, y0..y7)` with `y` the first 8 elements of
//! the width-16 Poseidon2 permutation of `x` (`circuit::hash::poseidon2_compress`).
//!
//! **Rows.** Chips record their compressions with `LookupCounters::poseidon2`
//! while filling their traces; this table is filled afterwards
//! (`is_lookup_table`). It has one row per *distinct* requested input,
//! sorted, with the number of requests in its multiplicity column, padded to
//! a power of two (at least 4) with rows of the zero input and multiplicity 0.
//!
//! **Columns** ([`POSEIDON2_COLS`] = 299): Plonky3's `Poseidon2Air` layout
//! (`p3-poseidon2-air` 0.8.0, BabyBear, `x^7` S-box with one committed `x^3`
//! register, 4 + 13 + 4 rounds; [`PERMUTATION_COLS`] = 298), then the multiplicity.
//!
//! # Soundness
//!
//! 1. *Every row is a permutation.* Plonky3's `Poseidon2Air::eval` runs on
//!    the first 298 columns of every row, real or padding (through
//!    [`PrefixBuilder`], which cuts the main window without touching the
//!    constraints). Starting from the 16 input cells it applies the initial
//!    linear layer and each round symbolically; every S-box asserts its
//!    register equals `x^3` and yields `register² · x = x^7`, and every round
//!    asserts that its committed post-state equals the round function of the
//!    previous committed state. Each committed cell is thus a fixed function
//!    of the input, and the 16 post-state cells of the last full round equal
//!    the permutation of the 16 input cells. All constraints have degree 3.
//!    The round constants are `p3_baby_bear`'s `BABYBEAR_POSEIDON2_RC_16_*`,
//!    those of `default_babybear_poseidon2_16()` (the STARK's permutation);
//!    the tests compare the AIR's rows with the native permutation on random
//!    inputs, and reject altered input, register, round-state and output cells.
//! 2. *The provided tuple is the compression.* `x` is read from the input
//!    cells and `y` from the first 8 post-state cells of the last round; no
//!    free column enters the tuple except the multiplicity. So every tuple
//!    this AIR can provide, on any row, is `(x, compress(x))`.
//! 3. *Free multiplicities are safe.* The table side uses `Bus::provide`
//!    (weight 0 in the multiplicity bound, `docs/security.md`). Its set of
//!    entries is fixed in the sense of rule 3 there: the graph of `compress`,
//!    by 1. and 2. A lookup of `(x, y')` with `y' ≠ compress(x)` matches no
//!    entry; with consumers looking up with non-negative bounded counts
//!    (rule 2), its net multiplicity is a positive integer below `p`, so the
//!    bus does not balance. Padding rows provide the true `(0, compress(0))`
//!    with multiplicity 0 and change nothing either way.
//! 4. *No row order.* There are no transition constraints: rows are
//!    independent, so sorting and deduplicating is only an optimisation.
//!
//! # Column contract
//!
//! [`column_domains`] declares Plonky3's layout group by group: the 16
//! `inputs` are the entry's key, chosen by the prover and matched by a
//! consumer's lookup; each S-box register is `x^3` of its lane's input
//! (round constant added to the previous committed state); each full round's
//! `post` is the external layer of `register² · x` over the lanes; each
//! partial round's `post_sbox` is `register² · x` of lane 0. So every cell
//! but the multiplicity is a function of the inputs, and the provided output
//! (the first 8 `post` cells of the last round) is `compress(inputs)`. The
//! multiplicity is the free count of a provided entry.
//!
//! Consistent forgeries on a real segment (`forgery_tests`): a row
//! re-solved by the permutation from a changed input provides a tuple
//! nobody looks up (poseidon2 bus); a second row for the root's input whose
//! output is moved through the last round's S-box register (its post-state
//! recomputed, consumers, claimed final root and multiplicities re-solved)
//! balances every bus and passes the chain check, and fails only that
//! register's `register = x^3` constraint.
//!
//! Consumers (the Merkle and block-boundary chips) must look tuples up with
//! `POSEIDON2.lookup(builder, x ++ y, Count::bounded(flag, 1))` (flag
//! boolean) and record each with `ctx.counters.poseidon2(x)`; this chip must
//! be filled after them.

mod air;
mod prefix;
mod trace;

#[cfg(test)]
mod forgery_tests;
#[cfg(test)]
mod tests;

pub use air::{
    Constants, HALF_FULL_ROUNDS, MULTIPLICITY_COL, PARTIAL_ROUNDS, PERMUTATION_COLS,
    POSEIDON2_COLS, PermutationAir, PermutationCols, Poseidon2TableAir, SBOX_DEGREE,
    SBOX_REGISTERS, column_domains, input_cells, io_columns, output_cells, round_constants,
};
pub use prefix::{PrefixBuilder, PrefixWindow};
pub use trace::{distinct_requests, poseidon2_trace};

use crate::circuit::{Chip, TraceContext};
use trellis_stark::{DynAir, RowMajorMatrix, Val};

/// Chip name of the Poseidon2 table.
pub const POSEIDON2_CHIP: &str = "poseidon2";

/// The Poseidon2 compression table chip.
pub struct Poseidon2Chip;

impl Chip for Poseidon2Chip {
    fn name(&self) -> &'static str {
        POSEIDON2_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(Poseidon2TableAir::new())
    }

    fn is_lookup_table(&self) -> bool {
        true
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        poseidon2_trace(&ctx.counters.poseidon2_requests())
    }

    /// Its padding rows permute the zero state (multiplicity 0).
    fn pad_trace(&self, trace: RowMajorMatrix<Val>, height: usize) -> Option<RowMajorMatrix<Val>> {
        Some(trace::pad_poseidon2_trace(trace, height))
    }

    /// Two compressions per touched block (its leaves) and per Merkle row.
    fn estimated_rows(&self, stats: &crate::circuit::RunStats<'_>) -> u64 {
        2 * (stats.touched_blocks + super::merkle::max_rows(stats.touched_blocks))
    }

    /// The same, from the exact Merkle rows: at most two distinct inputs per touched
    /// block and per row (fewer where a block or subtree is unchanged).
    fn catalog_rows(&self, stats: &crate::circuit::RunStats<'_>) -> u64 {
        2 * (stats.touched_blocks + stats.path_nodes)
    }
}
