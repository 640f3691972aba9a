//! The extension ALU rows.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{AluExtCols, AluExtPrep};
use crate::air::fill::{coords, embed, matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::{ExtSlot, Op};

/// How an ALU row reads `b`.
enum B {
    Ext(ExtSlot),
    Base(crate::ir::BaseSlot),
}

/// `(kind 0/1/2 = add/sub/mul, out, a, b)` of an extension ALU op.
fn parts(op: &Op) -> (usize, ExtSlot, ExtSlot, B) {
    match op {
        Op::ExtAdd { out, a, b } => (0, *out, *a, B::Ext(*b)),
        Op::ExtSub { out, a, b } => (1, *out, *a, B::Ext(*b)),
        Op::ExtMul { out, a, b } => (2, *out, *a, B::Ext(*b)),
        Op::ExtAddBase { out, a, b } => (0, *out, *a, B::Base(*b)),
        Op::ExtMulBase { out, a, b } => (2, *out, *a, B::Base(*b)),
        _ => unreachable!("the layout puts only extension ALU ops here"),
    }
}

/// Preprocessed rows.
pub fn alu_ext_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::AluExt).collect();
    matrix_for(
        layout,
        Table::AluExt,
        &ops,
        <AluExtPrep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (kind, out, a, b) = parts(op);
            let (b_slot, b_ext) = match b {
                B::Ext(s) => (s.0, true),
                B::Base(s) => (s.0, false),
            };
            AluExtPrep {
                a_slot: val(a.0),
                b_slot: val(b_slot),
                out_slot: val(out.0),
                is_add: Val::from_bool(kind == 0),
                is_sub: Val::from_bool(kind == 1),
                is_mul: Val::from_bool(kind == 2),
                b_ext: Val::from_bool(b_ext),
                b_base: Val::from_bool(!b_ext),
                reads: val(layout.ext_reads[out.0 as usize]),
            }
            .write(row)
        },
    )
}

/// Main rows.
pub fn alu_ext_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::AluExt).collect();
    let e = |s: ExtSlot| coords(exec.ext[s.0 as usize]);
    matrix_for(
        layout,
        Table::AluExt,
        &ops,
        <AluExtCols<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (_, out, a, b) = parts(op);
            AluExtCols {
                a: e(a),
                b: match b {
                    B::Ext(s) => e(s),
                    B::Base(s) => embed(exec.base[s.0 as usize]),
                },
                out: e(out),
            }
            .write(row)
        },
    )
}
