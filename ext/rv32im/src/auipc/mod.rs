//! Chip for auipc.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{AUIPC_WIDTH, AuipcAir, AuipcCols};
pub use executor::AuipcExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Auipc opcode is registered under.
pub const CHIP: &str = "Auipc";

/// The Auipc chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuipcChip;

impl Chip for AuipcChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(AuipcAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
