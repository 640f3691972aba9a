//! The EcallMemory chip: the byte accesses of `read_input` (stores of the
//! private input) and `reveal` (loads of the public output), one row each,
//! chained to their Ecall row on the `ecall_memory` bus.

mod air;
mod trace;

pub use air::{ECALL_MEMORY_WIDTH, EcallMemoryAir, EcallMemoryCols};
pub use trace::revealed;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// Chip name of EcallMemory (no opcode is registered under it: its rows
/// come from the Ecall steps).
pub const CHIP: &str = "EcallMemory";

/// The EcallMemory chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct EcallMemoryChip;

impl Chip for EcallMemoryChip {
    fn name(&self) -> &'static str {
        CHIP
    }

    /// One row per byte a `read_input` or `reveal` touches: at most one per
    /// word access of the ecall instructions.
    fn estimated_rows(&self, stats: &trellis_vm::circuit::RunStats<'_>) -> u64 {
        stats.accesses(super::CHIP)
    }
    fn air(&self) -> DynAir {
        DynAir::new(EcallMemoryAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
