//! Chip for beq, bne.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{BRANCH_EQ_WIDTH, BranchEqAir, BranchEqCols};
pub use executor::BranchEqExecutor;
pub(crate) use executor::{branch, pre_decode_branch};
pub use trace::branch_eq_taken;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the BranchEq opcodes are registered under.
pub const CHIP: &str = "BranchEq";

/// The BranchEq chip: branch adapter + equality core.
#[derive(Clone, Copy, Debug, Default)]
pub struct BranchEqChip;

impl Chip for BranchEqChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BranchEqAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
