//! The reduced-opening table: each `ReducedOpening` over [`LANES`] opened values a row,
//! a running sum over the op's rows and the result on its last row:
//! `out = (sum_at_z − Σᵢ alpha_powers[i]·row[i]) · inv_denominator`.
//!
//! **Columns** (`d` = 5, the extension degree). Main `alpha[d·LANES]` (lane `j`: its
//! value's power of the batching challenge, coordinates `dj..dj+d`), `v[LANES]` (the
//! opened values), `acc[d]` (the running sum `Σ alpha·v` over the op's rows so far),
//! `sum_z[d]`, `inv[d]`, `out[d]`
//! (the op's operands and result, used on its last row). Preprocessed
//! `alpha_slot[LANES]`, `v_slot[LANES]`, `term[LANES]` (the lane reads a value), `first`
//! (the op's first row; 1 on padding), `last` (the op's last row; 0 on padding),
//! `sum_slot`, `inv_slot`, `out_slot`, `out_reads` (0 but on last rows).
//!
//! # Soundness
//!
//! Each lane's `alpha` and `v` are looked up at their slots (count `term`); where `term`
//! is 0 (the lanes past an op's last value, padding) `(1 − term)·v = 0` makes the lane's
//! term zero. The accumulator starts on the first row (`acc = Σ alpha·v`, the first row
//! of the trace is a first row) and continues by the transition
//! `acc' = (1 − first')·acc + Σ alpha'·v'` (degree 2), so on an op's last row `acc` is
//! exactly its weighted sum. There `sum_z` and `inv` are looked up (count `last`) and
//! `last·(out − (sum_z − acc)·inv) = 0` (degree 3) fixes `out`, provided with its read
//! count (0 on other rows, whose `sum_z`, `inv`, `out` are unconstrained and read by
//! nobody).
//!
//! *Why [`LANES`] = 6 values a row.* Opened rows have 1 to 299 values (a production
//! fibonacci segment program, `examples/program_stats`: 22,035 ops over 645,840 values).
//! With `k` lanes an op takes `⌈w/k⌉` rows of `(d+1)k + 4d` main columns; measured on
//! that program at `d` = 4 (padded rows × main columns): k = 1: 2²⁰ × 21 = 22.0 M
//! cells; k = 2: 2¹⁹ × 26 = 13.6 M; k = 3: 2¹⁸ × 31 = 8.1 M; k = 4: 2¹⁸ × 36 = 9.4 M;
//! k = 6: 2¹⁷ × 46 = 6.0 M; k = 8: 2¹⁷ × 56 = 7.3 M; k = 16: 2¹⁶ × 96 = 6.3 M. Six lanes is the least: one row
//! per value would pay the per-op columns (`acc`, `sum_z`, `inv`, `out`) on every value.
//! At `d` = 5 every count grows by `k + 4` columns and the order stays.
//!
//! # Column contract
//!
//! `alpha`, `v`: the witness bus (`v` also `(1 − term)·v = 0`); `acc`: the accumulator
//! constraints; `sum_z`, `inv`: the witness bus on last rows; `out`: the result
//! constraint on last rows.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{ReducedRow, reduced_prep, reduced_rows, reduced_trace, rows_for};

use std::sync::Arc;

use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, Domain, PrimeCharacteristicRing, RowMajorMatrix,
    Val, WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::layout;

use super::alu_ext::ext_mul;
use super::witness::{read_base, read_ext, write_ext};
use crate::backend::EXT_DEGREE;

/// Opened values a row.
pub const LANES: usize = 6;

