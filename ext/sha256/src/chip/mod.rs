//! The compression chip: 70 rows per `sha256compress`, and the schedule
//! table that fixes what each row does.
//!
//! # Rows
//!
//! Position `j` in a block (`layout::row_info`): 0 the instruction row
//! (execution and program bus, reads of `rs1` and `rs2`); 1..=4 load rows
//! (slot A reads state word `3 - p`, slot E word `7 - p`); 5..=68 round
//! rows `r = j - 5` (slot A reads block word `r` for `r < 16`); 69 the final
//! row. Rounds 61..63 and the final row write the output words (slot A
//! words 3, 2, 1, 0; slot E words 7, 6, 5, 4). Each row has the working
//! variables before its round: `a, b, c, e, f, g` as 32 bit columns each,
//! `d, h` as 16-bit limbs; the message window `W_{r-16}..W_{r-1}` and `W_r`
//! as 16-bit limbs, with the bits of `W_{r-15}` and `W_{r-2}`.
//!
//! # Soundness
//!
//! *Structure.* Every real row (`is_real = is_instruction + is_load +
//! is_round + is_final`, boolean, the four flags boolean) looks up its
//! `(j, K_r, flags, offsets)` in the preprocessed schedule table, so its
//! flags, constant and offsets are those of position `j`; padding rows have
//! every flag 0, hence no interaction. The first row has `j = 0`; inside a
//! block (`is_real - is_final = 1`) the next row is real with `j + 1`; after
//! a final row the next row has `j = 0`; padding is never followed by a
//! real row; the last row is not inside a block. So the real rows are whole
//! blocks `j = 0..69` in order, and every block has exactly one
//! instruction row, which receives `(pc, t)` on the execution bus, sends
//! `(pc + 4, t + 34)` and looks up `(pc, sha256compress, a, b, 0, 1, 2, 0,
//! 0)` in the program.
//!
//! *Memory.* `state_ptr`, `block_ptr` are constant over a block and `ts`
//! advances by the row's accesses, so access `k` of the block has
//! timestamp `t + k` and the 34 accesses are the executor's, in order. The
//! instruction row reads registers `a/4`, `b/4` (address space 1) and sets
//! the pointers to the words read; each pointer is `0x1000 + 4 (lo + 2^16
//! hi)` with `lo < 2^16`, `hi < 2^11` and its top byte `< 32` (so the
//! register value is below `2^29 < p` as an integer: the field equation is
//! an integer one): aligned, above the guard page; accesses past `2^29`
//! cannot balance (the boundary range-checks pointers). Each access uses
//! the gadget of the base chips (`eval_access`: receive the previous value
//! and timestamp, send the new one, `prev_t < t` range-checked). Reads
//! send back what they received; writes receive the previous word (the
//! loaded state word: between the load and the write only this block's
//! reads touch memory) and send `prev + value mod 2^32`, computed in 16-bit
//! halves with boolean carries, the written bytes byte-checked (so every
//! written word is four bytes, as the memory argument assumes).
//!
//! *The compression.* Load rows and round rows shift the working variables
//! (`b' = a, c' = b, d' = c, f' = e, g' = f, h' = g`, bits and limbs); a load
//! row sets the next `a`, `e` to the words it read, so the first round row
//! holds the loaded state `H_0..H_7`. A round row sets the next `e` to
//! `d + T1` and `a` to `T1 + T2` in 16-bit halves: `Σ0, Σ1, Ch, Maj` are
//! polynomials of degree ≤ 3 in the bit columns (boolean), the carries are
//! 3 boolean columns each, the result is the next row's bits; every sum is
//! below `2^20`, so the equations hold over the integers and the new
//! halves are the true sums mod 2^16. The equations are stated on every
//! row with a slack column that must be zero on round rows (the degree
//! stays 3 instead of 4 for a gated degree-3 expression); elsewhere the
//! slack absorbs them. `W_r` is the block word read (big-endian: bytes 3,
//! 2 low, 1, 0 high) for `r < 16`, and the sum of `σ1(W_{r-2})`,
//! `W_{r-7}`, `σ0(W_{r-15})` and `W_{r-16}` (slack-gated, 2-bit carries, both halves range-checked to
//! 16 bits) for `r ≥ 16`; round rows shift the window and append `W_r`, so
//! at round `r ≥ 16` the window holds exactly the earlier words, and the
//! bit columns of words 1 and 14 compose to their limbs on every row. The
//! output rows thus write `H_i + (a_64, a_63, a_62, a_61, e_64, e_63, e_62,
//! e_61)_i`: the compression function.
//!
//! # Cost
//!
//! [`SHA256_WIDTH`] main columns (364) × 70 rows per block, 23 bus
//! interactions per row; the software compression costs about 3,000
//! RV32IM instructions of about 60 cells each.

mod air;
mod bits;
mod columns;
#[cfg(test)]
mod forgery;
pub mod layout;
pub mod table;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{PTR_HI_BITS, PTR_LO_BITS, Sha256Air};
pub use columns::{ControlCols, SHA256_WIDTH, Sha256Cols, SlotCols};
pub use table::{SCHEDULE_BUS, ScheduleAir, ScheduleChip};

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the `sha256compress` opcode is registered under.
pub const CHIP: &str = "Sha256";

/// The compression chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256Chip;

impl Chip for Sha256Chip {
    fn name(&self) -> &'static str {
        CHIP
    }

    /// [`layout::ROWS_PER_BLOCK`] rows per compression.
    fn estimated_rows(&self, stats: &trellis_vm::circuit::RunStats<'_>) -> u64 {
        stats.steps(CHIP) * layout::ROWS_PER_BLOCK as u64
    }
    fn air(&self) -> DynAir {
        DynAir::new(Sha256Air)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
