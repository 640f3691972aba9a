//! The inputs tables' preprocessed rows (from the program) and main rows (from the
//! interpreter's slot values).

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};

use super::{lane_prep_width, lanes, prep_width};
use crate::air::fill::{coords, matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::Op;

/// The table of base inputs (`D = 1`) or extension inputs (`D = 4`).
fn table(d: usize) -> Table {
    if d == 1 {
        Table::Inputs
    } else {
        Table::InputsExt
    }
}

/// Preprocessed rows: per lane `slot`, `is_const`, `reads`, `constant[D]`, the table's
/// operations in program order, [`lanes`] a row.
pub fn inputs_prep<const D: usize>(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(table(D)).collect();
    let rows: Vec<&[&Op]> = ops.chunks(lanes(D)).collect();
    matrix_for(layout, table(D), &rows, prep_width(D), |ops, row| {
        for (op, lane) in ops.iter().zip(row.chunks_exact_mut(lane_prep_width(D))) {
            prep_lane(layout, op, lane);
        }
    })
}

/// One operation's preprocessed cells.
fn prep_lane(layout: &Layout<'_>, op: &Op, row: &mut [Val]) {
    let (slot, constant, ext) = match op {
        Op::Const { out, value } => (out.0, Some(vec![*value]), false),
        Op::LoadProof { out, .. } | Op::HintInverse { out, .. } => (out.0, None, false),
        Op::ConstExt { out, value } => (out.0, Some(value.to_vec()), true),
        Op::LoadProofExt { out, .. } | Op::HintExtInverse { out, .. } => (out.0, None, true),
        _ => unreachable!("the layout puts only input ops here"),
    };
    let reads = if ext {
        layout.ext_reads[slot as usize]
    } else {
        layout.base_reads[slot as usize]
    };
    row[0] = val(slot);
    row[1] = Val::from_bool(constant.is_some());
    row[2] = val(reads);
    for (cell, c) in row[3..].iter_mut().zip(constant.unwrap_or_default()) {
        *cell = val(c);
    }
}

/// Main rows: each defined slot's value, [`lanes`] a row.
pub fn inputs_trace<const D: usize>(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(table(D)).collect();
    let rows: Vec<&[&Op]> = ops.chunks(lanes(D)).collect();
    matrix_for(layout, table(D), &rows, lanes(D) * D, |ops, row| {
        for (op, lane) in ops.iter().zip(row.chunks_exact_mut(D)) {
            value_lane(exec, op, lane);
        }
    })
}

/// One operation's main cells: its slot's value.
fn value_lane(exec: &Execution, op: &Op, row: &mut [Val]) {
    match op {
        Op::Const { out, .. } | Op::LoadProof { out, .. } | Op::HintInverse { out, .. } => {
            row[0] = exec.base[out.0 as usize]
        }
        Op::ConstExt { out, .. }
        | Op::LoadProofExt { out, .. }
        | Op::HintExtInverse { out, .. } => row.copy_from_slice(&coords(exec.ext[out.0 as usize])),
        _ => unreachable!("the layout puts only input ops here"),
    }
}
