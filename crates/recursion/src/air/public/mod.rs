//! The public table: every `Public` operation's slot, bound to the verified statement's
//! public values (this AIR's public values are the program's).
//!
//! **Columns.** One main column per `Public` operation, `value[k]`; preprocessed
//! `(slot[k], reads[k])` on the first row, zero below. The index of the public value
//! each column carries is a constant of the AIR (so of the key's fingerprint).
//!
//! # Soundness
//!
//! On the first row, `value[k] = public[index[k]]`; only the first row provides (the
//! read counts are zero below it), so each slot is defined as exactly the public value.
//!
//! # Column contract
//!
//! Each `value[k]` is `Determined` by its first-row constraint and read by the bus.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{public_prep, public_slots, public_trace};

use std::sync::Arc;

use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess,
};

use super::witness::write_base;

/// The public table of a program's `Public` operations.
#[derive(Clone, Debug)]
pub struct PublicAir {
    indices: Vec<u32>,
    num_public_values: usize,
    prep: Arc<RowMajorMatrix<Val>>,
}

impl PublicAir {
    /// The table for the public-value `indices` of the program's `Public` operations (in
    /// order), of `num_public_values` in all, with its preprocessed rows ([`public_prep`]).
    pub fn new(indices: Vec<u32>, num_public_values: usize, prep: RowMajorMatrix<Val>) -> Self {
        Self {
            indices,
            num_public_values,
            prep: Arc::new(prep),
        }
    }
}

impl BaseAir<Val> for PublicAir {
    fn width(&self) -> usize {
        self.indices.len()
    }
    fn num_public_values(&self) -> usize {
        self.num_public_values
    }
    fn preprocessed_width(&self) -> usize {
        2 * self.indices.len()
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

impl<AB: BusBuilder> Air<AB> for PublicAir {
    fn eval(&self, builder: &mut AB) {
        let prep: Vec<AB::Var> = builder.preprocessed().current_slice().to_vec();
        let value: Vec<AB::Var> = builder.main().current_slice().to_vec();
        let public: Vec<AB::PublicVar> = builder.public_values().to_vec();
        for (k, &index) in self.indices.iter().enumerate() {
            let p: AB::Expr = public[index as usize].into();
            builder.when_first_row().assert_eq(value[k].into(), p);
            write_base(builder, prep[2 * k], value[k], prep[2 * k + 1]);
        }
    }
}

impl ChipAir for PublicAir {
    fn chip_name(&self) -> String {
        super::Table::Public.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(vec![
            Domain::Determined(
                "first row: value[k] = public[index[k]]"
            );
            self.indices.len()
        ])
    }
}
