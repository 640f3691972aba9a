//! The EcallMemory chip: the byte accesses of `read_input` (stores of the
//! private input) and `reveal` (loads of the public output), one row each,
//! chained to their Ecall row on the `ecall_memory` bus.
//!
//! # Soundness: each row is determined by its Ecall row
//!
//! Column group by column group (constraints: `air.rs`; the chain
//! argument: `super::air`):
//!
//! * **`timestamp`, `address`, `remaining`**: the `ecall_memory` chain gives
//!   each call of length `len` at `(t, ptr)` exactly one row per `k < len`,
//!   with `(t + 3 + k, ptr + k, len - k)`.
//! * **`is_input`, `is_reveal`**: boolean with a boolean sum `is_valid`; the
//!   chain's kind is `is_reveal`, so a valid row's kind is its call's.
//! * **`offset`**: one-hot (sum `is_valid`); the accessed word is `address -
//!   offset`, and since the memory bus only carries word-aligned pointers and
//!   `address < 2^29` is an exact integer, `offset = address mod 4`.
//! * **`word`, `access`**: the memory bus receive of that word (its last
//!   bytes and write timestamp; gap limbs unique).
//! * **`byte`**: reveal — the word's limb at the offset; read_input — the
//!   private input byte (range-checked: memory only holds bytes), the
//!   prover's choice.
//! * **Output**: the word sent back (`w_j + o_j (byte - w_j)`: unchanged for
//!   reveal, the byte stored for read_input) at `timestamp`, and for reveal
//!   `(timestamp, byte)` on the `public_output` bus.

mod air;
mod trace;

pub use air::{ECALL_MEMORY_WIDTH, EcallMemoryAir, EcallMemoryCols};
pub use trace::revealed;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// Chip name of EcallMemory (no opcode is registered under it: its rows
/// come from the Ecall steps).
pub const CHIP: &str = "EcallMemory";

/// The EcallMemory chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct EcallMemoryChip;

impl Chip for EcallMemoryChip {
    fn name(&self) -> &'static str {
        CHIP
    }

    /// One row per byte a `read_input` or `reveal` touches: at most one per
    /// word access of the ecall instructions.
    fn estimated_rows(&self, stats: &trellis_vm::circuit::RunStats<'_>) -> u64 {
        stats.accesses(super::CHIP)
    }
    fn air(&self) -> DynAir {
        DynAir::new(EcallMemoryAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
