//! The bitwise table: every byte pair `(x, y)` (row `256 x + y`), provided
//! on the bitwise bus as `(x, y, 0, 0)` (byte range check) and
//! `(x, y, x ^ y, 1)` (xor), with the multiplicities the other chips
//! recorded in `LookupCounters::byte_pair` and `LookupCounters::xor`.
//!
//! # Column contract
//!
//! The entries are preprocessed (fixed by the verifying key); both main
//! columns are free multiplicities of provided entries
//! (`Domain::Multiplicity`), one per provided tuple form.

mod air;

#[cfg(test)]
mod tests;

pub use air::{BitwiseAir, BitwiseCols, BitwisePrepCols, bitwise_table};

use crate::circuit::columns::Columns;
use crate::circuit::{Chip, TraceContext};
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Chip name of the bitwise table.
pub const BITWISE_CHIP: &str = "bitwise";

/// The bitwise table chip.
pub struct BitwiseChip;

impl Chip for BitwiseChip {
    fn name(&self) -> &'static str {
        BITWISE_CHIP
    }

    fn estimated_rows(&self, _stats: &crate::circuit::RunStats<'_>) -> u64 {
        1 << 16
    }

    fn air(&self) -> DynAir {
        DynAir::new(BitwiseAir)
    }

    fn is_lookup_table(&self) -> bool {
        true
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let (pairs, xors) = ctx.counters.bitwise_counts();
        let values = pairs
            .into_iter()
            .zip(xors)
            .flat_map(|(pair, xor)| [Val::from_u32(pair), Val::from_u32(xor)])
            .collect();
        RowMajorMatrix::new(values, <BitwiseCols<Val> as Columns<Val>>::WIDTH)
    }
}
