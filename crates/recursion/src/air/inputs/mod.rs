//! The inputs tables: how values enter the circuit. One lane per `Const`, `LoadProof`
//! and `HintInverse` ([`InputsAir<1>`], base slots, [`BASE_LANES`] lanes a row) or
//! `ConstExt`, `LoadProofExt` and `HintExtInverse` ([`InputsAir<5>`], extension slots,
//! one lane a row).
//!
//! **Columns.** Per lane, main: `value[D]`; preprocessed: `slot`, `is_const`, `reads`,
//! `constant[D]` (lane `l`'s main cells at `l·D`, its preprocessed cells at
//! `l·(3 + D)`). A padding lane has `reads = 0` and provides nothing.
//!
//! *Why lanes.* The base table is the tallest of a node (every proof value and constant:
//! 2²¹ rows of one value in a leaf over two segments) and a row of one value costs the
//! prover, besides its main cell, an extension LogUp column, the LogUp accumulator and
//! a quotient chunk: 16 committed base cells a value. Eight values a row share the
//! accumulator and the quotient chunk (7.25 cells a value, 1 + 45/8 + 5/8), and the
//! table, eight times shorter, is no longer the node's tallest: every Merkle path and
//! FRI round of the verifier one layer up gets shorter too, which compounds up to the
//! root (docs/recursion.md, "The inputs table in lanes"). Eight, not more: more lanes
//! widen every opened row the next verifier hashes and no longer lower the tallest
//! table.
//!
//! # Soundness
//!
//! Each lane provides `(slot, value)` on the witness bus with the slot's read count (a
//! padding lane: count 0, nothing). On a `Const` lane (`is_const = 1`) the lane's
//! constraint `is_const · (value − constant) = 0` fixes its value to its preprocessed
//! constant. Lanes share no cell and no constraint: a row of eight lanes proves what
//! eight rows of one did. `LoadProof` lanes are the circuit's private
//! input (the verified proof); hint lanes are free values that the program constrains
//! with later operations (`a · a⁻¹ = 1` through the ALU and assert tables). Both are
//! free by design: the table proves only that each slot has one value, which every
//! reader sees (the witness-bus argument in [`crate::air`]).
//!
//! # Column contract
//!
//! `value` is `Determined` by the constant (on `Const` rows) or is the provided
//! witness of the slot (read by the bus tuple).

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{inputs_prep, inputs_trace};

use std::sync::Arc;

use crate::backend::EXT_DEGREE;
use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess};

use super::witness::{write_base, write_ext};

/// Values a row of the base inputs table holds.
pub const BASE_LANES: usize = 8;

/// Lanes a row of the inputs table over `d`-coordinate values holds: [`BASE_LANES`] for
/// base values, one for extension values (that table is a few per cent of the base one).
pub const fn lanes(d: usize) -> usize {
    if d == 1 { BASE_LANES } else { 1 }
}

/// Preprocessed width: per lane `slot`, `is_const`, `reads`, `constant[D]`.
pub const fn prep_width(d: usize) -> usize {
    lanes(d) * lane_prep_width(d)
}

/// Preprocessed cells of one lane.
const fn lane_prep_width(d: usize) -> usize {
    3 + d
}

/// The inputs table over `D`-coordinate values (1: base slots, 4: extension slots).
#[derive(Clone, Debug)]
pub struct InputsAir<const D: usize> {
    prep: Arc<RowMajorMatrix<Val>>,
}

impl<const D: usize> InputsAir<D> {
    /// The table with its preprocessed rows ([`inputs_prep`]).
    pub fn new(prep: RowMajorMatrix<Val>) -> Self {
        Self {
            prep: Arc::new(prep),
        }
    }
}

impl<const D: usize> BaseAir<Val> for InputsAir<D> {
    fn width(&self) -> usize {
        lanes(D) * D
    }
    fn preprocessed_width(&self) -> usize {
        prep_width(D)
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

impl<AB: BusBuilder, const D: usize> Air<AB> for InputsAir<D> {
    fn eval(&self, builder: &mut AB) {
        let prep: Vec<AB::Var> = builder.preprocessed().current_slice().to_vec();
        let main: Vec<AB::Var> = builder.main().current_slice().to_vec();
        for (value, prep) in main
            .chunks_exact(D)
            .zip(prep.chunks_exact(lane_prep_width(D)))
        {
            let (slot, is_const, reads) = (prep[0], prep[1], prep[2]);
            for (v, c) in value.iter().zip(&prep[3..]) {
                builder.assert_zero(is_const.into() * ((*v).into() - (*c).into()));
            }
            if D == 1 {
                write_base(builder, slot, value[0], reads);
            } else {
                let v: [AB::Var; EXT_DEGREE] = core::array::from_fn(|i| value[i]);
                write_ext(builder, slot, v, reads);
            }
        }
    }
}

impl<const D: usize> ChipAir for InputsAir<D> {
    fn chip_name(&self) -> String {
        if D == 1 {
            super::Table::Inputs.name().into()
        } else {
            super::Table::InputsExt.name().into()
        }
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const VALUE: Domain = Domain::Determined(
            "witness bus: the slot's one provided value (the constant on Const rows)",
        );
        Some(vec![VALUE; lanes(D) * D])
    }
}
