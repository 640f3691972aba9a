//! The bigint chip (soundness argument to be written).

mod air;
mod columns;
#[cfg(test)]
mod forgery;
#[cfg(test)]
mod tests;
pub mod trace;

pub use air::{BigIntAir, PTR_HI_BITS, PTR_LO_BITS, PTR_TOP_BITS};
pub use columns::{BIGINT_WIDTH, BigIntCols, RegCols, WordAccesses};

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the bigint opcodes are registered under.
pub const CHIP: &str = "BigInt";

/// The bigint chip: one row per instruction.
#[derive(Clone, Copy, Debug, Default)]
pub struct BigIntChip;

impl Chip for BigIntChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BigIntAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
