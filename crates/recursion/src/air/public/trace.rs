//! The public table's rows: selectors, slots and read counts (preprocessed), values
//! (main), operation `j` in row `j / W`, lane `j % W`.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{RowMajorMatrix, Val};

use super::public_shape;
use crate::air::fill::{matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, Op};

/// The defined slot and public index of every `Public` operation, in order.
pub fn public_slots(layout: &Layout<'_>) -> Vec<(BaseSlot, u32)> {
    layout
        .ops_of(Table::Public)
        .map(|op| match op {
            Op::Public { out, index } => (*out, *index),
            _ => unreachable!("the layout puts only Public ops here"),
        })
        .collect()
}

/// The operations' slots, row by row (`W` lanes a row).
fn rows(layout: &Layout<'_>) -> (usize, usize, Vec<Vec<BaseSlot>>) {
    let slots = public_slots(layout);
    let (lanes, rows) = public_shape(slots.len());
    let chunks = slots
        .chunks(lanes)
        .map(|c| c.iter().map(|(s, _)| *s).collect())
        .collect();
    (lanes, rows, chunks)
}

/// Preprocessed: `sel[R]`, `slot[W]`, `reads[W]`.
pub fn public_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let (lanes, rows, chunks) = rows(layout);
    let numbered: Vec<(usize, &Vec<BaseSlot>)> = chunks.iter().enumerate().collect();
    matrix_for(
        layout,
        Table::Public,
        &numbered,
        rows + 2 * lanes,
        |(r, slots), row| {
            row[*r] = Val::ONE;
            for (k, s) in slots.iter().enumerate() {
                row[rows + k] = val(s.0);
                row[rows + lanes + k] = val(layout.base_reads[s.0 as usize]);
            }
        },
    )
}

/// Main: the values.
pub fn public_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let (lanes, _, chunks) = rows(layout);
    matrix_for(layout, Table::Public, &chunks, lanes, |slots, row| {
        for (k, s) in slots.iter().enumerate() {
            row[k] = exec.base[s.0 as usize];
        }
    })
}
