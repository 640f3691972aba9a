use super::*;
use crate::system_chips::test_support::*;
use trellis_stark::{Matrix, PrimeCharacteristicRing, PrimeField32};

#[test]
fn table_rows_are_byte_pairs_and_their_xor() {
    let table = bitwise_table();
    assert_eq!(table.height(), 1 << 16);
    for (row, cols) in table.values.chunks_exact(3).enumerate() {
        let [x, y, z] = [0, 1, 2].map(|i| cols[i].as_canonical_u32());
        assert_eq!((x * 256 + y, z), (row as u32, x ^ y));
    }
}

#[test]
fn multiplicities_come_from_the_counters() {
    let run = Run::new(sample_program(42));
    let (_, traces, _) = run.system_traces();
    let trace = &traces[index::BITWISE];
    check(BitwiseAir, trace, &[]).unwrap();
    // The terminate's (c0, c1) = (42, 0) byte-pair check; no xors.
    let nonzero: Vec<(usize, u32)> = trace
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != Val::ZERO)
        .map(|(i, v)| (i, v.as_canonical_u32()))
        .collect();
    assert_eq!(nonzero, [(2 * (42 * 256), 1)]);
}

#[test]
fn altered_multiplicity_unbalances_the_bitwise_bus() {
    for cell in [2 * 42 * 256, 2 * 42 * 256 + 1, 2 * 7] {
        let result = prove_altered(|traces, _| traces[index::BITWISE].values[cell] += Val::ONE);
        assert_unbalanced(result, &["bitwise"], &format!("cell {cell}"));
    }
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(BitwiseAir));
}
