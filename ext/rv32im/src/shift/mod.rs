//! Chip for sll, srl, sra (register and immediate forms).
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
//! - **Opcode flags** `is_right`, `is_sra`: booleans, `is_sra ⇒ is_right`,
//!   and the opcode on the program bus is `OFFSET + is_right + is_sra`: so
//!   they are the instruction's (sll 0 0, srl 1 0, sra 1 1).
//! - **Shift amount** (`limb_offset` `δ`, `bit_shift` `k`, `multiplier` `m`):
//!   `δ` is one-hot (its sum is `is_valid`), `k`'s bits are booleans and
//!   `m = 2^k` is a polynomial identity in them. The amount
//!   `s = (k − 8D)(1 − 2·is_right)` is tied to `c_0` by the byte check of
//!   `h = (c_0 − s) / 32`, so `s ≡ c_0 (mod 32)`; sll has `D ≤ 0`, right
//!   shifts `D ≥ 0`, a right shift with `D = 0` has `k = 0` and one with
//!   `D = 4` has `k ≥ 1` (byte check of `m − 2δ_4`). Each `s ∈ [0, 31]` then
//!   has exactly one `(D, k)`, so `δ`, `k`, `m` are functions of `c_0 mod 32`
//!   and the opcode.
//! - **Bit carries** `hi_i`: `b_i·m = lo_i + 256·hi_i` with `lo_i` and `hi_i`
//!   byte-checked and `b_i·m < 2^16`, so `hi_i` and `lo_i` are the quotient
//!   and remainder of `b_i·m` by 256.
//! - **`sign`**: boolean, and the byte check of `2·(is_sra·b_3 − 128·sign)`
//!   makes it the top bit of `b_3` on sra rows and 0 on the others.
//! - **Result `a`**: `a_j = Σ_d δ_d·T_(j+d)`, each `T` an expression of `b`,
//!   `m`, `hi` and `sign` (the limbs of `B·2^k`, bytes by construction): a
//!   function of the cells above. It is `B << s` (sll) or
//!   `(B·2^(32 − s)) >> 32 = B >> s` (right shifts, arithmetic when `B` is
//!   sign-extended).
//!
//! `tests::consistent_forgeries_are_rejected` builds the strongest
//! alternative witnesses for an honest row (see that test's doc) and checks
//! that the prover's checks and the full prover and verifier reject them.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{LIMB_OFFSETS, OFFSET_ZERO, SHIFT_WIDTH, ShiftAir, ShiftCols};
pub use executor::ShiftExecutor;
pub use trace::shift;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the Shift opcodes are registered under.
pub const CHIP: &str = "Shift";

/// The Shift chip: ALU adapter + sll/srl/sra core.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShiftChip;

impl Chip for ShiftChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(ShiftAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
