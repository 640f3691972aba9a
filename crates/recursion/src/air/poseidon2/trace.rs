//! The Poseidon2 table's rows: Plonky3's row generator on the permuted states.

use p3_baby_bear::GenericPoseidon2LinearLayersBabyBear;
use p3_field::PrimeCharacteristicRing;
use p3_poseidon2_air::generate_trace_rows;
use trellis_stark::{RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::padded_height;
use trellis_vm::system_chips::poseidon2::{
    HALF_FULL_ROUNDS, PARTIAL_ROUNDS, SBOX_DEGREE, SBOX_REGISTERS, round_constants,
};

use super::Poseidon2Prep;
use crate::air::fill::{matrix, val};
use crate::air::layout::{Layout, Table};
use crate::backend::WIDTH;
use crate::interpreter::Execution;
use crate::ir::{BaseSlot, Op};

/// `(input, out)` slots of a `Permute`.
fn parts(op: &Op) -> (&[BaseSlot; WIDTH], &[BaseSlot; WIDTH]) {
    match op {
        Op::Permute { out, input } => (input, out),
        _ => unreachable!("the layout puts only Permute ops here"),
    }
}

/// Preprocessed rows.
pub fn poseidon2_prep(layout: &Layout<'_>) -> RowMajorMatrix<Val> {
    let ops: Vec<&Op> = layout.ops_of(Table::Poseidon2).collect();
    matrix(
        &ops,
        <Poseidon2Prep<Val> as Columns<Val>>::WIDTH,
        |op, row| {
            let (input, out) = parts(op);
            Poseidon2Prep {
                in_slot: input.map(|s| val(s.0)),
                out_slot: out.map(|s| val(s.0)),
                out_reads: out.map(|s| val(layout.base_reads[s.0 as usize])),
                is_real: Val::ONE,
            }
            .write(row)
        },
    )
}

/// Main rows: the permutation of every `Permute`'s input state, then of the zero state.
pub fn poseidon2_trace(layout: &Layout<'_>, exec: &Execution) -> RowMajorMatrix<Val> {
    let mut states: Vec<[Val; WIDTH]> = layout
        .ops_of(Table::Poseidon2)
        .map(|op| parts(op).0.map(|s| exec.base[s.0 as usize]))
        .collect();
    states.resize(padded_height(states.len()), [Val::ZERO; WIDTH]);
    generate_trace_rows::<
        Val,
        GenericPoseidon2LinearLayersBabyBear,
        WIDTH,
        SBOX_DEGREE,
        SBOX_REGISTERS,
        HALF_FULL_ROUNDS,
        PARTIAL_ROUNDS,
    >(states, &round_constants(), 0)
}
