//! The reduced-opening table: one row per opened value of each `ReducedOpening`, a
//! running sum over the op's rows and the result on its last row:
//! `out = (sum_at_z − Σᵢ alpha_powers[i]·row[i]) · inv_denominator`.
//!
//! **Columns.** Main `alpha[4]` (this value's power of the batching challenge), `v`
//! (the opened value), `acc[4]` (the running sum `Σ alpha·v` over the op's rows so
//! far), `sum_z[4]`, `inv[4]`, `out[4]` (the op's operands and result, used on its last
//! row). Preprocessed `alpha_slot`, `v_slot`, `term` (the row reads a value: 1 on real
//! rows of a non-empty op), `first` (the op's first row; 1 on padding), `last` (the
//! op's last row; 0 on padding), `sum_slot`, `inv_slot`, `out_slot`, `out_reads` (0 but
//! on last rows).
//!
//! # Soundness
//!
//! `alpha` and `v` are looked up at their slots (count `term`); where `term` is 0 (an
//! empty op's single row, padding) `(1 − term)·v = 0` makes the row's term zero. The
//! accumulator starts on the first row
//! (`acc = alpha·v`, the first row of the trace is a first row) and continues by the
//! transition `acc' = (1 − first')·acc + alpha'·v'` (degree 2), so on an op's last row
//! `acc` is exactly its weighted sum. There `sum_z` and `inv` are looked up (count
//! `last`) and `last·(out − (sum_z − acc)·inv) = 0` (degree 3) fixes `out`, provided
//! with its read count (0 on other rows, whose `sum_z`, `inv`, `out` are unconstrained
//! and read by nobody).
//!
//! *Why one row per value.* Opened rows have 1 to 299 values (a production segment
//! program: 22 k rows over 646 k values). A fixed-width chip of `k` values a row pays
//! `⌈w/k⌉·k` value slots for a row of `w` values and `≈ 6k` columns; one row per value
//! has 30 columns in all, wastes nothing inside an op, and keeps the running-sum
//! transition the only cross-row constraint.
//!
//! # Column contract
//!
//! `alpha`, `v`: the witness bus; `acc`: the accumulator constraints; `sum_z`, `inv`:
//! the witness bus on last rows; `out`: the result constraint on last rows.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{reduced_prep, reduced_rows, reduced_trace};

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

trellis_vm::columns! {
    /// Main columns.
    pub struct ReducedCols {
        /// This value's power of the batching challenge.
        alpha: [T; 4],
        /// The opened value.
        v: T,
        /// Running `Σ alpha·v` over the op's rows so far.
        acc: [T; 4],
        /// The weighted sum at `z` (last rows).
        sum_z: [T; 4],
        /// `(z − x)⁻¹` (last rows).
        inv: [T; 4],
        /// The result (last rows).
        out: [T; 4],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct ReducedPrep {
        /// Slot of `alpha`.
        alpha_slot: T,
        /// Slot of `v`.
        v_slot: T,
        /// The row reads a value.
        term: T,
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

/// Offsets of `acc` and of the `first` flag (the cross-row columns).
const ACC: usize = 5;
const FIRST: usize = 3;

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
        // alpha, v (the next term) and acc.
        (0..ACC + EXT_DEGREE).collect()
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![FIRST]
    }
}

impl<AB: BusBuilder> Air<AB> for ReducedAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed();
        let p = ReducedPrep::<AB::Var>::read(prep.current_slice());
        let p_next = ReducedPrep::<AB::Var>::read(prep.next_slice());
        let main = builder.main();
        let c = ReducedCols::<AB::Var>::read(main.current_slice());
        let n = ReducedCols::<AB::Var>::read(main.next_slice());
        let term =
            |c: &ReducedCols<AB::Var>| -> [AB::Expr; 4] { c.alpha.map(|a| a.into() * c.v.into()) };
        builder.assert_zero((AB::Expr::ONE - p.term.into()) * c.v.into());
        let here = term(&c);
        let next = term(&n);
        for k in 0..EXT_DEGREE {
            builder
                .when_first_row()
                .assert_eq(c.acc[k], here[k].clone());
            let carried = (AB::Expr::ONE - p_next.first.into()) * c.acc[k].into();
            builder
                .when_transition()
                .assert_eq(n.acc[k], carried + next[k].clone());
        }
        let acc: [AB::Expr; 4] = c.acc.map(Into::into);
        let diff: [AB::Expr; 4] = core::array::from_fn(|k| c.sum_z[k].into() - acc[k].clone());
        let result = ext_mul(&diff, &c.inv.map(Into::into));
        for (k, r) in result.into_iter().enumerate() {
            builder.assert_zero(p.last.into() * (c.out[k].into() - r));
        }
        read_ext(builder, p.alpha_slot, c.alpha, p.term);
        read_base(builder, p.v_slot, c.v, p.term);
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
        Some(layout(&ReducedCols::<Domain> {
            alpha: [OPERAND; 4],
            v: Domain::Determined("witness bus (term rows); (1 − term)·v = 0 elsewhere"),
            acc: [Domain::Determined("acc' = (1 − first')·acc + alpha'·v'; first row: alpha·v"); 4],
            sum_z: [Domain::Determined("witness bus on last rows (free elsewhere, read by nobody)");
                4],
            inv: [Domain::Determined("witness bus on last rows (free elsewhere, read by nobody)");
                4],
            out: [Domain::Determined(
                "last·(out − (sum_z − acc)·inv) = 0; provided on last rows only",
            ); 4],
        }))
    }
}
