//! The assert table's rows.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{AssertCols, AssertPrep};
use crate::air::fill::{coords, embed, matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::backend::EXT_DEGREE;
use crate::interpreter::Execution;
use crate::ir::Op;

/// One side of a check: a base slot, an extension slot, or nothing.
#[derive(Clone, Copy)]
enum Side {
    Base(u32),
    Ext(u32),
    None,
}

/// `(a, b, fail)` of a check.
fn parts(op: &Op) -> (Side, Side, bool) {
    match op {
        Op::AssertEq { a, b, .. } => (Side::Base(a.0), Side::Base(b.0), false),
        Op::AssertEqExt { a, b, .. } => (Side::Ext(a.0), Side::Ext(b.0), false),
        Op::AssertZero { a, .. } => (Side::Base(a.0), Side::None, false),
        Op::AssertZeroExt { a, .. } => (Side::Ext(a.0), Side::None, false),
        Op::Fail { .. } => (Side::None, Side::None, true),
        _ => unreachable!("the layout puts only checks here"),
    }
}

/// `(slot, base, ext)` columns of a side.
fn prep_side(s: Side) -> (Val, Val, Val) {
    match s {
        Side::Base(x) => (val(x), Val::ONE, Val::ZERO),
        Side::Ext(x) => (val(x), Val::ZERO, Val::ONE),
        Side::None => (Val::ZERO, Val::ZERO, Val::ZERO),
    }
}

/// Preprocessed rows.
pub fn assert_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Assert).collect();
    matrix_for(
        layout,
        Table::Assert,
        &ops,
        <AssertPrep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (a, b, fail) = parts(op);
            let (a_slot, a_base, a_ext) = prep_side(a);
            let (b_slot, b_base, b_ext) = prep_side(b);
            AssertPrep {
                a_slot,
                b_slot,
                a_base,
                a_ext,
                b_base,
                b_ext,
                fail: Val::from_bool(fail),
            }
            .write(row)
        },
    )
}

/// Main rows: the checked values.
pub fn assert_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Assert).collect();
    let value = |s: Side| -> [Val; EXT_DEGREE] {
        match s {
            Side::Base(x) => embed(exec.base[x as usize]),
            Side::Ext(x) => coords(exec.ext[x as usize]),
            Side::None => [Val::ZERO; EXT_DEGREE],
        }
    };
    matrix_for(
        layout,
        Table::Assert,
        &ops,
        <AssertCols<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (a, b, _) = parts(op);
            AssertCols {
                a: value(a),
                b: value(b),
            }
            .write(row)
        },
    )
}