trellis_vm::columns! {
    /// Main columns.
    pub struct ReducedCols {
        /// Each lane's power of the batching challenge (lane `j`: `dj..dj+d`, `d` the
        /// extension degree).
        alpha: [T; EXT_DEGREE * LANES],
        /// Each lane's opened value.
        v: [T; LANES],
        /// Running `Σ alpha·v` over the op's rows so far.
        acc: [T; EXT_DEGREE],
        /// The weighted sum at `z` (last rows).
        sum_z: [T; EXT_DEGREE],
        /// `(z − x)⁻¹` (last rows).
        inv: [T; EXT_DEGREE],
        /// The result (last rows).
        out: [T; EXT_DEGREE],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct ReducedPrep {
        /// Slot of each lane's `alpha`.
        alpha_slot: [T; LANES],
        /// Slot of each lane's `v`.
        v_slot: [T; LANES],
        /// Each lane reads a value.
        term: [T; LANES],
        /// First row of an op (1 on padding).
        first: T,
        /// Last row of an op (0 on padding).
        last: T,
        /// Slot of `sum_z`.
        sum_slot: T,
        /// Slot of `inv`.
        inv_slot: T,
        /// Slot of `out`.
        out_slot: T,
        /// Read count of `out` (last rows).
        out_reads: T,
    }
}

/// Offset of `acc` among the main columns (it and the columns before it, the next
/// row's terms, are the cross-row ones).
pub const ACC: usize = (EXT_DEGREE + 1) * LANES;
/// Offset of the `first` flag (the cross-row preprocessed column).
const FIRST: usize = 3 * LANES;

/// The reduced-opening table.
#[derive(Clone, Debug)]
pub struct ReducedAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

impl ReducedAir {
    /// The table with its preprocessed rows ([`reduced_prep`]).
    pub fn new(prep: RowMajorMatrix<Val>) -> Self {
        Self {
            prep: Arc::new(prep),
        }
    }
}

impl BaseAir<Val> for ReducedAir {
    fn width(&self) -> usize {
        <ReducedCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_width(&self) -> usize {
        <ReducedPrep<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some((*self.prep).clone())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        (0..ACC + EXT_DEGREE).collect()
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![FIRST]
    }
}

/// `Σ_j alpha_j · v_j` over a row's lanes.
fn row_sum<AB: AirBuilder>(c: &ReducedCols<AB::Var>) -> [AB::Expr; EXT_DEGREE] {
    core::array::from_fn(|k| {
        (0..LANES).fold(AB::Expr::ZERO, |sum, j| {
            sum + c.alpha[EXT_DEGREE * j + k].into() * c.v[j].into()
        })
    })
}

impl<AB: BusBuilder> Air<AB> for ReducedAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed();
        let p = ReducedPrep::<AB::Var>::read(prep.current_slice());
        let p_next = ReducedPrep::<AB::Var>::read(prep.next_slice());
        let main = builder.main();
        let c = ReducedCols::<AB::Var>::read(main.current_slice());
        let n = ReducedCols::<AB::Var>::read(main.next_slice());
        for j in 0..LANES {
            builder.assert_zero((AB::Expr::ONE - p.term[j].into()) * c.v[j].into());
        }
        let here = row_sum::<AB>(&c);
        let next = row_sum::<AB>(&n);
        for k in 0..EXT_DEGREE {
            builder
                .when_first_row()
                .assert_eq(c.acc[k], here[k].clone());
            let carried = (AB::Expr::ONE - p_next.first.into()) * c.acc[k].into();
            builder
                .when_transition()
                .assert_eq(n.acc[k], carried + next[k].clone());
        }
        let acc: [AB::Expr; EXT_DEGREE] = c.acc.map(Into::into);
        let diff: [AB::Expr; EXT_DEGREE] =
            core::array::from_fn(|k| c.sum_z[k].into() - acc[k].clone());
        let result = ext_mul(&diff, &c.inv.map(Into::into));
        for (k, r) in result.into_iter().enumerate() {
            builder.assert_zero(p.last.into() * (c.out[k].into() - r));
        }
        for j in 0..LANES {
            let alpha: [AB::Var; EXT_DEGREE] =
                core::array::from_fn(|k| c.alpha[EXT_DEGREE * j + k]);
            read_ext(builder, p.alpha_slot[j], alpha, p.term[j]);
            read_base(builder, p.v_slot[j], c.v[j], p.term[j]);
        }
        read_ext(builder, p.sum_slot, c.sum_z, p.last);
        read_ext(builder, p.inv_slot, c.inv, p.last);
        write_ext(builder, p.out_slot, c.out, p.out_reads);
    }
}

impl ChipAir for ReducedAir {
    fn chip_name(&self) -> String {
        super::Table::Reduced.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const OPERAND: Domain = Domain::Determined("witness bus: the operand slot's value");
        const LAST: Domain =
            Domain::Determined("witness bus on last rows (free elsewhere, read by nobody)");
        Some(layout(&ReducedCols::<Domain> {
            alpha: [OPERAND; EXT_DEGREE * LANES],
            v: [Domain::Determined("witness bus (term lanes); (1 − term)·v = 0 elsewhere"); LANES],
            acc: [Domain::Determined("acc' = (1 − first')·acc + Σ alpha'·v'; first row: Σ alpha·v");
                EXT_DEGREE],
            sum_z: [LAST; EXT_DEGREE],
            inv: [LAST; EXT_DEGREE],
            out: [Domain::Determined(
                "last·(out − (sum_z − acc)·inv) = 0; provided on last rows only",
            ); EXT_DEGREE],
        }))
    }
}
