//! The variable range checker: the table of every `(x, bits)` with
//! `bits ≤ 16` and `x < 2^bits`, provided on the range bus with the
//! multiplicities the other chips recorded in `LookupCounters::range`.
//!
//! Row `2^bits - 1 + x` holds `(x, bits)` (`lookups::range_row`); the one
//! row left over, the last, holds `(0, 17)`: true, and looked up by nobody.
//!
//! # Column contract
//!
//! The entries are preprocessed (fixed by the verifying key); the one main
//! column is their free multiplicity (`Domain::Multiplicity`), which the
//! bounded lookup counts of the other chips make sound.

mod air;

#[cfg(test)]
mod tests;

pub use air::{RangeAir, RangeCols, RangePrepCols, range_table};

use crate::circuit::columns::Columns;
use crate::circuit::{Chip, TraceContext};
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Chip name of the range table.
pub const RANGE_CHIP: &str = "range";

/// The range table chip.
pub struct RangeChip;

impl Chip for RangeChip {
    fn name(&self) -> &'static str {
        RANGE_CHIP
    }

    fn estimated_rows(&self, _stats: &crate::circuit::RunStats<'_>) -> u64 {
        crate::circuit::lookups::RANGE_TABLE_ROWS as u64
    }

    fn air(&self) -> DynAir {
        DynAir::new(RangeAir)
    }

    fn is_lookup_table(&self) -> bool {
        true
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let values = ctx
            .counters
            .range_counts()
            .into_iter()
            .map(Val::from_u32)
            .collect();
        RowMajorMatrix::new(values, <RangeCols<Val> as Columns<Val>>::WIDTH)
    }
}
