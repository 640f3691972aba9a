//! Chip for div, divu, rem, remu: the ALU adapter (register form) and a core
//! proving `b = c·q + r` with `|r| < |c|` (see [`air`] for the constraints
//! and the soundness argument, division by zero and `i32::MIN / -1` included).
//!
//! # Why the result is determined by the inputs
//!
//! Column group by column group (the full argument is in [`air`]):
//!
//! - **Adapter** (`pc`, `timestamp`, the three pointers, the access
//!   proofs): the execution and program buses fix the instruction (opcode,
//!   operands, `e`) at this pc and timestamp; the memory bus fixes `b` to
//!   rs1's bytes and `c` to rs2's bytes (bytes on the bus are bytes: every
//!   write is byte-checked where it is sent), and takes the write of `a` to
//!   rd; `prev_data` is whatever the previous access of rd wrote.
//! - **Opcode flags**: booleans summing to `is_valid`; the opcode on the
//!   program bus is their weighted sum. `a` is `q` (div, divu) or `r` (rem,
//!   remu).
//! - **`b_sign`, `c_sign`**: booleans, 0 on unsigned rows; on signed rows
//!   the byte check of `2·(b_3 − 128·b_sign)` (and `c`'s) makes them the top
//!   bits. So `B`, `C` are the operands as the opcode reads them.
//! - **`q`, `r`, `d`** (bytes, checked in pairs), **`q_sign`, `r_sign`,
//!   `zero`** (booleans): the product carries (range-checked below `2^12`)
//!   make `C·Q + R = B` an integer identity; `r_sign = b_sign` unless
//!   `r = 0`; when `zero = 0` the bound carries (range-checked, the last one
//!   equal to `r_sign − c_sign`) make `d = |C| − |R| − 1 ≥ 0`. These pin
//!   `Q = trunc(B / C)` and `R = B − C·Q`, hence `q`, `r`, `d`, `r_sign`, and
//!   `q_sign` (`Q = q − 2^32 q_sign` with `q < 2^32` leaves one choice).
//!   `zero = 1` iff `c = 0`, and then `q = 0xffff_ffff`, `R = B` (so `r = b`,
//!   `r_sign = b_sign`), and the cells nothing else reaches are pinned:
//!   `q_sign = 0`, `d = 0`.
//!
//! `tests::consistent_forgeries_are_rejected` builds the strongest
//! alternative witnesses for an honest row (see that test's doc) and checks
//! that the prover's checks and the full prover and verifier reject them.

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
