//! Chip for mulh, mulhsu, mulhu (high 32 bits of the product).

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{CARRY_BITS, LOW_BITS, MULH_WIDTH, MulHAir, MulHCols};
pub use executor::MulHExecutor;
pub use trace::{mulh, product};

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the MulH opcodes are registered under.
pub const CHIP: &str = "MulH";

/// The MulH chip: register-only ALU adapter + high-word multiplication core.
#[derive(Clone, Copy, Debug, Default)]
pub struct MulHChip;

impl Chip for MulHChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(MulHAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
