//! The reduced-opening table's rows: [`LANES`] opened values a row (one row for an
//! empty op).

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{Challenge, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{LANES, ReducedCols, ReducedPrep};
use crate::air::fill::{coords, val};
use crate::air::layout::{Layout, Table};
use crate::backend::EXT_DEGREE;
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, ExtSlot, Op};

/// One row of the table: up to [`LANES`] terms of a `ReducedOpening`.
#[derive(Clone, Copy, Debug)]
pub struct ReducedRow {
    /// `(alpha, v)` slots of each lane's term; `None` past the op's last value.
    pub terms: [Option<(ExtSlot, BaseSlot)>; LANES],
    /// The op's first row.
    pub first: bool,
    /// The op's last row.
    pub last: bool,
    /// The op's `(sum_at_z, inv_denominator, out)` slots.
    pub op: (ExtSlot, ExtSlot, ExtSlot),
}

/// Rows of a `ReducedOpening` of `values` opened values.
pub fn rows_for(values: usize) -> usize {
    values.div_ceil(LANES).max(1)
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
        let n = rows_for(row.len());
        for r in 0..n {
            rows.push(ReducedRow {
                terms: core::array::from_fn(|j| {
                    let i = r * LANES + j;
                    row.get(i).zip(alpha_powers.get(i)).map(|(v, a)| (*a, *v))
                }),
                first: r == 0,
                last: r + 1 == n,
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
    let mut values = vec![Val::ZERO; layout.padded_height(Table::Reduced, rows.len()) * width];
    for (i, cells) in values.chunks_exact_mut(width).enumerate() {
        let prep = match rows.get(i) {
            Some(r) => {
                let (sum, inv, out) = r.op;
                ReducedPrep {
                    alpha_slot: r.terms.map(|t| val(t.map_or(0, |(a, _)| a.0))),
                    v_slot: r.terms.map(|t| val(t.map_or(0, |(_, v)| v.0))),
                    term: r.terms.map(|t| Val::from_bool(t.is_some())),
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
    let mut values = vec![Val::ZERO; layout.padded_height(Table::Reduced, rows.len()) * width];
    let mut acc = Challenge::ZERO;
    for (r, cells) in rows.iter().zip(values.chunks_exact_mut(width)) {
        let lanes: [(Challenge, Val); LANES] = r.terms.map(|t| {
            t.map_or((Challenge::ZERO, Val::ZERO), |(a, v)| {
                (exec.ext[a.0 as usize], exec.base[v.0 as usize])
            })
        });
        if r.first {
            acc = Challenge::ZERO;
        }
        acc += lanes.iter().map(|&(a, v)| a * v).sum::<Challenge>();
        let (sum, inv, out) = r.op;
        let e = |s: ExtSlot| coords(exec.ext[s.0 as usize]);
        ReducedCols {
            alpha: core::array::from_fn(|i| coords(lanes[i / EXT_DEGREE].0)[i % EXT_DEGREE]),
            v: lanes.map(|l| l.1),
            acc: coords(acc),
            sum_z: e(sum),
            inv: e(inv),
            out: e(out),
        }
        .write(cells);
    }
    RowMajorMatrix::new(values, width)
}
