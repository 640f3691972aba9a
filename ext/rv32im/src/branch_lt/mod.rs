//! Chip for blt, bltu, bge, bgeu.
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
//! * **`signs`**: 0 on unsigned rows; on signed rows boolean, and the
//!   byte-pair lookup of `2 (x_3 - 128 sign_x)` makes `x_3 - 128 sign_x`
//!   lie in `[0, 128)`, which for a byte `x_3` holds only for its top bit.
//!   So the top limbs `X_3 = x_3 - 256 sign_x` are the signed (or unsigned)
//!   values and `δ_i = Y_i - X_i` are the integer limb differences.
//! * **`marker`**: booleans with a boolean sum. Without a marker every
//!   `δ_i` is 0; with a marker at `i`, every `δ_j` above it is 0, and
//!   `δ_i ≠ 0` because `diff = ±δ_i` has `diff - 1 < 2^8` (a range lookup
//!   when a marker is set). So the marker is the most significant differing
//!   limb, or absent exactly when the operands are equal.
//! * **`lt`, `diff`**: `diff = (2 lt - 1) · δ_i ∈ [1, 256]` and `|δ_i| ≤ 255`,
//!   so exactly one `lt` fits: `lt = [δ_i > 0] = [rs1 < rs2]`, `diff =
//!   |δ_i|`; equal operands give `lt = 0` (`(1 - Σ marker) · lt = 0`).
//! * **`taken`**: `lt` for blt / bltu, `1 - lt` for bge / bgeu.
//! * **Output**: the execution bus send `(pc + 4 + taken · (c - 4), t + 2)`.
//!
//! Padding rows may hold signs and a marker: nothing outside the row reads
//! them (every count there is 0, except the `diff` range lookup when a
//! marker is set, which must then be a table entry). The forgery tests
//! (`forgery.rs`) show the checks at work.

mod air;
mod executor;
#[cfg(test)]
mod forgery;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{BRANCH_LT_WIDTH, BranchLtAir, BranchLtCols};
pub use executor::BranchLtExecutor;
pub use trace::branch_lt_taken;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the BranchLt opcodes are registered under.
pub const CHIP: &str = "BranchLt";

/// The BranchLt chip: branch adapter + comparison core.
#[derive(Clone, Copy, Debug, Default)]
pub struct BranchLtChip;

impl Chip for BranchLtChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BranchLtAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
