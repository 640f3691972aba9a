//! The base ALU rows.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{AluBaseCols, AluBasePrep};
use crate::air::fill::{matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, Op};

/// `(kind 0/1/2 = add/sub/mul, out, a, b)` of an ALU op.
fn parts(op: &Op) -> (usize, BaseSlot, BaseSlot, BaseSlot) {
    match op {
        Op::Add { out, a, b } => (0, *out, *a, *b),
        Op::Sub { out, a, b } => (1, *out, *a, *b),
        Op::Mul { out, a, b } => (2, *out, *a, *b),
        _ => unreachable!("the layout puts only base ALU ops here"),
    }
}

/// Preprocessed rows.
pub fn alu_base_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::AluBase).collect();
    matrix_for(
        layout,
        Table::AluBase,
        &ops,
        <AluBasePrep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (kind, out, a, b) = parts(op);
            AluBasePrep {
                a_slot: val(a.0),
                b_slot: val(b.0),
                out_slot: val(out.0),
                is_add: Val::from_bool(kind == 0),
                is_sub: Val::from_bool(kind == 1),
                is_mul: Val::from_bool(kind == 2),
                reads: val(layout.base_reads[out.0 as usize]),
            }
            .write(row)
        },
    )
}

/// Main rows.
pub fn alu_base_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::AluBase).collect();
    let v = |s: BaseSlot| exec.base[s.0 as usize];
    matrix_for(
        layout,
        Table::AluBase,
        &ops,
        <AluBaseCols<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (_, out, a, b) = parts(op);
            AluBaseCols {
                a: v(a),
                b: v(b),
                out: v(out),
            }
            .write(row)
        },
    )
}
