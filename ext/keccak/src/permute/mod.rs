//! Chip for `keccakf rs1`: Keccak-f\[1600\] in place on the 200-byte state
//! at the word-aligned address in `rs1`.
//!
//! # Layout
//!
//! One permutation per instruction, 24 rows (one per round), in
//! p3-keccak-air's layout (`step_flags`, `preimage`, `a`, ...,
//! `a_prime_prime_prime_0_0_limbs`: 2633 columns) followed by [`IoCols`]
//! (142 columns): `is_real`, `is_start`, `io_row`, `pc`, `timestamp`,
//! `rs1`, `ptr`, `ptr_lo`, `ptr_hi`, the 100 output limbs, and three
//! memory-access slots. Rows 0..17 carry the instruction's 51 accesses,
//! three per row: access `k = 3 · round + slot` is the read of rs1
//! (`k = 0`, address space 1) or the read-and-rewrite of state word
//! `k - 1` at `ptr + 4 (k - 1)` (address space 2), at timestamp
//! `timestamp + k`. Round 0 also carries the execution-bus and
//! program-bus interactions and the pointer's range checks. Trace height
//! is the next power of two of `24 · steps` (at least 32); the rest is
//! zero-input permutations with `is_real = 0`.
//!
//! # Soundness: the output is determined by the input
//!
//! The audit trail, column group by column group, in the order the values
//! flow: the bytes read from memory fix `preimage`, which fixes every
//! round's columns, which fix `output`, which fixes the bytes written. No
//! cell is left free (see *No free cells*).
//!
//! * **`step_flags`** (p3-keccak-air): `step_0 = 1` and the others 0 on the
//!   first row, and the flags rotate by one position each row, so row `i`
//!   has exactly flag `i mod 24` set: the flags are fixed by the row index,
//!   and every block of 24 rows starting at a multiple of 24 is one
//!   permutation.
//! * **`preimage`** (p3-keccak-air): equal on consecutive rows unless the
//!   upper one is round 23, so constant per permutation; it is the memory
//!   input (see *Memory*).
//! * **`a`**, the round input (16-bit limbs): on round 0 equal to
//!   `preimage`; on round `r > 0` equal to the previous row's `a'''`
//!   (`a''`, and `a'''[0][0]` for lane (0, 0)).
//! * **`c`, `c'`, `a'`** (θ, bits): all boolean;
//!   `c'[x][z] = xor(c[x][z], c[x-1][z], c[x+1][z-1])`; each limb of `a`
//!   is the recomposition of `a' ⊕ c ⊕ c'` (so those are `a`'s bits, and
//!   its limbs are below 2^16); and `Σ_y a'[y][x][z] - c'[x][z] ∈ {0, 2,
//!   4}`, i.e. `xor_y a'[y][x][z] = c'[x][z]`. Substituting
//!   `a' = a ⊕ c ⊕ c'` in the last gives `c[x][z] = xor_y a[y][x][z]`: `c`
//!   is the column parity of `a`, and `c'` and `a' = a ⊕ c ⊕ c'` (θ of
//!   `a`) follow. One solution for each `a`.
//! * **`a''`** (ρ, π, χ; limbs): each limb is the recomposition of
//!   `b ⊕ (¬b₁ ∧ b₂)` over the bits `b` of `a'`, rotated (ρ) and moved (π):
//!   a polynomial of boolean bits whose values are 0 or 1, so the limb is
//!   χ's output (below 2^16).
//! * **`a''[0][0]` bits, `a'''[0][0]`** (ι): the 64 bits are boolean and
//!   recompose `a''[0][0]`'s limbs (a unique decomposition); each limb of
//!   `a'''[0][0]` is the recomposition of those bits xored with the bits of
//!   the round constant that the one-hot `step_flags` select.
//! * So by induction on the round, every column of round `r` is the
//!   function of `preimage` that rounds 0..=r of Keccak-f\[1600\] compute,
//!   and round 23's `a'''` is Keccak-f\[1600\](`preimage`).
//! * **`output`** (100 limbs): equal on consecutive rows unless the upper
//!   one is round 23, and equal to `a'''` on round 23 of a real
//!   permutation: on every row of it, the permutation of `preimage`.
//! * **`is_real`, `is_start`, `io_row`**: `is_real` is boolean and constant
//!   per permutation (copied like `output`); `is_start = is_real · step_0`
//!   and `io_row = is_real · Σ_{r<17} step_r` are products, hence boolean.
//!   On the last row of the trace `is_real` forces round 23: a permutation
//!   cut off by the trace end is padding.
//! * **`pc`, `timestamp`**: constant per permutation. Round 0 receives
//!   `(pc, timestamp)` and sends `(pc + 4, timestamp + 51)` on the
//!   execution bus and looks up `(pc, keccakf, 0, rs1, 0, 1, 2, 0, 0)` in
//!   the program, with count `is_start`, so every executed `keccakf` has
//!   exactly one real permutation and vice versa.
//! * **`rs1`, `ptr`**: access 0 (round 0, slot 0) is a read of register
//!   address `rs1` (`prev = data`), `rs1` is the instruction's operand `b`
//!   (program lookup), and `ptr`, constant per permutation, is its value
//!   `Σ 256^i data_i` on round 0.
//! * **`ptr_lo`, `ptr_hi`**: on the round-0 row of a real permutation
//!   (`is_start = 1`), `ptr = MEMORY_GUARD + 4 ptr_lo + 2^18 ptr_hi`, with
//!   range lookups `ptr_lo < 2^16`, `ptr_hi < 2^11` and `data_3 < 2^5`;
//!   on every other row both limbs are 0. The bytes come from the memory
//!   bus (bytes only) and the top one is below 32, so `ptr` as an integer
//!   is below 2^29 < p; the right side is an integer in
//!   `[0x1000, 0x1000 + 2^29)`, also below p. The field equation is then
//!   an integer one: `ptr` is word-aligned, `ptr ≥ MEMORY_GUARD` and
//!   `ptr < 2^29`. The addresses `ptr + 4w` (w < 50) never wrap the field,
//!   and the memory boundary (whole runs and segments) only has words
//!   below 2^29, so an access at or above it cannot balance: together
//!   `MEMORY_GUARD ≤ ptr ≤ 2^29 - 200`, the executor's bounds check.
//!   (Without the lower bound a `keccakf` on the guard page, which the VM
//!   refuses, was provable: `tests/guard_page.rs`.)
//! * **Memory (slots).** On each of rounds 0..17, slot `s` does one
//!   [`eval_access`](trellis_vm::circuit::gadgets::eval_access) with count
//!   `io_row`: it receives `prev` at the previous timestamp (the `access`
//!   columns: previous timestamp and range-checked gap limbs, so accesses
//!   are ordered) and sends `data` at `timestamp + k`. For a state word,
//!   `prev` bytes recompose the preimage's limbs of that word and `data`
//!   bytes the output's (degree-2 sums selected by the one-hot step
//!   flags); `data` bytes are byte-checked in pairs on the bitwise bus, so
//!   every written value is bytes and recomposes its limb uniquely. `prev`
//!   needs no check: the memory bus only carries bytes. So the 50 words
//!   read are `preimage` and the 50 written are `output`, Keccak-f\[1600\]
//!   of them.
//! * **No free cells.** `export`, `rs1` and the pointer limbs off round 0
//!   (and on padding), and the slots of rows without accesses (rounds
//!   17..24, padding) are zero, so every cell of every row is determined by
//!   the run (a test alters each instruction column of real and padding
//!   rows and expects rejection).
//!
//! The consistent forgeries of `tests/forgery.rs` walk this trail from the
//! attacker's side: a lying executor writes the permutation of the input
//! with one bit flipped, or with one round-constant bit flipped, and every
//! cell that depends on it is re-solved (later rounds, output, memory
//! writes, byte checks, the other chips), so that a single constraint is
//! left to catch it: round 0's `a = preimage`, or round `r`'s ι limb.
//!
//! Lookups per instruction: 51 × (2 range for the timestamp gap + 2 byte
//! pairs), 3 range checks of the pointer.

mod air;
mod executor;
mod prefix;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{
    ACCESSES, IO_ROWS, IO_WIDTH, IoCols, KECCAK_WIDTH, KeccakfAir, OutputCols, PTR_HI_BITS,
    PTR_LO_BITS, PTR_TOP_BITS, SLOTS, SlotCols, slot_word,
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
    /// Its padding rows are zero-input permutations.
    fn pad_trace(&self, trace: RowMajorMatrix<Val>, height: usize) -> Option<RowMajorMatrix<Val>> {
        Some(trace::pad_trace(trace, height))
    }
}
