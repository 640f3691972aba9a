//! The Merkle table's rows: Plonky3's row generator on the swapped states, then the
//! bit, node and sibling.

use p3_baby_bear::GenericPoseidon2LinearLayersBabyBear;
use p3_field::PrimeCharacteristicRing;
use p3_poseidon2_air::generate_trace_rows;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::padded_height;
use trellis_vm::system_chips::poseidon2::{
    HALF_FULL_ROUNDS, PARTIAL_ROUNDS, PERMUTATION_COLS, SBOX_DEGREE, SBOX_REGISTERS,
    round_constants,
};

use super::{MERKLE_COLS, MerkleCols, MerklePrep};
use crate::air::fill::{matrix, val};
use crate::air::layout::{Layout, Table};
use crate::backend::{RATE, WIDTH};
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, Op};

/// `(out, bit, node, sibling)` slots of a `MerkleStep`.
type Parts<'a> = (
    &'a [BaseSlot; RATE],
    BaseSlot,
    &'a [BaseSlot; RATE],
    &'a [BaseSlot; RATE],
);

fn parts(op: &Op) -> Parts<'_> {
    match op {
        Op::MerkleStep {
            out,
            bit,
            node,
            sibling,
        } => (out, *bit, node, sibling),
        _ => unreachable!("the layout puts only MerkleStep ops here"),
    }
}

/// Preprocessed rows.
pub fn merkle_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Merkle).collect();
    matrix(&ops, <MerklePrep<Val> as Columns<Val>>::WIDTH, |op, row| {
        let (out, bit, node, sibling) = parts(op);
        MerklePrep {
            bit_slot: val(bit.0),
            node_slot: node.map(|s| val(s.0)),
            sibling_slot: sibling.map(|s| val(s.0)),
            out_slot: out.map(|s| val(s.0)),
            out_reads: out.map(|s| val(layout.base_reads[s.0 as usize])),
            is_real: Val::ONE,
        }
        .write(row)
    })
}

/// The extra columns of a row: `(bit, node, sibling)`.
fn extra(exec: &Execution, op: &Op) -> MerkleCols<Val> {
    let (_, bit, node, sibling) = parts(op);
    MerkleCols {
        bit: exec.base[bit.0 as usize],
        node: node.map(|s| exec.base[s.0 as usize]),
        sibling: sibling.map(|s| exec.base[s.0 as usize]),
    }
}

/// The permuted state of a row: `node ‖ sibling`, swapped when the bit is 1.
fn state(c: &MerkleCols<Val>) -> [Val; WIDTH] {
    let (left, right) = if c.bit == Val::ONE {
        (c.sibling, c.node)
    } else {
        (c.node, c.sibling)
    };
    core::array::from_fn(|i| if i < RATE { left[i] } else { right[i - RATE] })
}

/// Main rows.
pub fn merkle_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let mut extras: Vec<MerkleCols<Val>> = layout
        .ops_of(Table::Merkle)
        .map(|op| extra(exec, op))
        .collect();
    extras.resize(
        padded_height(extras.len()),
        MerkleCols {
            bit: Val::ZERO,
            node: [Val::ZERO; RATE],
            sibling: [Val::ZERO; RATE],
        },
    );
    let permutations = generate_trace_rows::<
        Val,
        GenericPoseidon2LinearLayersBabyBear,
        WIDTH,
        SBOX_DEGREE,
        SBOX_REGISTERS,
        HALF_FULL_ROUNDS,
        PARTIAL_ROUNDS,
    >(extras.iter().map(state).collect(), &round_constants(), 0);
    let mut values = Vec::with_capacity(extras.len() * MERKLE_COLS);
    for (perm, c) in permutations
        .values
        .chunks_exact(PERMUTATION_COLS)
        .zip(&extras)
    {
        values.extend_from_slice(perm);
        let start = values.len();
        values.resize(start + MERKLE_COLS - PERMUTATION_COLS, Val::ZERO);
        c.write(&mut values[start..]);
    }
    RowMajorMatrix::new(values, MERKLE_COLS)
}
