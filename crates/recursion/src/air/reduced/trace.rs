//! The reduced-opening table's rows: one per opened value (one for an empty op).

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{Challenge, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::padded_height;

use super::{ReducedCols, ReducedPrep};
use crate::air::fill::{coords, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, ExtSlot, Op};

/// One row of the table: a term of a `ReducedOpening` (or its empty op's only row).
#[derive(Clone, Copy, Debug)]
pub struct ReducedRow {
    /// `(alpha, v)` slots of the term; `None` for an empty op.
    pub term: Option<(ExtSlot, BaseSlot)>,
    /// The op's first row.
    pub first: bool,
    /// The op's last row.
    pub last: bool,
    /// The op's `(sum_at_z, inv_denominator, out)` slots.
    pub op: (ExtSlot, ExtSlot, ExtSlot),
}

/// The rows of every `ReducedOpening`, in program order.
pub fn reduced_rows(layout: &Layout<'_>) -> Vec<ReducedRow> {
    let mut rows = Vec::new();
    for op in layout.ops_of(Table::Reduced) {
        let Op::ReducedOpening {
            out,
            alpha_powers,
            row,
            sum_at_z,
            inv_denominator,
        } = op
        else {
            unreachable!("the layout puts only ReducedOpening ops here")
        };
        let slots = (*sum_at_z, *inv_denominator, *out);
        let n = row.len().max(1);
        for i in 0..n {
            rows.push(ReducedRow {
                term: row.get(i).zip(alpha_powers.get(i)).map(|(v, a)| (*a, *v)),
                first: i == 0,
                last: i + 1 == n,
                op: slots,
            });
        }
    }
    rows
}

/// Preprocessed rows; padding rows are `first` (they restart the accumulator at 0).
pub fn reduced_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let rows = reduced_rows(layout);
    let width = <ReducedPrep<Val> as Columns<Val>>::WIDTH;
    let mut values = vec![Val::ZERO; padded_height(rows.len()) * width];
    for (i, cells) in values.chunks_exact_mut(width).enumerate() {
        let prep = match rows.get(i) {
            Some(r) => {
                let (alpha, v) = r.term.map_or((0, 0), |(a, v)| (a.0, v.0));
                let (sum, inv, out) = r.op;
                ReducedPrep {
                    alpha_slot: val(alpha),
                    v_slot: val(v),
                    term: Val::from_bool(r.term.is_some()),
                    first: Val::from_bool(r.first),
                    last: Val::from_bool(r.last),
                    sum_slot: val(sum.0),
                    inv_slot: val(inv.0),
                    out_slot: val(out.0),
                    out_reads: if r.last {
                        val(layout.ext_reads[out.0 as usize])
                    } else {
                        Val::ZERO
                    },
                }
            }
            None => ReducedPrep {
                first: Val::ONE,
                ..ReducedPrep::default()
            },
        };
        prep.write(cells);
    }
    RowMajorMatrix::new(values, width)
}

/// Main rows: each op's terms with its running sum; padding rows are zero.
pub fn reduced_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let rows = reduced_rows(layout);
    let width = <ReducedCols<Val> as Columns<Val>>::WIDTH;
    let mut values = vec![Val::ZERO; padded_height(rows.len()) * width];
    let mut acc = Challenge::ZERO;
    for (r, cells) in rows.iter().zip(values.chunks_exact_mut(width)) {
        let (alpha, v) = r.term.map_or((Challenge::ZERO, Val::ZERO), |(a, v)| {
            (exec.ext[a.0 as usize], exec.base[v.0 as usize])
        });
        if r.first {
            acc = Challenge::ZERO;
        }
        acc += alpha * v;
        let (sum, inv, out) = r.op;
        let e = |s: ExtSlot| coords(exec.ext[s.0 as usize]);
        ReducedCols {
            alpha: coords(alpha),
            v,
            acc: coords(acc),
            sum_z: e(sum),
            inv: e(inv),
            out: e(out),
        }
        .write(cells);
    }
    RowMajorMatrix::new(values, width)
}
