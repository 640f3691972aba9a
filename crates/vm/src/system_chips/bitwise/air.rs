//! Bitwise table AIR: preprocessed `(x, y, x ^ y)`, main multiplicities.

use super::BITWISE_CHIP;
use crate::circuit::BITWISE;
use crate::circuit::buses::{BITWISE_RANGE, BITWISE_XOR};
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, RowMajorMatrix, Val, WindowAccess,
};

/// Rows of the table: one per byte pair.
pub const BITWISE_TABLE_ROWS: usize = 1 << 16;

crate::columns! {
    /// Preprocessed columns: one byte pair.
    pub struct BitwisePrepCols {
        /// First byte.
        x: T,
        /// Second byte.
        y: T,
        /// `x ^ y`.
        xor: T,
    }
}

crate::columns! {
    /// Main columns.
    pub struct BitwiseCols {
        /// Lookups of `(x, y, 0, 0)`.
        range_multiplicity: T,
        /// Lookups of `(x, y, x ^ y, 1)`.
        xor_multiplicity: T,
    }
}

/// Bitwise table AIR (no constraints besides the two provides).
#[derive(Clone, Copy, Debug)]
pub struct BitwiseAir;

/// The preprocessed table: row `256 x + y` holds `(x, y, x ^ y)`.
pub fn bitwise_table() -> RowMajorMatrix<Val> {
    let values = (0..BITWISE_TABLE_ROWS as u32)
        .flat_map(|i| {
            let (x, y) = (i >> 8, i & 0xff);
            [x, y, x ^ y].map(Val::from_u32)
        })
        .collect();
    RowMajorMatrix::new(values, <BitwisePrepCols<Val> as Columns<Val>>::WIDTH)
}

impl BaseAir<Val> for BitwiseAir {
    fn width(&self) -> usize {
        <BitwiseCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_width(&self) -> usize {
        <BitwisePrepCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(bitwise_table())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for BitwiseAir {
    fn eval(&self, builder: &mut AB) {
        let prep = BitwisePrepCols::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = builder.main();
        let cols = BitwiseCols::<AB::Var>::read(main.current_slice());
        BITWISE.provide(
            builder,
            [
                prep.x.into(),
                prep.y.into(),
                AB::Expr::ZERO,
                AB::Expr::from_u32(BITWISE_RANGE),
            ],
            cols.range_multiplicity,
        );
        BITWISE.provide(
            builder,
            [
                prep.x.into(),
                prep.y.into(),
                prep.xor.into(),
                AB::Expr::from_u32(BITWISE_XOR),
            ],
            cols.xor_multiplicity,
        );
    }
}

impl ChipAir for BitwiseAir {
    fn chip_name(&self) -> String {
        BITWISE_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BitwiseCols::<Domain> {
            range_multiplicity: Domain::Multiplicity,
            xor_multiplicity: Domain::Multiplicity,
        }))
    }
}
