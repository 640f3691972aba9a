//! Chip for mulh, mulhsu, mulhu (high 32 bits of the product).
//!
//! # Why the result is determined by the inputs
//!
//! Column group by column group (the constraints are in the `air` module docs):
//!
//! - **Adapter** (`pc`, `timestamp`, the three pointers, the access
//!   proofs): the execution and program buses fix the instruction (opcode,
//!   operands, `e`) at this pc and timestamp; the memory bus fixes `b` to
//!   rs1's bytes and `c` to rs2's bytes (bytes on the bus are bytes: every
//!   write is byte-checked where it is sent), and takes the write of `a` to
//!   rd; `prev_data` is whatever the previous access of rd wrote.
//! - **Opcode flags**: booleans summing to `is_valid`; the opcode on the
//!   program bus is their weighted sum.
//! - **Signs** `b_sign`, `c_sign`: booleans; the byte check of
//!   `(2·((mulh + mulhsu)·b_3 − 128·b_sign), 2·(mulh·c_3 − 128·c_sign))`
//!   makes them the top bits of `b_3` / `c_3` where the opcode reads that
//!   operand as signed, and 0 elsewhere. The 8-limb extensions `B`, `C`
//!   (limbs 4..7 are `255·sign`) are then the operands mod `2^64` as the
//!   opcode reads them.
//! - **Low chunks** `low` and **result `a`**: the four 16-bit chunks
//!   `(low_0, low_1, a_0 + 2^8 a_1, a_2 + 2^8 a_3)` are range-checked (16
//!   bits, byte pairs), and the four chunk carries are expressions
//!   range-checked below `2^9, 2^10, 2^11, 2^11`; every equation stays below
//!   `2^28 < p`, so it holds over the integers and the chunks are the digits
//!   of `B·C mod 2^64`: `a` is its high word, `low` its low word.
//!
//! `tests::consistent_forgeries_are_rejected` builds the strongest
//! alternative witnesses for an honest row (see that test's doc) and checks
//! that the prover's checks and the full prover and verifier reject them.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{CARRY_BITS, LOW_BITS, MULH_WIDTH, MulHAir, MulHCols};
pub use executor::MulHExecutor;
pub use trace::{mulh, product};

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the MulH opcodes are registered under.
pub const CHIP: &str = "MulH";

/// The MulH chip: register-only ALU adapter + high-word multiplication core.
#[derive(Clone, Copy, Debug, Default)]
pub struct MulHChip;

impl Chip for MulHChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(MulHAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
