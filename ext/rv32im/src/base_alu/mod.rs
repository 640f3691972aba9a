//! Chip for add, sub, xor, or, and (register and immediate forms).

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{BASE_ALU_WIDTH, BaseAluAir, BaseAluCols};
pub use executor::BaseAluExecutor;
pub use trace::base_alu;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the BaseAlu opcodes are registered under.
pub const CHIP: &str = "BaseAlu";

/// The BaseAlu chip: ALU adapter + add/sub/xor/or/and core.
#[derive(Clone, Copy, Debug, Default)]
pub struct BaseAluChip;

impl Chip for BaseAluChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BaseAluAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
