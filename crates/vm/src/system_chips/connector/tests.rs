use super::*;
use crate::circuit::columns::Columns;
use crate::system_chips::test_support::*;
use trellis_stark::PrimeCharacteristicRing;

fn honest() -> (RowMajorMatrix<Val>, Vec<Val>) {
    let run = Run::new(sample_program(0x1234_5678 & 0x3fff_ffff));
    (
        ConnectorChip.generate_trace(&run.ctx()),
        public_values(&run.claim()),
    )
}

fn column(name: &str) -> usize {
    [
        "is_real",
        "entry_pc",
        "final_pc",
        "final_timestamp",
        "c0",
        "c1",
        "c2",
        "c3",
    ]
    .iter()
    .position(|c| *c == name)
    .unwrap()
}

#[test]
fn honest_row_binds_the_public_values() {
    let (trace, pvs) = honest();
    check(ConnectorAir, &trace, &pvs).unwrap();
    assert_eq!(
        pvs,
        [BASE, 0x78, 0x56, 0x34, 0x12, BASE + 12].map(Val::from_u32)
    );
    let cols = ConnectorCols::<Val>::read(&trace.values);
    assert_eq!(cols.final_pc, Val::from_u32(BASE + 12));
    assert_eq!(
        cols.final_timestamp,
        Val::from_u32(5),
        "4 instructions, no accesses"
    );
}

#[test]
fn public_values_and_the_single_real_row_are_enforced() {
    let (trace, pvs) = honest();
    for k in 0..NUM_PUBLIC_VALUES {
        let mut wrong = pvs.clone();
        wrong[k] += Val::ONE;
        assert!(
            check(ConnectorAir, &trace, &wrong).is_err(),
            "public value {k}"
        );
    }
    for (row, col, value) in [
        (0, column("is_real"), Val::ZERO),
        (1, column("is_real"), Val::ONE),
        (3, column("is_real"), Val::ONE),
        (0, column("is_real"), Val::TWO),
        (0, column("entry_pc"), Val::from_u32(BASE + 4)),
        (0, column("c3"), Val::from_u32(0x13)),
    ] {
        let mut bad = trace.clone();
        set(&mut bad, row, col, value);
        assert!(
            check(ConnectorAir, &bad, &pvs).is_err(),
            "row {row} col {col}"
        );
    }
}

#[test]
fn exit_tuple_must_match_the_exiting_instruction() {
    // A final pc the run did not end at: trace and claim agree, the exit bus does not.
    let result = prove_altered(|traces, pvs| {
        set(
            &mut traces[index::CONNECTOR],
            0,
            column("final_pc"),
            Val::ZERO,
        );
        pvs[index::CONNECTOR][5] = Val::ZERO;
    });
    assert_unbalanced(result, &["exit"], "final_pc");
    let result = prove_altered(|traces, _| {
        set(
            &mut traces[index::CONNECTOR],
            0,
            column("final_timestamp"),
            Val::ZERO,
        )
    });
    assert_unbalanced(result, &["exit"], "final_timestamp");
    // A claimed exit code the run did not produce: trace and claim agree, the exit bus does not.
    let result = prove_altered(|traces, pvs| {
        set(
            &mut traces[index::CONNECTOR],
            0,
            column("c0"),
            Val::from_u32(43),
        );
        pvs[index::CONNECTOR][1] = Val::from_u32(43);
    });
    assert_unbalanced(result, &["exit"], "exit code");
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(ConnectorAir));
}
