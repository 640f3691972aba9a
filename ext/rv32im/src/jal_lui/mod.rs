//! Chip for jal and lui.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{JAL_LUI_WIDTH, JalLuiAir, JalLuiCols};
pub use executor::JalLuiExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the JalLui opcodes are registered under.
pub const CHIP: &str = "JalLui";

/// The JalLui chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct JalLuiChip;

impl Chip for JalLuiChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(JalLuiAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
