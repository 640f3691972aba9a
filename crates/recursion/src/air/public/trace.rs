//! The public table's rows: the slots and read counts (preprocessed), the values (main).

use trellis_stark::{RowMajorMatrix, Val};

use crate::air::fill::{matrix, val};
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

/// Preprocessed: `(slot[k], reads[k])` on the first row.
pub fn public_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let slots = public_slots(layout);
    matrix(&[()], 2 * slots.len(), |_, row| {
        for (k, (slot, _)) in slots.iter().enumerate() {
            row[2 * k] = val(slot.0);
            row[2 * k + 1] = val(layout.base_reads[slot.0 as usize]);
        }
    })
}

/// Main: the values on the first row (zero below).
pub fn public_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let slots = public_slots(layout);
    matrix(&[()], slots.len(), |_, row| {
        for (k, (slot, _)) in slots.iter().enumerate() {
            row[k] = exec.base[slot.0 as usize];
        }
    })
}
