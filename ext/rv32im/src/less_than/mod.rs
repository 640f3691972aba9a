//! Chip for slt, sltu (register and immediate forms).
//!
//! # Why the result is determined by the inputs
//!
//! Column group by column group (the constraints are in the `air` module docs):
//!
//! - **Adapter** (`pc`, `timestamp`, the three pointers, the access
//!   proofs): the execution and program buses fix the instruction (opcode,
//!   operands, `e`) at this pc and timestamp; the memory bus fixes `b` to
//!   rs1's bytes and, when `rs2_is_reg` (the instruction's `e`) is 1, `c` to
//!   rs2's bytes (bytes on the bus are bytes: every write is byte-checked
//!   where it is sent); when it is 0 the adapter makes `c` the sign
//!   extension of the program's immediate. The bus takes the write of `a`
//!   to rd; `prev_data` is whatever the previous access of rd wrote.
//! - **Opcode flags** `is_slt`, `is_sltu`: booleans summing to `is_valid`;
//!   the opcode on the program bus is `OFFSET + is_sltu`.
//! - **Signs** `b_sign`, `c_sign`: booleans; the byte check of
//!   `(2·(is_slt·b_3 − 128·b_sign), 2·(is_slt·c_3 − 128·c_sign))` makes them
//!   the top bits of `b_3`, `c_3` on slt rows and 0 on sltu rows. So the
//!   compared limbs `x`, `y` (with the signed top limbs) are functions of the
//!   operands and the opcode.
//! - **Markers** `μ`: booleans with `Σμ ≤ 1`; limbs above the marked one are
//!   equal and the marked one differs (`diff ≥ 1` below), so the marker is on
//!   the most significant differing limb, or absent iff `x = y`.
//! - **`result`, `diff`**: at the marker `diff = (y_i − x_i)(2·result − 1)`
//!   and `diff − 1 < 2^8`, so `diff = |y_i − x_i|` and `result = [x < y]`;
//!   without a marker `result = 0` and `diff = 0`. The word written to rd is
//!   `(result, 0, 0, 0)`.
//!
//! `tests::consistent_forgeries_are_rejected` builds the strongest
//! alternative witnesses for an honest row (see that test's doc) and checks
//! that the prover's checks and the full prover and verifier reject them.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{DIFF_BITS, LESS_THAN_WIDTH, LessThanAir, LessThanCols};
pub use executor::LessThanExecutor;
pub use trace::less_than;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the LessThan opcodes are registered under.
pub const CHIP: &str = "LessThan";

/// The LessThan chip: ALU adapter + slt/sltu core.
#[derive(Clone, Copy, Debug, Default)]
pub struct LessThanChip;

impl Chip for LessThanChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(LessThanAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
