//! Chip for jalr.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{JALR_WIDTH, JalrAir, JalrCols};
pub use executor::JalrExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Jalr opcode is registered under.
pub const CHIP: &str = "Jalr";

/// The Jalr chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct JalrChip;

impl Chip for JalrChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(JalrAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
