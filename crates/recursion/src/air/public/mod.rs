//! The public table: every `Public` operation's slot, bound to the verified statement's
//! public values (this AIR's public values are the program's).
//!
//! **Shape.** The `n` `Public` operations fill `R = ⌈n / W⌉` rows of `W` lanes,
//! operation `j` in row `j / W`, lane `j % W`: `W` main columns and `R + 2W`
//! preprocessed ones, not `n` columns in one row. The recursive verifier pays per opened
//! value, and an opened row of this table holds `R + 2W` preprocessed, `W` main and
//! `5(W + 1)` permutation values (a LogUp column per lane and the accumulator, each in
//! the degree-5 extension): `W` minimizes `⌈n / W⌉ + 8W`, about `√(n / 8)`. A production
//! segment program reads 1,048 public values: 11 lanes of 96 rows open 189 values a
//! query (plus the quotient's), where 33 lanes of 32 rows opened 301.
//!
//! **Columns.** Main `value[W]`. Preprocessed `sel[R]` (row `r`'s one-hot selector),
//! `slot[W]`, `reads[W]`. The public-value index `index(r, k)` of each lane is a constant
//! of the AIR (so of the key's fingerprint).
//!
//! # Soundness
//!
//! On every row, lane `k` satisfies `value[k] = Σ_r sel[r] · public[index(r, k)]`
//! (degree 2); with the preprocessed one-hot selector this is `value[k] =
//! public[index(r, k)]` on row `r`, and `value[k] = 0` where no operation sits (padding
//! lanes and rows, which also provide nothing: read count 0). Each lane provides its slot
//! with its read count, so each slot is defined as exactly its public value.
//!
//! # Column contract
//!
//! Each `value[k]` is `Determined` by its selector constraint and read by the bus.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{public_prep, public_slots, public_trace};

use std::sync::Arc;

use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Domain, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};

use super::witness::write_base;

/// `(lanes W, real rows R)` of the public table of `n` operations: the `W` with the
/// fewest values opened per query, `⌈n / W⌉ + 8W` (the smallest such `W`).
pub fn public_shape(n: usize) -> (usize, usize) {
    let opened = |w: usize| n.div_ceil(w) + 8 * w;
    let lanes = (1..=n.max(1)).min_by_key(|&w| (opened(w), w)).unwrap_or(1);
    (lanes, n.div_ceil(lanes).max(1))
}

/// The public table of a program's `Public` operations.
#[derive(Clone, Debug)]
pub struct PublicAir {
    indices: Vec<u32>,
    lanes: usize,
    rows: usize,
    num_public_values: usize,
    prep: Arc<RowMajorMatrix<Val>>,
}

impl PublicAir {
    /// The table for the public-value `indices` of the program's `Public` operations (in
    /// order), of `num_public_values` in all, with its preprocessed rows ([`public_prep`]).
    pub fn new(indices: Vec<u32>, num_public_values: usize, prep: RowMajorMatrix<Val>) -> Self {
        let (lanes, rows) = public_shape(indices.len());
        Self {
            indices,
            lanes,
            rows,
            num_public_values,
            prep: Arc::new(prep),
        }
    }
}

impl BaseAir<Val> for PublicAir {
    fn width(&self) -> usize {
        self.lanes
    }
    fn num_public_values(&self) -> usize {
        self.num_public_values
    }
    fn preprocessed_width(&self) -> usize {
        self.rows + 2 * self.lanes
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
        let (sel, rest) = prep.split_at(self.rows);
        let (slot, reads) = rest.split_at(self.lanes);
        for k in 0..self.lanes {
            let mut expected = AB::Expr::ZERO;
            for (r, &s) in sel.iter().enumerate() {
                if let Some(&index) = self.indices.get(r * self.lanes + k) {
                    expected += s.into() * public[index as usize].into();
                }
            }
            builder.assert_eq(value[k], expected);
            write_base(builder, slot[k], value[k], reads[k]);
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
                "value[k] = Σ_r sel[r] · public[index(r, k)]"
            );
            self.lanes
        ])
    }
}
