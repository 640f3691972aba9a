//! The memory boundary: one row per touched word, sorted strictly by
//! `(address_space, pointer)`.
//!
//! Each valid row receives the word's final value
//! `(as, pointer, v0..v3, final_timestamp)` on the memory bus, and, when
//! `zero_init` is set (every register, every main-memory word outside the
//! program image), sends its initial value `(as, pointer, 0, 0, 0, 0, 0)`.
//! Image words get their initial send from the image chip instead.
//!
//! # Soundness
//!
//! Columns: `pointer = 4 (ptr_lo + 2^16 ptr_hi)` with `ptr_lo < 2^16`,
//! `ptr_hi < 2^11` (range bus), so every pointer is a word address below
//! 2^29 (= `MEMORY_LIMIT`). Valid rows come first (`is_valid` is boolean and
//! never rises from one row to the next). Between two valid rows the
//! address space steps by `d ∈ {0, 1}`; if `d = 0` the word index grows by
//! `1 + gap_lo + 2^16 gap_hi` with both gap limbs range-checked (16 and 11
//! bits). As integers both word indices are below 2^27, so the field
//! equation is an integer one and the pointer strictly increases. Hence no
//! two valid rows name the same word: **each word has at most one final
//! receive.** (Padding rows have no interactions: their counts are
//! `is_valid = 0` and `zero_init ≤ is_valid`.)
//!
//! Per word, a balanced memory bus gives `#initial sends + #access sends =
//! #access receives + #final receives`; every access sends once and receives
//! once, so `#initial = #final ≤ 1`. A word with an access but no initial
//! send cannot balance: the receive of its earliest access carries a
//! timestamp below every send's (accesses prove `prev_t < t`). So every
//! accessed word has exactly one initial value (the image's or zero, never
//! both: a wrong `zero_init` leaves two initial sends or none for one
//! final receive) and one final value, and its accesses form one chain of
//! strictly increasing timestamps from the initial to the final value: each
//! read returns the last value written. Every image word must also appear
//! here (its image send needs a receive), which is why `touched` lists all
//! of them even when the run never accessed them (final timestamp 0).
//!
//! Column contract: `is_valid`, `zero_init` are boolean; `ptr_lo`, `gap_lo`
//! (16 bits) and `ptr_hi`, `gap_hi` (11 bits) are range-checked on valid
//! rows; `address_space` is pinned by the memory bus (the accesses' constant
//! address spaces) and steps by a boolean between valid rows; `value` and
//! `final_timestamp` are the last access's send (or the initial value),
//! the only tuple the final receive can pair with.
//!
//! Limits: address spaces must be consecutive integers (registers 1, then
//! main memory 2), since `d` is boolean. Values need no range check here:
//! a final receive only balances against a send of an access (whose chip
//! range-checks what it writes) or an initial value.

mod air;
mod trace;

#[cfg(test)]
mod tests;

pub use air::{BoundaryAir, BoundaryCols, PTR_HI_BITS, PTR_LO_BITS};

use crate::circuit::{Chip, TraceContext};
use trellis_stark::{DynAir, RowMajorMatrix, Val};

/// Chip name of the memory boundary.
pub const BOUNDARY_CHIP: &str = "boundary";

/// The memory boundary chip.
pub struct BoundaryChip;

impl Chip for BoundaryChip {
    fn name(&self) -> &'static str {
        BOUNDARY_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(BoundaryAir)
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate(ctx)
    }
}
