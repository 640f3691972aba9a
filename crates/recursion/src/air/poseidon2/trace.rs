//! The Poseidon2 table's rows: Plonky3's row generator on the (swapped) input states,
//! then the swap columns.

use p3_baby_bear::GenericPoseidon2LinearLayersBabyBear;
use p3_field::PrimeCharacteristicRing;
use p3_poseidon2_air::generate_trace_rows;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::system_chips::poseidon2::{
    HALF_FULL_ROUNDS, PARTIAL_ROUNDS, PERMUTATION_COLS, SBOX_DEGREE, SBOX_REGISTERS,
    round_constants,
};

use super::{POSEIDON2_TABLE_COLS, Poseidon2Prep, SwapCols};
use crate::air::fill::{matrix_for, val};
use crate::air::layout::{Layout, Table};
use crate::backend::{RATE, WIDTH};
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, Op};

/// A row's slots: `(input, out, reads of out, bit)`; a Merkle step's input is
/// `node ‖ sibling`, its out the parent's 8 slots, then none (slot 0, never read).
fn slots(layout: &Layout<'_>, op: &Op) -> ([u32; WIDTH], [u32; WIDTH], [u32; WIDTH], Option<u32>) {
    let reads = |s: &BaseSlot| layout.base_reads[s.0 as usize];
    match op {
        Op::Permute { out, input } => (
            input.map(|s| s.0),
            out.map(|s| s.0),
            out.map(|s| reads(&s)),
            None,
        ),
        Op::MerkleStep {
            out,
            bit,
            node,
            sibling,
        } => (
            core::array::from_fn(|i| {
                if i < RATE {
                    node[i].0
                } else {
                    sibling[i - RATE].0
                }
            }),
            core::array::from_fn(|i| out.get(i).map_or(0, |s| s.0)),
            core::array::from_fn(|i| out.get(i).map_or(0, reads)),
            Some(bit.0),
        ),
        _ => unreachable!("the layout puts only Permute and MerkleStep ops here"),
    }
}

/// Preprocessed rows.
pub fn poseidon2_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Poseidon2).collect();
    matrix_for(
        layout,
        Table::Poseidon2,
        &ops,
        <Poseidon2Prep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (input, out, reads, bit) = slots(layout, op);
            Poseidon2Prep {
                in_slot: input.map(val),
                out_slot: out.map(val),
                out_reads: reads.map(val),
                bit_slot: val(bit.unwrap_or(0)),
                is_real: Val::ONE,
                is_merkle: Val::from_bool(bit.is_some()),
            }
            .write(row)
        },
    )
}

/// The swap columns of a row: a Merkle step's bit, node and sibling; a permutation's
/// input halves with bit 0.
fn swap_cols(exec: &Execution, op: &Op) -> SwapCols<Val> {
    let b = |s: &BaseSlot| exec.base[s.0 as usize];
    match op {
        Op::Permute { input, .. } => SwapCols {
            bit: Val::ZERO,
            node: core::array::from_fn(|i| b(&input[i])),
            sibling: core::array::from_fn(|i| b(&input[RATE + i])),
        },
        Op::MerkleStep {
            bit, node, sibling, ..
        } => SwapCols {
            bit: b(bit),
            node: node.map(|s| b(&s)),
            sibling: sibling.map(|s| b(&s)),
        },
        _ => unreachable!("the layout puts only Permute and MerkleStep ops here"),
    }
}

/// The permuted state of a row: `node ‖ sibling`, swapped when the bit is 1.
fn state(c: &SwapCols<Val>) -> [Val; WIDTH] {
    let (left, right) = if c.bit == Val::ONE {
        (c.sibling, c.node)
    } else {
        (c.node, c.sibling)
    };
    core::array::from_fn(|i| if i < RATE { left[i] } else { right[i - RATE] })
}

/// Main rows: the permutation of every row's input state (the zero state on padding),
/// then its swap columns.
pub fn poseidon2_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let mut swaps: Vec<SwapCols<Val>> = layout
        .ops_of(Table::Poseidon2)
        .map(|op| swap_cols(exec, op))
        .collect();
    swaps.resize(
        layout.padded_height(Table::Poseidon2, swaps.len()),
        SwapCols::default(),
    );
    let permutations = generate_trace_rows::<
        Val,
        GenericPoseidon2LinearLayersBabyBear,
        WIDTH,
        SBOX_DEGREE,
        SBOX_REGISTERS,
        HALF_FULL_ROUNDS,
        PARTIAL_ROUNDS,
    >(swaps.iter().map(state).collect(), &round_constants(), 0);
    let mut values = Vec::with_capacity(swaps.len() * POSEIDON2_TABLE_COLS);
    for (perm, c) in permutations
        .values
        .chunks_exact(PERMUTATION_COLS)
        .zip(&swaps)
    {
        values.extend_from_slice(perm);
        let start = values.len();
        values.resize(start + POSEIDON2_TABLE_COLS - PERMUTATION_COLS, Val::ZERO);
        c.write(&mut values[start..]);
    }
    RowMajorMatrix::new(values, POSEIDON2_TABLE_COLS)
}
