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
//! *The compression.* Load rows and round rows shift the working
//! variables to the next row (`b' = a, c' = b, f' = e, g' = f` bit by bit,
//! `d' = c, h' = g` as limbs); a load row sets the next `a`, `e` limbs to
//! the halves of the words it read; a round row sets the next `e` to
//! `d + T1` and `a` to `T1 + T2` in 16-bit halves. What must be shown is
//! that on round row `r` (position `5 + r`) the columns hold the true
//! `a_r .. h_r` and `W_r` of the compression of the loaded state with the
//! block read. Column by column, on a round row:
//!
//! - `a`, `e`: boolean on *every* row (64 constraints of degree 2). Their
//!   limbs are tied to a value below `2^16` each (the halves of a loaded
//!   word, or the previous round's results, below), and boolean columns
//!   whose weighted sum is such a value are its binary digits: `a`, `e` are
//!   the bits of the words their limbs name. Without booleanity (issue #10
//!   item 1.1) adding `2x` to bit `p` and `-x` to bit `p + 1` keeps the
//!   limbs and moves `Σ0 + Maj` (or `Σ1 + Ch`) by any amount: the forger
//!   solved a 2×2 system over the field and chose every output word
//!   (`super::forgery` now proves that attack rejected).
//! - `b`, `c`, `f`, `g`: copies. The two rows above round row `j`
//!   (`j - 1, j - 2 >= 3`) are load or round rows, so `b_j = a_{j-1}`,
//!   `c_j = b_{j-1} = a_{j-2}`, `f_j = e_{j-1}`, `g_j = e_{j-2}` bit by bit:
//!   boolean because `a` and `e` are, with no constraint of their own. No
//!   round equation reads the copies that start at row 1 (whose `a`, `e` no
//!   load row sets: they reach at most `d`, `h` of load row 4) or those of
//!   the final row.
//! - `d`, `h`: the limbs of the previous row's `c`, `g`, so `d_j =
//!   a_{j-3}`, `h_j = e_{j-3}` as 16-bit limbs. On the first round row the
//!   chain runs through the load rows: `a, b, c, d = H_0, H_1, H_2, H_3`
//!   and `e, f, g, h = H_4 .. H_7` (load row `p` read words `3 - p`,
//!   `7 - p`).
//! - `w`: for `r < 16` the halves of block word `r` read (big-endian:
//!   bytes 3, 2 low, 1, 0 high; memory words are bytes); for `r >= 16` the
//!   schedule sum below, range-checked to 16 bits.
//! - `window`: round rows shift it and append `w`, so from round 16 on it
//!   holds exactly `W_{r-16} .. W_{r-1}` as limbs; `w1_bits`, `w14_bits`
//!   are boolean and compose to window words 1 and 14 on every row, so they
//!   are the bits of `W_{r-15}` and `W_{r-2}`.
//! - `k`: `K_r`, from the schedule table.
//! - `carry_e`, `carry_a` (3 bits per half), `carry_w` (2 bits per half):
//!   boolean, so integers below 8 and 4.
//! - `slack`, `slack_w`: zero on round (schedule) rows, so the round
//!   (schedule) equations hold there; elsewhere the slacks absorb them (a
//!   gated degree-3 expression would be degree 4).
//!
//! With every bit boolean, `Σ0, Σ1, Ch, Maj` (polynomials of degree ≤ 3)
//! and `σ0, σ1` are the bits of the word functions, so every term of a
//! round equation is an integer below `2^16`: `d + T1 + carry` (six limbs)
//! and `T1 + T2 + carry` (seven) are below `7 · 2^16 + 8`, `new + 2^16 ·
//! carry` below `2^19 < p`, and the schedule sum (four limbs and a carry
//! below 4) below `2^18`. The field equations are integer equations,
//! so the next row's limbs are the true sums mod `2^16`. By induction over
//! the rounds every round row holds the true `a_r .. h_r`, and the output
//! rows write `H_i + (a_64, a_63, a_62, a_61, e_64, e_63, e_62, e_61)_i`
//! (`a`, `e` of rounds 61..63's rows and of the final row, by their
//! limbs): the compression function.
//!
//! *Column contract* (`Sha256Air::column_domains`, `ControlCols::CONTRACT`,
//! `SlotCols::CONTRACT`; the schedule table's one column is its
//! multiplicity). Declared bits (flags, `a`, `e`, carries, `w1_bits`,
//! `w14_bits`) have their own `x·(x − 1)` constraint; `b, c, f, g` are
//! declared determined, as copies (above), and have none of their own.
//! Declared bytes and limbs are range-checked where this chip is their
//! source: slot data on write rows (bitwise lookups), `w` on schedule
//! rows, the pointer limbs on the instruction row. On read rows the slot
//! data is the word the memory bus delivered (bytes by the memory
//! argument) and `w` is two of its bytes; a slot's data on a row where
//! the slot makes no access, and the pointer limbs off the instruction
//! row, are read by no constraint that is active there.
//!
//! # Cost
//!
//! [`SHA256_WIDTH`] main columns (364) × 70 rows per block, 364
//! constraints of degree ≤ 3 (300 before `a`, `e` were constrained
//! boolean), 23 bus interactions per row; the software compression costs about 3,000
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
