use super::*;
use crate::circuit::columns::Columns;
use crate::system_chips::test_support::*;
use trellis_stark::{BaseAir, Matrix, PrimeCharacteristicRing};

#[test]
fn multiplicities_count_executions_and_padding_matches_nothing() {
    let run = Run::new(sample_program(42));
    let chip = ProgramChip::new(Some(&run.program));
    let trace = chip.generate_trace(&run.ctx());
    let air = ProgramAir::new(Some(&run.program));
    let table = air.preprocessed_trace().unwrap();
    assert_eq!(
        (table.height(), trace.height()),
        (8, 8),
        "5 instructions pad to 8 rows"
    );
    check(air.clone(), &trace, &[]).unwrap();
    // nop, nop, nop, terminate ran once; the nop after terminate never did.
    let counts: Vec<Val> = trace.values.clone();
    let one = Val::ONE;
    assert_eq!(
        counts,
        [
            one,
            one,
            one,
            one,
            Val::ZERO,
            Val::ZERO,
            Val::ZERO,
            Val::ZERO
        ]
    );
    for row in 0..8 {
        let cols = ProgramPrepCols::<Val>::read(&table.values[row * 9..]);
        if row < 5 {
            assert_eq!(cols.pc, Val::from_u32(BASE + 4 * row as u32));
        } else {
            assert_eq!(
                cols,
                ProgramPrepCols {
                    opcode: Val::from_u32(PADDING_OPCODE),
                    ..Default::default()
                }
            );
        }
    }
    let terminate_row = ProgramPrepCols::<Val>::read(&table.values[3 * 9..]);
    assert_eq!(terminate_row.operands[2], Val::from_u32(42));
}

#[test]
fn verifier_side_air_has_no_table_and_same_shape() {
    let run = Run::new(sample_program(42));
    let (prover, verifier) = (ProgramAir::new(Some(&run.program)), ProgramAir::new(None));
    assert!(verifier.preprocessed_trace().is_none());
    assert_eq!(prover.width(), verifier.width());
    assert_eq!(prover.preprocessed_width(), verifier.preprocessed_width());
}

#[test]
fn altered_multiplicity_unbalances_the_program_bus() {
    for (row, delta) in [(0, 1), (3, -1), (4, 1), (6, 1)] {
        let result =
            prove_altered(|traces, _| traces[index::PROGRAM].values[row] += Val::from_i32(delta));
        assert_unbalanced(result, &["program"], &format!("row {row}"));
    }
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(
        ProgramAir::new(None),
    ));
}
