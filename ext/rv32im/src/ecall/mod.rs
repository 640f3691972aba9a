//! Chip for ecall: the guest ABI (docs/guest-abi.md).
//!
//! Three chips prove it (see each module's docs for the constraints):
//!
//! * [`EcallChip`] ("Ecall"): one row per executed ecall: the call number,
//!   the argument registers, the result register, the buffer bounds, and
//!   the exit tuple for `exit`;
//! * [`memory::EcallMemoryChip`] ("EcallMemory"): one row per byte that
//!   `read_input` stores or `reveal` loads (one word access each), chained to
//!   its Ecall row on the `ecall_memory` bus;
//! * [`public_output::PublicOutputChip`] ("PublicOutput"): the revealed
//!   bytes in order, bound to the public values.
//!
//! `write` sends its buffer to the host's stdout/stderr: the proof does not
//! cover those bytes (no memory reads), only the call's result in a0.
//!
//! # Soundness: what each call's row is determined by
//!
//! Column group by column group (the constraints and the chain argument:
//! `air.rs`):
//!
//! * **`pc`, `timestamp`**: the execution bus receive `(pc, t)` and the
//!   program bus lookup of an ecall at `pc`.
//! * **Call flags**: boolean with a boolean sum; the a7 read's limbs are
//!   `Σ flag · bytes(number)`, so the memory bus makes the one set flag the
//!   call a7 holds (a7 holding no call number has no witness).
//! * **a0, a1, a2** and their **timestamp proofs**: memory bus receives (the
//!   registers' last values, bytes; gap limbs unique); a1 / a2 and their
//!   proofs are 0 when the call does not read them.
//! * **`good_fd`, `fd_inv`**: `good_fd = [fd ∈ {1, 2}]` on write rows (0
//!   elsewhere) by `good_fd · z = 0` and `is_write - good_fd = z · fd_inv`
//!   with `z = 0` exactly for fd 1 and 2; `fd_inv = 1 / z` for a bad fd,
//!   else 0.
//! * **`len`**: a2 (write, good fd), a1 (reveal), 0 without a buffer.
//!   read_input's `len` is the private input's length: the prover's choice
//!   of bytes with `len ≤ a1` (`cap_gap`, `cap_borrow`: the unique 16-bit
//!   limbs and borrow of `a1 - len`, 0 on other rows) — the proof binds the
//!   input only through what the guest then does with it.
//! * **`nonempty`, `start_gap`, `end_gap`**: `nonempty = 1` whenever
//!   `len ≠ 0` (and never without a buffer); the gaps are the unique limbs of
//!   `ptr - 4096` and `2^29 - ptr - len` when `nonempty`, else 0. (An empty
//!   buffer may still set `nonempty` with an in-bounds pointer: it proves
//!   nothing else.)
//! * **Output**: the a0 write (`len`, `-EBADF` or 0) at `t + 4` (write) or
//!   `t + 3 + len` (buffered calls), the chain `(t + 3, ptr, len, kind) →
//!   (t + 3 + len, ptr + len, 0, kind)` that EcallMemory must fill with
//!   exactly one row per byte, and the execution bus send `(pc + 4, t +
//!   delta)` — or, for exit, the exit tuple `(pc, t + 2, a0)`.

pub mod abi;
pub mod air;
pub mod buses;
mod executor;
pub mod memory;
pub mod public_output;
#[cfg(test)]
mod tests;
pub(crate) mod trace;

pub use air::{ECALL_WIDTH, EcallAir, EcallCols};
pub use executor::EcallExecutor;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the ecall opcode is registered under.
pub const CHIP: &str = "Ecall";

/// The Ecall chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct EcallChip;

impl Chip for EcallChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(EcallAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
