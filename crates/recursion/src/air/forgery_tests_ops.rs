//! Consistent forgeries of the bits table, the Poseidon2 table's Merkle mode and the
//! reduced-opening table (the method of `forgery_tests`): the changed value at its writer
//! and every reader, later values re-solved, only the table's own relation broken; the
//! prover's checks name the table, both witness buses balance, and the verifier rejects
//! the unchecked proof.

use p3_field::{PrimeCharacteristicRing, PrimeField32};
use trellis_stark::{Challenge, Val};
use trellis_vm::system_chips::poseidon2::PERMUTATION_COLS;

use super::RecursionCircuit;
use super::bits::{BitsCols, NUM_BITS};
use super::fill::val;
use super::forgery_tests::{assert_rejected, first, forged_execution};
use super::layout::Table;
use super::synthetic::every_op;
use crate::interpreter::execute;
use crate::ir::Op;
use trellis_vm::circuit::columns::Columns;

/// Index of `table` among the circuit's tables.
fn index(circuit: &RecursionCircuit<'_>, table: Table) -> usize {
    circuit.tables().iter().position(|&t| t == table).unwrap()
}

#[test]
fn non_canonical_decomposition_of_a_value_above_p_is_rejected() {
    let (program, inputs) = every_op(2);
    // The first 5-bit decomposition (of y = 100): decompose 100 + p instead, a 31-bit
    // integer ≡ 100 whose bits are boolean and recompose to x in the field.
    let at = first(
        &program,
        |op| matches!(op, Op::Bits { out, .. } if out.len() == 5),
    );
    let Op::Bits { out, x } = &program.ops[at] else {
        unreachable!()
    };
    let honest = execute(&program, &inputs).unwrap();
    let v = honest.base[x.0 as usize].as_canonical_u32();
    let wide = v + Val::ORDER_U32;
    assert!(wide < 1 << NUM_BITS);
    let bit = |i: usize| Val::from_bool((wide >> i) & 1 == 1);
    let forged: Vec<(u32, Val)> = out.iter().enumerate().map(|(i, s)| (s.0, bit(i))).collect();
    assert_ne!(
        bit(0),
        honest.base[out[0].0 as usize],
        "a bit read later changes"
    );
    let circuit = RecursionCircuit::new(&program).unwrap();
    let exec = forged_execution(&program, &inputs, at, &forged, &[]);
    let mut traces = circuit.traces(&exec);
    let k = index(&circuit, Table::Bits);
    let row = circuit.layout().ops[Table::Bits as usize]
        .iter()
        .position(|&i| i == at)
        .unwrap();
    let bits: [Val; NUM_BITS] = core::array::from_fn(bit);
    let top_hi = bits[29] * bits[30];
    let cols = BitsCols {
        x: val(v),
        bits,
        top_hi,
        top: bits[27] * bits[28] * top_hi,
    };
    let width = <BitsCols<Val> as Columns<Val>>::WIDTH;
    cols.write(&mut traces[k].values[row * width..(row + 1) * width]);
    assert_rejected(&circuit, traces, &inputs.public_values, Table::Bits);
}

#[test]
fn merkle_step_hashing_against_its_direction_bit_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::MerkleStep { .. }));
    let Op::MerkleStep { out, bit, .. } = &program.ops[at] else {
        unreachable!()
    };
    // The parent of the other order, with the bit (and its writer) unchanged.
    let honest = execute(&program, &inputs).unwrap();
    let mut flipped = honest.clone();
    let b = &mut flipped.base[bit.0 as usize];
    *b = Val::ONE - *b;
    let circuit = RecursionCircuit::new(&program).unwrap();
    let swapped = circuit.trace(Table::Poseidon2, &flipped);
    let row = circuit.layout().ops[Table::Poseidon2 as usize]
        .iter()
        .position(|&i| i == at)
        .unwrap();
    let width = swapped.width;
    let parent: Vec<(u32, Val)> = out
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let cols: Vec<usize> = (0..PERMUTATION_COLS).collect();
            let cell = super::poseidon2::output_cells(&cols)[i];
            (s.0, swapped.values[row * width + cell])
        })
        .collect();
    assert_ne!(parent[0].1, honest.base[out[0].0 as usize]);
    let exec = forged_execution(&program, &inputs, at, &parent, &[]);
    let mut traces = circuit.traces(&exec);
    let k = index(&circuit, Table::Poseidon2);
    let cells = row * width..row * width + PERMUTATION_COLS;
    traces[k].values[cells.clone()].copy_from_slice(&swapped.values[cells]);
    assert_rejected(&circuit, traces, &inputs.public_values, Table::Poseidon2);
}

#[test]
fn reduced_opening_with_an_altered_term_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(
        &program,
        |op| matches!(op, Op::ReducedOpening { row, .. } if row.len() == 8),
    );
    let Op::ReducedOpening {
        out,
        inv_denominator,
        ..
    } = &program.ops[at]
    else {
        unreachable!()
    };
    // Term 6 (the second row's first lane) contributes δ more; the accumulator from
    // there on and the result (with its readers) are re-solved:
    // out = (sum_z − acc − δ)·inv. Only the transition into the second row breaks.
    let honest = execute(&program, &inputs).unwrap();
    let delta = Challenge::from_u32(5);
    let forged = honest.ext[out.0 as usize] - delta * honest.ext[inv_denominator.0 as usize];
    let circuit = RecursionCircuit::new(&program).unwrap();
    let exec = forged_execution(&program, &inputs, at, &[], &[(out.0, forged)]);
    let mut traces = circuit.traces(&exec);
    let k = index(&circuit, Table::Reduced);
    let start: usize = circuit.layout().ops[Table::Reduced as usize]
        .iter()
        .take_while(|&&i| i != at)
        .map(|&i| super::layout::rows_of_op(&program.ops[i]))
        .sum();
    let width = traces[k].width;
    let acc = super::reduced::ACC;
    traces[k].values[(start + 1) * width + acc] += Val::from_u32(5); // acc[0]
    assert_rejected(&circuit, traces, &inputs.public_values, Table::Reduced);
}
