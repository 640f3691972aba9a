//! Chip for beq, bne.
//!
//! # Soundness: the decision is determined by the operands
//!
//! Column group by column group (constraints: `air.rs`):
//!
//! * **The instruction** (`pc`, `timestamp`, flags, operand columns): the
//!   execution bus receive `(pc, t)` fixes the place in the run, and the
//!   program bus lookup at `pc` — whose opcode is `Σ flag · opcode` and
//!   whose operands are the operand columns — makes the flags and operands
//!   the committed instruction's (flags are boolean with a boolean sum, so a
//!   valid row has exactly the one flag of its opcode; a padding row has none
//!   and no interactions).
//! * **Register operands** (limbs) and their **timestamp proofs**: each read
//!   receives `(space, pointer, limbs, prev_t)` on the memory bus, so the
//!   limbs are the last value written there (bytes: every write is
//!   byte-checked where it is sent) and `prev_t` is that write's timestamp;
//!   the gap limbs are `t - prev_t - 1` split 16 + 13 bits, range-checked,
//!   hence unique.
//! * **`taken`, `inv`**: with `eq = beq · taken + bne · (1 - taken)`,
//!   `eq · (rs1_i - rs2_i) = 0` forces equal limbs when `eq = 1`, and
//!   `Σ (rs1_i - rs2_i)^2 · inv = is_valid - eq` forces a nonzero sum, i.e.
//!   some differing limb (bytes: the sum is below `4 · 255^2 < p`), when
//!   `eq = 0`. So `eq = [rs1 = rs2]` and `taken` is the branch decision;
//!   `inv` is the sum's inverse when the operands differ and 0 otherwise
//!   (`(1 - is_valid + eq) · inv = 0`).
//! * **Output**: the execution bus send `(pc + 4 + taken · (c - 4), t + 2)`.

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{BRANCH_EQ_WIDTH, BranchEqAir, BranchEqCols};
pub use executor::BranchEqExecutor;
pub(crate) use executor::{branch, pre_decode_branch};
pub use trace::branch_eq_taken;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the BranchEq opcodes are registered under.
pub const CHIP: &str = "BranchEq";

/// The BranchEq chip: branch adapter + equality core.
#[derive(Clone, Copy, Debug, Default)]
pub struct BranchEqChip;

impl Chip for BranchEqChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BranchEqAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
