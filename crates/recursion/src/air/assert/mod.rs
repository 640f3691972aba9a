//! The assert table: one row per `AssertEq`, `AssertEqExt`, `AssertZero`,
//! `AssertZeroExt` and `Fail`.
//!
//! **Columns.** Main `a[4]`, `b[4]`. Preprocessed `a_slot`, `b_slot`, `a_base`,
//! `a_ext`, `b_base`, `b_ext` (how each side is read; `b` is not read on `AssertZero*`
//! rows), `fail`.
//!
//! # Soundness
//!
//! `a` (and `b` where read) are looked up at their slots; base sides are embedded
//! (`a_base · a[i] = 0`, `b_base · b[i] = 0` for `i ≥ 1`); an unread `b` is zero
//! (`(1 − b_base − b_ext) · b[i] = 0`). Then `a[i] = b[i]` for every coordinate is the
//! check. A `Fail` row carries `fail = 1` and the constraint `fail = 0`, which no trace
//! satisfies: a program that contains `Fail` has no proof.
//!
//! # Column contract
//!
//! `a`, `b`: the witness bus (an unread `b` is zero by constraint).

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{assert_prep, assert_trace};

use std::sync::Arc;

use crate::backend::EXT_DEGREE;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Domain, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::layout;

use super::witness::{read_base, read_ext};

trellis_vm::columns! {
    /// Main columns.
    pub struct AssertCols {
        /// Left side.
        a: [T; EXT_DEGREE],
        /// Right side (zero on `AssertZero*` rows).
        b: [T; EXT_DEGREE],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct AssertPrep {
        /// Slot of `a`.
        a_slot: T,
        /// Slot of `b`.
        b_slot: T,
        /// `a` is a base slot.
        a_base: T,
        /// `a` is an extension slot.
        a_ext: T,
        /// `b` is a base slot.
        b_base: T,
        /// `b` is an extension slot.
        b_ext: T,
        /// A `Fail` row.
        fail: T,
    }
}

/// The assert table.
#[derive(Clone, Debug)]
pub struct AssertAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

super::single_row_table!(AssertAir, AssertCols, AssertPrep, assert_prep);

impl<AB: BusBuilder> Air<AB> for AssertAir {
    fn eval(&self, builder: &mut AB) {
        let p = AssertPrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let c = AssertCols::<AB::Var>::read(builder.main().current_slice());
        builder.assert_zero(p.fail);
        let b_unread = AB::Expr::ONE - p.b_base.into() - p.b_ext.into();
        for i in 0..EXT_DEGREE {
            builder.assert_eq(c.a[i], c.b[i]);
            builder.assert_zero(b_unread.clone() * c.b[i].into());
        }
        for i in 1..EXT_DEGREE {
            builder.assert_zero(p.a_base.into() * c.a[i].into());
            builder.assert_zero(p.b_base.into() * c.b[i].into());
        }
        read_ext(builder, p.a_slot, c.a, p.a_ext);
        read_base(builder, p.a_slot, c.a[0], p.a_base);
        read_ext(builder, p.b_slot, c.b, p.b_ext);
        read_base(builder, p.b_slot, c.b[0], p.b_base);
    }
}

impl ChipAir for AssertAir {
    fn chip_name(&self) -> String {
        super::Table::Assert.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const SIDE: Domain = Domain::Determined("witness bus: the checked slot's value (a = b)");
        Some(layout(&AssertCols::<Domain> {
            a: [SIDE; EXT_DEGREE],
            b: [SIDE; EXT_DEGREE],
        }))
    }
}
