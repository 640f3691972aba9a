//! Chip for `keccakf rs1`: Keccak-f\[1600\] in place on the 200-byte state
//! at the word-aligned address in `rs1`.
//!
//! # Layout
//!
//! One permutation per instruction, 24 rows (one per round), in
//! p3-keccak-air's layout (`step_flags`, `preimage`, `a`, ...,
//! `a_prime_prime_prime_0_0_limbs`: 2633 columns) followed by [`IoCols`]
//! (140 columns): `is_real`, `is_start`, `io_row`, `pc`, `timestamp`,
//! `rs1`, `ptr`, the 100 output limbs, and three memory-access slots.
//! Rows 0..17 carry the instruction's 51 accesses, three per row: access
//! `k = 3 · round + slot` is the read of rs1 (`k = 0`, address space 1)
//! or the read-and-rewrite of state word `k - 1` at `ptr + 4 (k - 1)`
//! (address space 2), at timestamp `timestamp + k`. Round 0 also carries
//! the execution-bus and program-bus interactions. Trace height is the
//! next power of two of `24 · steps` (at least 32); the rest is zero-input
//! permutations with `is_real = 0`.
//!
//! # Soundness
//!
//! * **Permutation.** p3-keccak-air's constraints (run on the first 2633
//!   columns) force `step_flags` to be one-hot, starting with round 0 on the
//!   first row and advancing by one each row, so every block of 24 rows
//!   starting at a multiple of 24 is one permutation; within it `preimage`
//!   is constant, round 0's `a` is the preimage, and the last round's
//!   `a'''` is Keccak-f\[1600\] of it (all limbs below 2^16 through their
//!   bit decompositions).
//! * **One instruction per permutation.** `is_real` (boolean), `pc`,
//!   `timestamp`, `ptr` and `output` are equal on consecutive rows unless
//!   the upper one is round 23, so they are constant per permutation.
//!   `is_start = is_real · step_0` and `io_row = is_real · Σ_{r<17} step_r`
//!   are constrained, hence boolean. On the last row of the trace `is_real`
//!   forces round 23: a permutation cut off by the trace end is padding.
//! * **Output.** On round 23 of a real permutation `output` equals `a'''`,
//!   so on every row of it `output` is the permutation of `preimage`.
//! * **Memory.** On each of rounds 0..17, slot `s` does one
//!   [`eval_access`](trellis_vm::circuit::gadgets::eval_access) with count
//!   `io_row`: it receives `prev` at the previous timestamp and sends `data`
//!   at `timestamp + k` (gap range-checked, so accesses are ordered). For a
//!   state word, `prev` bytes recompose the preimage's limbs of that word
//!   and `data` bytes the output's (degree-2 sums selected by the one-hot
//!   step flags); `data` bytes are byte-checked in pairs on the bitwise bus,
//!   so every written value is bytes and recomposes its limb uniquely.
//!   `prev` needs no check: the memory bus only carries bytes. So the 50
//!   words read are the permutation input and the 50 written its output.
//! * **rs1 and the pointer.** Access 0 (round 0, slot 0) is a read of
//!   register address `rs1` (`prev = data`), `rs1` is the instruction's
//!   operand `b` (program lookup), and `ptr` is its value
//!   `Σ 256^i data_i`. Range lookups put `data_0 / 4` below 2^6 (the
//!   pointer is word-aligned) and `data_3` below 2^5 (`ptr < 2^29`, so
//!   `ptr + 196` never wraps the field), as the executor requires.
//! * **No free cells.** `export`, `rs1` off round 0 and the slots of rows
//!   without accesses (rounds 17..24, padding) are zero, so every cell of
//!   every row is determined by the run (a test alters each instruction
//!   column of real and padding rows and expects rejection).
//! * **Execution.** Round 0 receives `(pc, timestamp)` and sends
//!   `(pc + 4, timestamp + 51)` on the execution bus and looks up
//!   `(pc, keccakf, 0, rs1, 0, 1, 2, 0, 0)` in the program, with count
//!   `is_start`, so every executed `keccakf` has exactly one real
//!   permutation and vice versa.
//!
//! Lookups per instruction: 51 × (2 range for the timestamp gap + 2 byte
//! pairs), 2 range checks of the pointer.

mod air;
mod executor;
mod prefix;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{
    ACCESSES, IO_ROWS, IO_WIDTH, IoCols, KECCAK_WIDTH, KeccakfAir, OutputCols, SLOTS, SlotCols,
    slot_word,
};
pub use executor::{KECCAKF_ACCESSES, KeccakExecutor};
pub use prefix::{KeccakPrefix, PrefixWindow};
pub use trace::lanes;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the `keccakf` opcode is registered under.
pub const CHIP: &str = "KeccakF";

/// The KeccakF chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeccakfChip;

impl Chip for KeccakfChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    /// 24 rows (one per round) per permutation.
    fn estimated_rows(&self, stats: &trellis_vm::circuit::RunStats<'_>) -> u64 {
        24 * stats.steps(CHIP)
    }
    fn air(&self) -> DynAir {
        DynAir::new(KeccakfAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
