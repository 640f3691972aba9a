//! The schedule table: one preprocessed row per position of a block
//! (`super::layout::row_info`), provided on [`SCHEDULE_BUS`] with a
//! multiplicity column (the number of compressions: each looks up every
//! position once).

use super::layout::{ROWS_PER_BLOCK, row_info};
use trellis_stark::{
    Air, BaseAir, Bus, BusBuilder, ChipAir, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::{Chip, TraceContext, padded_height};

/// `(j, K_lo, K_hi, is_instruction, is_load, is_round, is_final,
/// reads_block, schedule, is_write, off_a, off_e)`: what the row at
/// position `j` of a compression does.
pub const SCHEDULE_BUS: Bus = Bus::new("sha256_schedule");

/// Name of the schedule chip.
pub const TABLE_CHIP: &str = "Sha256Schedule";

trellis_vm::columns! {
    /// Preprocessed columns: the tuple of one position.
    pub struct SchedulePrepCols {
        /// The tuple, in bus order.
        tuple: [T; 12],
    }
}

trellis_vm::columns! {
    /// Main columns: how often the position's tuple is looked up.
    pub struct ScheduleCols {
        /// The multiplicity of the tuple (the number of compressions).
        multiplicity: T,
    }
}

/// The tuple of position `j` as integers.
pub fn schedule_tuple(j: usize) -> [u32; 12] {
    let r = row_info(j);
    [
        r.j,
        r.k & 0xffff,
        r.k >> 16,
        u32::from(r.is_instruction),
        u32::from(r.is_load),
        u32::from(r.is_round),
        u32::from(r.is_final),
        u32::from(r.reads_block),
        u32::from(r.schedule),
        u32::from(r.is_write),
        r.off_a,
        r.off_e,
    ]
}

/// The preprocessed table: positions `0..ROWS_PER_BLOCK`, then all-zero
/// rows (no real compression row looks up an all-zero tuple: one of its
/// first four flags is 1).
pub fn schedule_table() -> RowMajorMatrix<Val> {
    let height = padded_height(ROWS_PER_BLOCK);
    let mut values = vec![Val::ZERO; height * 12];
    for j in 0..ROWS_PER_BLOCK {
        for (k, v) in schedule_tuple(j).into_iter().enumerate() {
            values[12 * j + k] = Val::from_u32(v);
        }
    }
    RowMajorMatrix::new(values, 12)
}

/// The schedule table AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScheduleAir;

impl BaseAir<Val> for ScheduleAir {
    fn width(&self) -> usize {
        <ScheduleCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_width(&self) -> usize {
        <SchedulePrepCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(schedule_table())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for ScheduleAir {
    fn eval(&self, builder: &mut AB) {
        let prep = SchedulePrepCols::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = ScheduleCols::<AB::Var>::read(builder.main().current_slice());
        SCHEDULE_BUS.provide(builder, prep.tuple, main.multiplicity);
    }
}

impl ChipAir for ScheduleAir {
    fn chip_name(&self) -> String {
        format!("sha256/{TABLE_CHIP}")
    }

    /// The one main column is the free multiplicity of a provided entry.
    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&ScheduleCols::<Domain> {
            multiplicity: Domain::Multiplicity,
        }))
    }
}

/// The schedule chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScheduleChip;

impl Chip for ScheduleChip {
    fn name(&self) -> &'static str {
        TABLE_CHIP
    }

    /// One fixed table.
    fn estimated_rows(&self, _stats: &trellis_vm::circuit::RunStats<'_>) -> u64 {
        ROWS_PER_BLOCK as u64
    }
    fn air(&self) -> trellis_stark::DynAir {
        trellis_stark::DynAir::new(ScheduleAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let blocks = Val::from_usize(ctx.steps(super::CHIP).len());
        let height = padded_height(ROWS_PER_BLOCK);
        let values = (0..height)
            .map(|j| {
                if j < ROWS_PER_BLOCK {
                    blocks
                } else {
                    Val::ZERO
                }
            })
            .collect();
        RowMajorMatrix::new(values, 1)
    }
}
