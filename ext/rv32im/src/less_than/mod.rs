//! Chip for slt, sltu (register and immediate forms).

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{DIFF_BITS, LESS_THAN_WIDTH, LessThanAir, LessThanCols};
pub use executor::LessThanExecutor;
pub use trace::less_than;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the LessThan opcodes are registered under.
pub const CHIP: &str = "LessThan";

/// The LessThan chip: ALU adapter + slt/sltu core.
#[derive(Clone, Copy, Debug, Default)]
pub struct LessThanChip;

impl Chip for LessThanChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(LessThanAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
