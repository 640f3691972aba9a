//! Chip for div, divu, rem, remu: the ALU adapter (register form) and a core
//! proving `b = c·q + r` with `|r| < |c|` (see [`air`] for the constraints
//! and the soundness argument, division by zero and `i32::MIN / -1` included).

pub mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{DIVREM_WIDTH, DivRemAir, DivRemCols};
pub use executor::DivRemExecutor;
pub use trace::{Division, division};

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the DivRem opcodes are registered under.
pub const CHIP: &str = "DivRem";

/// The DivRem chip: ALU adapter + division core.
#[derive(Clone, Copy, Debug, Default)]
pub struct DivRemChip;

impl Chip for DivRemChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(DivRemAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
