use super::*;
use crate::circuit::lookups::range_row;
use crate::system_chips::test_support::*;
use trellis_stark::{Matrix, PrimeField32};

#[test]
fn table_rows_are_every_range_entry_at_its_index() {
    let table = range_table();
    assert_eq!(table.height(), 1 << 17);
    for (row, cols) in table.values.chunks_exact(2).enumerate() {
        let (x, bits) = (cols[0].as_canonical_u32(), cols[1].as_canonical_u32());
        if row == (1 << 17) - 1 {
            assert_eq!((x, bits), (0, 17), "padding row");
        } else {
            assert!(bits <= 16 && x < 1 << bits);
            assert_eq!(range_row(x, bits), row);
        }
    }
}

#[test]
fn multiplicities_come_from_the_counters() {
    let run = Run::new(sample_program(42));
    let (_, traces, _) = run.system_traces();
    let trace = &traces[index::RANGE];
    check(RangeAir, trace, &[]).unwrap();
    // 37 boundary rows: each looks up two 16-bit and two 11-bit limbs; the terminate (c2, 8), (c3, 6).
    let count = |x, bits| trace.values[range_row(x, bits)].as_canonical_u32();
    assert_eq!(count(0, 11), 2 * 37);
    assert_eq!((count(0, 8), count(0, 6)), (1, 1));
    let total: u32 = trace.values.iter().map(|v| v.as_canonical_u32()).sum();
    assert_eq!(total, 4 * 37 + 2);
}

#[test]
fn altered_multiplicity_unbalances_the_range_bus() {
    for (x, bits, delta) in [(0, 11, -1), (5, 16, 1), (0, 6, 1)] {
        let result = prove_altered(|traces, _| {
            traces[index::RANGE].values[range_row(x, bits)] += Val::from_i32(delta)
        });
        assert_unbalanced(result, &["range"], &format!("({x}, {bits})"));
    }
}

use trellis_stark::PrimeCharacteristicRing;

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(RangeAir));
}
