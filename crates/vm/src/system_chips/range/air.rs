//! Range table AIR: preprocessed `(x, bits)`, main `multiplicity`.

use super::RANGE_CHIP;
use crate::circuit::RANGE;
use crate::circuit::buses::RANGE_MAX_BITS;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::lookups::{RANGE_TABLE_ROWS, range_row};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, RowMajorMatrix, Val, WindowAccess,
};

crate::columns! {
    /// Preprocessed columns: one table entry.
    pub struct RangePrepCols {
        /// The value.
        x: T,
        /// Its bound: `x < 2^bits`.
        bits: T,
    }
}

crate::columns! {
    /// Main columns.
    pub struct RangeCols {
        /// How often the entry is looked up.
        multiplicity: T,
    }
}

/// Range table AIR (no constraints besides the provide).
#[derive(Clone, Copy, Debug)]
pub struct RangeAir;

/// The preprocessed table ([`RANGE_TABLE_ROWS`] rows).
pub fn range_table() -> RowMajorMatrix<Val> {
    let width = <RangePrepCols<Val> as Columns<Val>>::WIDTH;
    let mut values = vec![Val::ZERO; RANGE_TABLE_ROWS * width];
    for bits in 0..=RANGE_MAX_BITS {
        for x in 0..1u32 << bits {
            let row = range_row(x, bits);
            RangePrepCols {
                x: Val::from_u32(x),
                bits: Val::from_u32(bits),
            }
            .write(&mut values[row * width..]);
        }
    }
    let last = (RANGE_TABLE_ROWS - 1) * width;
    RangePrepCols {
        x: Val::ZERO,
        bits: Val::from_u32(RANGE_MAX_BITS + 1),
    }
    .write(&mut values[last..]);
    RowMajorMatrix::new(values, width)
}

impl BaseAir<Val> for RangeAir {
    fn width(&self) -> usize {
        <RangeCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_width(&self) -> usize {
        <RangePrepCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(range_table())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for RangeAir {
    fn eval(&self, builder: &mut AB) {
        let prep = RangePrepCols::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = builder.main();
        let cols = RangeCols::<AB::Var>::read(main.current_slice());
        RANGE.provide(builder, [prep.x, prep.bits], cols.multiplicity);
    }
}

impl ChipAir for RangeAir {
    fn chip_name(&self) -> String {
        RANGE_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&RangeCols::<Domain> {
            multiplicity: Domain::Multiplicity,
        }))
    }
}
