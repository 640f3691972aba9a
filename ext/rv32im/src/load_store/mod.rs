//! Chip for loads (lw, lh, lhu, lb, lbu) and stores (sw, sh, sb).
//!
//! # Soundness: the access and rd are determined by the operands
//!
//! Column group by column group (constraints: `air.rs` and
//! `adapters/loadstore.rs`):
//!
//! * **The instruction** (`pc`, `timestamp`, flags, operand columns): the
//!   execution bus receive `(pc, t)` fixes the place in the run, and the
//!   program bus lookup at `pc` — whose opcode is `Σ flag · opcode` and
//!   whose operands are the operand columns — makes the flags and operands
//!   the committed instruction's (flags are boolean with a boolean sum, so a
//!   valid row has exactly the one flag of its opcode; a padding row has none
//!   and no interactions).
//!   `write_rd` is operand `f` of a load (0 on stores: the execution bus
//!   carries `f = write_rd + is_store`).
//! * **Register operands** (limbs) and their **timestamp proofs**: each read
//!   receives `(space, pointer, limbs, prev_t)` on the memory bus, so the
//!   limbs are the last value written there (bytes: every write is
//!   byte-checked where it is sent) and `prev_t` is that write's timestamp;
//!   the gap limbs are `t - prev_t - 1` split 16 + 13 bits, range-checked,
//!   hence unique.
//! * **Address** (`carry_lo`, `carry_hi`, offset flags boolean; `word_lo <
//!   2^10`, `page_lo < 2^4`, `hi < 2^13`): both half-sum equations hold
//!   over the integers (terms below 2^18), so the columns are the unique
//!   decomposition of `addr = rs1 + imm mod 2^32` into offset, word index
//!   and page, with `addr < 2^29`; `page_inv` is the inverse of `addr >>
//!   12`, which must exist (`addr ≥ 0x1000`). Words need offset 0, halves an
//!   even one. An address outside memory or misaligned has no witness.
//! * **`data`**: the memory bus receive at the word pointer `addr - offset`
//!   (loads) or at rs2 (stores): the word's bytes or rs2's.
//! * **`sign`**: 0 except on lb / lh, where it is boolean and the range
//!   lookup `w_j - 128 sign < 2^7` of the loaded byte `w_j` (a byte of
//!   `data`) makes it that byte's top bit.
//! * **`written`**: `w_k = loaded_k + stored_k`, a function of the flags,
//!   the offset selectors, `data`, `sign` and `prev_data`: the loaded value
//!   (lw / lbu / lhu / lb / lh) or the merged memory word (sw / sh / sb).
//! * **The third access** (`write`): its `prev_data` and timestamp proof come
//!   from the memory bus receive; all 0 on a load into x0 (no write).
//! * **Output**: the write of `written` to rd or the memory word at `t + 2`,
//!   the execution bus send `(pc + 4, t + 2 + f)`.
//!
//! The forgery tests (`forgery.rs`) move the byte selection, the half and
//! the sign extension of loads and show which check stops each.

mod air;
mod executor;
#[cfg(test)]
mod forgery;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{LOAD_STORE_WIDTH, LoadStoreAir, LoadStoreCols};
pub use executor::LoadStoreExecutor;
pub use trace::loaded_value;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the LoadStore opcodes are registered under.
pub const CHIP: &str = "LoadStore";

/// The LoadStore chip: address gadget + load/store core.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadStoreChip;

impl Chip for LoadStoreChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(LoadStoreAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
