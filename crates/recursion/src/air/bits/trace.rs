//! The bits table's rows.

use p3_field::{PrimeCharacteristicRing, PrimeField32};
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

use super::{BitsCols, BitsPrep, NUM_BITS};
use crate::air::fill::{matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, Op};

/// `(out, x)` slots of a `Bits`.
fn parts(op: &Op) -> (&[BaseSlot], BaseSlot) {
    match op {
        Op::Bits { out, x } => (out, *x),
        _ => unreachable!("the layout puts only Bits ops here"),
    }
}

/// Preprocessed rows.
pub fn bits_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Bits).collect();
    matrix_for(
        layout,
        Table::Bits,
        &ops,
        <BitsPrep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (out, x) = parts(op);
            let slot = |i: usize| out.get(i).map_or(0, |s| s.0);
            let reads = |i: usize| out.get(i).map_or(0, |s| layout.base_reads[s.0 as usize]);
            BitsPrep {
                x_slot: val(x.0),
                bit_slot: core::array::from_fn(|i| val(slot(i))),
                bit_reads: core::array::from_fn(|i| val(reads(i))),
                is_real: Val::ONE,
            }
            .write(row)
        },
    )
}

/// The row of the canonical decomposition of `x`.
pub fn bits_row(x: Val) -> BitsCols<Val> {
    let v = x.as_canonical_u32();
    let bits: [Val; NUM_BITS] = core::array::from_fn(|i| Val::from_bool((v >> i) & 1 == 1));
    let top_hi = bits[29] * bits[30];
    BitsCols {
        x,
        bits,
        top_hi,
        top: bits[27] * bits[28] * top_hi,
    }
}

/// Main rows.
pub fn bits_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Bits).collect();
    matrix_for(
        layout,
        Table::Bits,
        &ops,
        <BitsCols<Val> as Columns<Val>>::WIDTH,
        |op, row| bits_row(exec.base[parts(op).1.0 as usize]).write(row),
    )
}
