//! Chip for sll, srl, sra (register and immediate forms).

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{LIMB_OFFSETS, OFFSET_ZERO, SHIFT_WIDTH, ShiftAir, ShiftCols};
pub use executor::ShiftExecutor;
pub use trace::shift;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Shift opcodes are registered under.
pub const CHIP: &str = "Shift";

/// The Shift chip: ALU adapter + sll/srl/sra core.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShiftChip;

impl Chip for ShiftChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(ShiftAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
