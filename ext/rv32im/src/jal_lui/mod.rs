//! Chip for jal and lui.
//!
//! # Soundness: rd and the next pc are determined by the instruction
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
//!   Operand `f` is the write's `enabled` (rd ≠ x0), `c` is `imm`.
//! * **rd limbs** (when written; byte-checked as two pairs): jal —
//!   `Σ rd_i 256^i = pc + 4` with `rd_3 < 2^6`, below `2^30 < p`, so they
//!   are the bytes of `pc + 4` (pcs of a provable program are below 2^30);
//!   lui — `rd_0 = 0` and `16 c = rd_1 + 2^8 rd_2 + 2^16 rd_3` with
//!   `rd_1 / 16 < 2^4`, so they are the bytes of `c << 12`.
//! * **The write** (`prev_data`, timestamp proof): fixed by the memory bus
//!   receive, gap limbs unique. Without a write (rd = x0) the limbs are read
//!   by nothing that leaves the row.
//! * **Output**: the rd write at `t`, and the execution bus send
//!   `(pc + c, t + 1)` (jal) or `(pc + 4, t + 1)` (lui).

mod air;
mod executor;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{JAL_LUI_WIDTH, JalLuiAir, JalLuiCols};
pub use executor::JalLuiExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the JalLui opcodes are registered under.
pub const CHIP: &str = "JalLui";

/// The JalLui chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct JalLuiChip;

impl Chip for JalLuiChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(JalLuiAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
