//! Chip for blt, bltu, bge, bgeu.

mod air;
mod executor;
#[cfg(test)]
mod forgery;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{BRANCH_LT_WIDTH, BranchLtAir, BranchLtCols};
pub use executor::BranchLtExecutor;
pub use trace::branch_lt_taken;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the BranchLt opcodes are registered under.
pub const CHIP: &str = "BranchLt";

/// The BranchLt chip: branch adapter + comparison core.
#[derive(Clone, Copy, Debug, Default)]
pub struct BranchLtChip;

impl Chip for BranchLtChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BranchLtAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
