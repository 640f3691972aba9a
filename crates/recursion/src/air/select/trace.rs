//! The select table's rows.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{SelectCols, SelectPrep};
use crate::air::fill::{coords, embed, matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::Op;

/// `(ext, bit, x, y, out)` slot numbers of a select op.
fn parts(op: &Op) -> (bool, u32, u32, u32, u32) {
    match op {
        Op::Select {
            out,
            bit,
            if_one,
            if_zero,
        } => (false, bit.0, if_one.0, if_zero.0, out.0),
        Op::SelectExt {
            out,
            bit,
            if_one,
            if_zero,
        } => (true, bit.0, if_one.0, if_zero.0, out.0),
        _ => unreachable!("the layout puts only select ops here"),
    }
}

/// Preprocessed rows.
pub fn select_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Select).collect();
    matrix_for(
        layout,
        Table::Select,
        &ops,
        <SelectPrep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (ext, bit, x, y, out) = parts(op);
            let reads = if ext {
                layout.ext_reads[out as usize]
            } else {
                layout.base_reads[out as usize]
            };
            SelectPrep {
                bit_slot: val(bit),
                x_slot: val(x),
                y_slot: val(y),
                out_slot: val(out),
                base: Val::from_bool(!ext),
                ext: Val::from_bool(ext),
                base_reads: if ext { Val::ZERO } else { val(reads) },
                ext_reads: if ext { val(reads) } else { Val::ZERO },
            }
            .write(row)
        },
    )
}

/// Main rows.
pub fn select_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Select).collect();
    matrix_for(
        layout,
        Table::Select,
        &ops,
        <SelectCols<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (ext, bit, x, y, out) = parts(op);
            let value = |s: u32| {
                if ext {
                    coords(exec.ext[s as usize])
                } else {
                    embed(exec.base[s as usize])
                }
            };
            SelectCols {
                bit: exec.base[bit as usize],
                x: value(x),
                y: value(y),
                out: value(out),
            }
            .write(row)
        },
    )
}
