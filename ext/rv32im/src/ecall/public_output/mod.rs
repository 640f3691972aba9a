//! The PublicOutput chip: what the guest revealed, as public values.
//!
//! The proof covers at most [`CAPACITY`] revealed bytes; proving a run that
//! revealed more fails (the PublicOutput constraints cannot reach the claimed
//! length). The verifier derives the public values from the claim, so a
//! proof only verifies with the exact output the run revealed.
//!
//! # Soundness: the public values are the revealed bytes, in order
//!
//! Column group by column group (constraints: `air.rs`):
//!
//! * **`is_real`, `count`**: `is_real` is boolean and never rises; `count`
//!   is the running number of real rows and equals the public `len` on the
//!   last row, so the real rows are exactly rows `0..len`.
//! * **`byte`**: row `i`'s public value `out_i` (preprocessed one-hot
//!   selectors), 0 past `len` by the verifier's public values.
//! * **`timestamp`, `gap`**: each real row receives `(timestamp, byte)` from
//!   an EcallMemory reveal row, and consecutive real rows have increasing
//!   timestamps (`gap` = the unique 16 + 13-bit limbs of `T' - T - 1`). A
//!   multiset of distinct timestamps has one increasing order, so the real
//!   rows are the revealed bytes sorted by time; past `len`, `timestamp` and
//!   `gap` are 0, and `gap` is 0 on the first row.

mod air;
mod trace;

pub use air::{
    CAPACITY, PREPROCESSED_WIDTH, PUBLIC_OUTPUT_WIDTH, PublicOutputAir, PublicOutputCols,
};
pub use trace::public_values;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, Claim, TraceContext};

/// Chip name of PublicOutput.
pub const CHIP: &str = "PublicOutput";

/// The PublicOutput chip.
#[derive(Clone, Copy, Debug, Default)]
pub struct PublicOutputChip;

impl Chip for PublicOutputChip {
    fn name(&self) -> &'static str {
        CHIP
    }

    /// A fixed [`CAPACITY`] rows.
    fn estimated_rows(&self, _stats: &trellis_vm::circuit::RunStats<'_>) -> u64 {
        CAPACITY as u64
    }
    fn air(&self) -> DynAir {
        DynAir::new(PublicOutputAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
    fn public_values(&self, claim: &Claim) -> Vec<Val> {
        public_values(claim)
    }
}
