//! The coordinates table's rows.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{CoeffsCols, CoeffsPrep};
use crate::air::fill::{coords, embed, matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::backend::EXT_DEGREE;
use crate::interpreter::Execution;
use crate::ir::Op;

/// Preprocessed rows.
pub fn coeffs_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Coeffs).collect();
    let zero = Val::ZERO;
    matrix_for(
        layout,
        Table::Coeffs,
        &ops,
        <CoeffsPrep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let one = Val::ONE;
            let prep = match op {
                Op::ExtFromBase { out, a } => CoeffsPrep {
                    ext_slot: val(out.0),
                    ext_read: zero,
                    ext_reads: val(layout.ext_reads[out.0 as usize]),
                    base_slot: embed(val(a.0)),
                    base_read: embed(one),
                    base_reads: [zero; EXT_DEGREE],
                    zero_high: one,
                },
                Op::ExtFromCoeffs { out, c } => CoeffsPrep {
                    ext_slot: val(out.0),
                    ext_read: zero,
                    ext_reads: val(layout.ext_reads[out.0 as usize]),
                    base_slot: c.map(|s| val(s.0)),
                    base_read: [one; EXT_DEGREE],
                    base_reads: [zero; EXT_DEGREE],
                    zero_high: zero,
                },
                Op::ExtToCoeffs { out, a } => CoeffsPrep {
                    ext_slot: val(a.0),
                    ext_read: one,
                    ext_reads: zero,
                    base_slot: out.map(|s| val(s.0)),
                    base_read: [zero; EXT_DEGREE],
                    base_reads: out.map(|s| val(layout.base_reads[s.0 as usize])),
                    zero_high: zero,
                },
                _ => unreachable!("the layout puts only coordinate ops here"),
            };
            prep.write(row)
        },
    )
}

/// Main rows: the extension value's coordinates.
pub fn coeffs_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Coeffs).collect();
    matrix_for(
        layout,
        Table::Coeffs,
        &ops,
        <CoeffsCols<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let slot = match op {
                Op::ExtFromBase { out, .. } | Op::ExtFromCoeffs { out, .. } => out.0,
                Op::ExtToCoeffs { a, .. } => a.0,
                _ => unreachable!("the layout puts only coordinate ops here"),
            };
            CoeffsCols {
                c: coords(exec.ext[slot as usize]),
            }
            .write(row)
        },
    )
}
