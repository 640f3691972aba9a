//! The inputs tables: how values enter the circuit. One row per `Const`, `LoadProof`
//! and `HintInverse` ([`InputsAir<1>`], base slots) or `ConstExt`, `LoadProofExt` and
//! `HintExtInverse` ([`InputsAir<4>`], extension slots).
//!
//! **Columns.** Main: `value[D]`. Preprocessed: `slot`, `is_const`, `reads`,
//! `constant[D]`.
//!
//! # Soundness
//!
//! Each row provides `(slot, value)` on the witness bus with the slot's read count. On a
//! `Const` row (`is_const = 1`) the constraint `is_const · (value − constant) = 0` fixes
//! the value to the preprocessed constant. `LoadProof` rows are the circuit's private
//! input (the verified proof); hint rows are free values that the program constrains
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
use trellis_vm::circuit::contracts::layout;

use super::witness::{write_base, write_ext};

/// Preprocessed width: `slot`, `is_const`, `reads`, `constant[D]`.
pub const fn prep_width(d: usize) -> usize {
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
        D
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
        let value: Vec<AB::Var> = builder.main().current_slice().to_vec();
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
        Some(layout(&[VALUE; D]))
    }
}
