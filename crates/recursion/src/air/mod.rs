//! The recursion circuit: AIRs that prove an execution of a recursion [`Program`].
//!
//! # Design: op tables joined by a witness bus
//!
//! A program is a straight-line sequence of operations over witness slots, each slot
//! defined by exactly one operation ([`Program::validate`]). The circuit has one table
//! per family of operations ([`layout::Table`]); a table's row proves one operation's
//! *local* relation (`out = a · b`, `out = Poseidon2(in)`, `a = b`, ...) on cells that
//! hold the values of the slots it touches. What ties the rows together is the witness
//! bus ([`witness`]), one per slot kind:
//!
//! - the row that defines slot `s` **provides** `(s, value)` with multiplicity the
//!   number of operations that read `s`;
//! - every row that reads `s` **looks up** `(s, value)` once.
//!
//! Slot numbers, operation selectors and read counts are **preprocessed** columns: the
//! program is committed in the verifying key, so a prover can neither rewire an
//! operation nor change what it computes. Only values are in the main trace.
//!
//! *Why every reader sees the writer's value.* Each slot has exactly one defining
//! operation, so exactly one row in the whole circuit provides a tuple with slot `s`
//! (padding rows provide with multiplicity 0). A reader that looked up `(s, v')` with
//! `v'` other than the written value would look up a tuple that no row provides; the
//! lookups are all of one sign with counts bounded by 1, and the trellis-stark verifier
//! enforces `Σ height · weight < p` (`docs/security.md`), so that tuple's net
//! multiplicity is a non-zero integer below `p` and the bus does not balance. The
//! provided side has weight 0 like every lookup table; its multiplicities are fixed by
//! the key anyway. This is the memory/boundary pattern without timestamps: a slot is
//! written once, before its reads, so no ordering argument is needed.
//!
//! *Why not a central witness table.* A table with one row per slot (as Plonky3's
//! recursion circuits use) would add a row per slot and two interactions per access;
//! here the defining row is the table entry, so the cost is one interaction per
//! access and nothing per slot.
//!
//! Values enter through the inputs tables (`Const`: preprocessed constants;
//! `LoadProof`: private inputs, the verified proof; hints: free values that later
//! operations check) and the public table (bound to the AIR's public values). Every
//! operation kind has a table ([`layout::uncovered_ops`] is empty for any program).
//!
//! # Modules
//!
//! - [`witness`]: the buses; [`layout`]: the program split over tables; [`fill`]:
//!   trace helpers; [`circuit`]: AIRs, keys, traces, prove and verify; [`synthetic`]:
//!   programs built directly with the IR (tests, benchmarks).
//! - One folder per table: [`inputs`], [`public`], [`alu_base`], [`alu_ext`],
//!   [`coeffs`], [`select`], [`assert`], [`poseidon2`] (with its Merkle mode),
//!   [`bits`], [`reduced`] (each: AIR and soundness notes,
//!   trace filler, tests).
//!
//! [`Program`]: crate::program::Program
//! [`Program::validate`]: crate::program::Program::validate

/// `new(prep)` and the `BaseAir` of a table whose constraints read one row:
/// main columns `$cols`, preprocessed columns `$prep` (rows made by
/// `$prep_fn`), held in the table's `prep` field.
macro_rules! single_row_table {
    ($air:ident, $cols:ident, $prep:ident, $prep_fn:ident) => {
        impl $air {
            #[doc = concat!("The table with its preprocessed rows ([`", stringify!($prep_fn), "`]).")]
            pub fn new(prep: RowMajorMatrix<Val>) -> Self {
                Self {
                    prep: Arc::new(prep),
                }
            }
        }

        impl BaseAir<Val> for $air {
            fn width(&self) -> usize {
                <$cols<Val> as Columns<Val>>::WIDTH
            }
            fn preprocessed_width(&self) -> usize {
                <$prep<Val> as Columns<Val>>::WIDTH
            }
            fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
                Some((*self.prep).clone())
            }
            fn main_next_row_columns(&self) -> Vec<usize> {
                vec![]
            }
            fn preprocessed_next_row_columns(&self) -> Vec<usize> {
                vec![]
            }
        }
    };
}
use single_row_table;

pub mod alu_base;
pub mod alu_ext;
pub mod assert;
pub mod bits;
pub mod circuit;
pub mod coeffs;
mod error;
pub mod fill;
pub mod inputs;
pub mod layout;
pub mod poseidon2;
pub mod public;
pub mod reduced;
pub mod select;
pub mod synthetic;
pub mod verifier_airs;
pub mod witness;

#[cfg(test)]
mod forgery_tests;
#[cfg(test)]
mod forgery_tests_ops;
#[cfg(test)]
mod tests;

pub use circuit::RecursionCircuit;
pub use circuit::table_widths;
pub use error::RecursionProofError;
pub use layout::{Layout, TABLES, Table, rows_per_table, uncovered_ops};
pub use verifier_airs::VerifierAirs;
