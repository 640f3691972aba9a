//! Chip for auipc.
//!
//! # Soundness: rd is determined by the pc and the immediate
//!
//! Column group by column group (constraints: `air.rs`):
//!
//! * **The instruction** (`is_valid`, `pc`, `timestamp`, `imm`, rd's
//!   pointer `a`): the execution bus receive `(pc, t)` and the program bus
//!   lookup at `pc`.
//! * **`enabled`, `rd_ptr_inv`**: `a · a_inv = enabled` and `(1 - enabled)
//!   · a = 0` make `enabled = [a ≠ 0]`; `(1 - enabled) · a_inv = 0` makes
//!   the inverse 0 when unused.
//! * **When enabled** — `pc_hi < 2^14` and `pc - 2^16 pc_hi < 2^16` split
//!   the pc exactly (pcs are below 2^30), `imm_lo < 2^4`, rd's limbs are
//!   bytes (the write gadget) and the carries boolean. Both equations have
//!   every term below 2^21, so they hold over the integers: the first fixes
//!   rd's low half and `carry_lo` from `pc_lo + 2^12 imm_lo`, the second
//!   forces `imm - imm_lo ≡ 0 (mod 16)` (so `imm_lo = imm mod 16`) and fixes
//!   rd's high half and `carry_hi`. So rd is `pc + (imm << 12) mod 2^32`.
//!   The write's `prev_data` and timestamp proof come from the memory bus.
//! * **When not enabled** (`auipc x0`): nothing is written, and rd's limbs,
//!   `pc_hi`, `imm_lo` and the carries are not range-checked; nothing reads
//!   them outside the row.
//! * **Output**: the rd write at `t`, the execution bus send `(pc + 4, t + 1)`.

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
