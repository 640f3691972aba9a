//! Chip for ecall: the guest ABI (docs/guest-abi.md).
//!
//! Three chips prove it (see each module's docs for the constraints):
//!
//! * [`EcallChip`] ("Ecall"): one row per executed ecall: the call number,
//!   the argument registers, the result register, the buffer bounds, and
//!   the exit tuple for `exit`;
//! * [`memory::EcallMemoryChip`] ("EcallMemory"): one row per byte that
//!   `read_input` stores or `reveal` loads (one word access each), chained to
//!   its Ecall row on the `ecall_memory` bus;
//! * [`public_output::PublicOutputChip`] ("PublicOutput"): the revealed
//!   bytes in order, bound to the public values.
//!
//! `write` sends its buffer to the host's stdout/stderr: the proof does not
//! cover those bytes (no memory reads), only the call's result in a0.

pub mod abi;
pub mod air;
pub mod buses;
mod executor;
pub mod memory;
pub mod public_output;
#[cfg(test)]
mod tests;
pub(crate) mod trace;

pub use air::{ECALL_WIDTH, EcallAir, EcallCols};
pub use executor::EcallExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the ecall opcode is registered under.
pub const CHIP: &str = "Ecall";

/// The Ecall chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct EcallChip;

impl Chip for EcallChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(EcallAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
