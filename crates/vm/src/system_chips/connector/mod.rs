//! The connector: starts the execution chain and ends it.
//!
//! One real row (then padding). It sends `(entry_pc, 1)` on the execution
//! bus (the first instruction starts at timestamp 1) and receives the exit
//! tuple `(pc, timestamp, c0, c1, c2, c3)` that the exiting instruction
//! sends on the exit bus. Its public values `[entry_pc, c0, c1, c2, c3,
//! final_pc]` (the exit code as little-endian bytes) are bound to the columns
//! of that row, so a proof only verifies for the entry pc, exit code and
//! final pc it was made for.
//!
//! # Column contract
//!
//! * `is_real` is boolean, 1 on the first row and 0 on every row after it:
//!   exactly one real row, and every count is `is_real`.
//! * On that row `entry_pc`, `exit_code` and `final_pc` equal the public
//!   values, and the exit bus receive ties `(final_pc, final_timestamp,
//!   exit_code)` to the one tuple the `terminate` row sends (its pc, its
//!   timestamp + 1, and its limbs, range-checked there: bytes and a 6-bit
//!   top limb, the canonical limbs of its operand `c`). So every real cell
//!   is fixed by the public values or by the run's last instruction.
//! * On padding rows the cells other than `is_real` enter no constraint and
//!   only interactions of count 0: they are inert.

mod air;
mod trace;

#[cfg(test)]
mod tests;

pub use air::{ConnectorAir, ConnectorCols, NUM_PUBLIC_VALUES};

use crate::circuit::{Chip, Claim, TraceContext};
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Chip name of the connector.
pub const CONNECTOR_CHIP: &str = "connector";

/// The connector chip.
pub struct ConnectorChip;

/// `[entry_pc, exit code byte 0..3, final_pc]`.
pub fn public_values(claim: &Claim) -> Vec<Val> {
    let mut values = vec![Val::from_u32(claim.entry_pc)];
    values.extend(claim.exit_code.to_le_bytes().map(Val::from_u8));
    values.push(Val::from_u32(claim.final_pc));
    values
}

impl Chip for ConnectorChip {
    fn name(&self) -> &'static str {
        CONNECTOR_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(ConnectorAir)
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate(ctx)
    }

    fn public_values(&self, claim: &Claim) -> Vec<Val> {
        public_values(claim)
    }
}
