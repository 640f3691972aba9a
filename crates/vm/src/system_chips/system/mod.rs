//! The instruction chip of the system opcodes (`SYSTEM_CHIP`; the executor
//! is in `crate::system`).
//!
//! * `nop` (what the transpiler emits, all operands 0): receives `(pc, t)`,
//!   sends `(pc + 4, t + 1)` on the execution bus.
//! * `terminate` (exit code in operand `c`, never emitted by the
//!   transpiler): receives `(pc, t)` and sends `(pc, t + 1, c0, c1, c2, c3)`
//!   on the exit bus instead of a next state. `c = c0 + 2^8 c1 + 2^16 c2 +
//!   2^24 c3` with bytes `c0..c2` and `c3 < 2^6`: only exit codes below
//!   2^30 are provable (the bound makes the limbs the unique canonical
//!   decomposition of the field element `c`).
//! * `trap` never completes a run, so it has no rows.
//!
//! Both row kinds look up `(pc, opcode, 0, 0, c, 0, 0, 0, 0)` in the program
//! (for `nop`, `c = 0` forces nothing else: its limbs are unused). A `nop`
//! or `terminate` with other nonzero operands executes but is not provable.
//!
//! # Column contract
//!
//! * `is_nop`, `is_terminate` and their sum are boolean: a row is one kind
//!   or padding (all counts 0).
//! * `pc` and `timestamp` are the execution state the previous instruction
//!   sent (exec bus receive), and `pc` is a pc of the committed program
//!   (program lookup, which also fixes the opcode, so the row kind).
//! * `exit_code` on a `terminate` row: `c0`, `c1` are bytes (bitwise
//!   byte-pair lookup), `c2` a byte and `c3 < 2^6` (range lookups), so
//!   `c0 + 2^8 c1 + 2^16 c2 + 2^24 c3 < 2^30 < p` is the integer value of the
//!   program's operand `c` (program lookup) and the limbs are its unique
//!   base-256 digits. The outputs, the next state `(pc + 4, t + 1)` or the
//!   exit tuple `(pc, t + 1, c0..c3)`, are thus functions of the inputs.

mod air;
mod trace;

#[cfg(test)]
mod tests;

pub use air::{EXIT_CODE_TOP_BITS, SystemAir, SystemCols};

use crate::circuit::{Chip, TraceContext};
use crate::system::SYSTEM_CHIP;
use trellis_stark::{DynAir, RowMajorMatrix, Val};

/// The system instruction chip.
pub struct SystemChip;

impl Chip for SystemChip {
    fn name(&self) -> &'static str {
        SYSTEM_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(SystemAir)
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate(ctx)
    }
}
