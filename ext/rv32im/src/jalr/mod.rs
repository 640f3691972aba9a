//! Chip for jalr.
//!
//! # Soundness: the target and rd are determined by rs1 and the instruction
//!
//! Column group by column group (constraints: `air.rs`):
//!
//! * **The instruction** (`is_valid`, `pc`, `timestamp`, `rs1_ptr`, `imm`,
//!   `imm_sign`, rd's pointer and `enabled`): the execution bus receive
//!   `(pc, t)` and the program bus lookup at `pc` (opcode `is_valid ·
//!   jalr`, operands a, b, c, f, g from the columns).
//! * **Register operands** (limbs) and their **timestamp proofs**: each read
//!   receives `(space, pointer, limbs, prev_t)` on the memory bus, so the
//!   limbs are the last value written there (bytes: every write is
//!   byte-checked where it is sent) and `prev_t` is that write's timestamp;
//!   the gap limbs are `t - prev_t - 1` split 16 + 13 bits, range-checked,
//!   hence unique.
//! * **Target** (`carry_lo`, `carry_hi`, `bit0` boolean; `q`, `hi` below
//!   2^14): both half-sum equations have every term below 2^18, so they hold
//!   over the integers, and `bit0 + 4 q + 2^16 carry_lo` is the unique
//!   decomposition of the low half of `rs1 + imm` with bit 1 zero (a target
//!   with bit 1 set, or at or above 2^30, has no witness: such a run
//!   faults), `hi + 2^16 carry_hi` that of the high half. The target is
//!   `4 q + 2^16 hi`.
//! * **rd limbs** (when written): `Σ rd_i 256^i = pc + 4`, bytes, `rd_3 <
//!   2^6`: the bytes of `pc + 4`. The write's `prev_data` and timestamp proof
//!   come from the memory bus.
//! * **Output**: the rd write at `t + 1`, the execution bus send
//!   `(target, t + 1 + f)`.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{JALR_WIDTH, JalrAir, JalrCols};
pub use executor::JalrExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Jalr opcode is registered under.
pub const CHIP: &str = "Jalr";

/// The Jalr chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct JalrChip;

impl Chip for JalrChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(JalrAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
