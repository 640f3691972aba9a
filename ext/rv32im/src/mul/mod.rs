//! Chip for mul (low 32 bits of the product).

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{CARRY_BITS, MUL_WIDTH, MulAir, MulCols, limb_products};
pub use executor::MulExecutor;
pub use trace::record_chunk_carries;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Mul opcode is registered under.
pub const CHIP: &str = "Mul";

/// The Mul chip: register-only ALU adapter + multiplication core.
#[derive(Clone, Copy, Debug, Default)]
pub struct MulChip;

impl Chip for MulChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(MulAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
