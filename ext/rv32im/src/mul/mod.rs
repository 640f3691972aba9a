//! Chip for mul (low 32 bits of the product).
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
//! - **`is_valid`**: boolean; the opcode on the program bus is mul's.
//! - **Result `a`**: byte-checked in pairs. With the limb products `S_i` of
//!   `b` and `c`, the two carries `κ_0 = (S_0 + 2^8 S_1 − a_0 − 2^8 a_1) / 2^16`
//!   and `κ_1 = (S_2 + 2^8 S_3 + κ_0 − a_2 − 2^8 a_3) / 2^16` are range-checked
//!   below `2^9` and `2^10`; every term is below `2^27 < p`, so both equations
//!   hold over the integers and `a_0 + 2^8 a_1`, `a_2 + 2^8 a_3` are the two
//!   16-bit chunks of `b·c mod 2^32`: no other byte values close them.
//!
//! `tests::consistent_forgeries_are_rejected` builds the strongest
//! alternative witnesses for an honest row (see that test's doc) and checks
//! that the prover's checks and the full prover and verifier reject them.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{CARRY_BITS, MUL_WIDTH, MulAir, MulCols, limb_products};
pub use executor::MulExecutor;
pub use trace::record_chunk_carries;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Mul opcode is registered under.
pub const CHIP: &str = "Mul";

/// The Mul chip: register-only ALU adapter + multiplication core.
#[derive(Clone, Copy, Debug, Default)]
pub struct MulChip;

impl Chip for MulChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(MulAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
