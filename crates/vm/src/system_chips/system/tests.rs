use super::*;
use crate::circuit::columns::Columns;
use crate::system_chips::test_support::*;
use trellis_stark::PrimeCharacteristicRing;

fn rows(trace: &RowMajorMatrix<Val>) -> Vec<SystemCols<Val>> {
    trace
        .values
        .chunks_exact(trace.width)
        .map(SystemCols::read)
        .collect()
}

#[test]
fn nop_and_terminate_rows_satisfy_the_constraints() {
    for code in [0, 1, 255, 0x0102_0304, (1 << 30) - 1] {
        let run = Run::new(program(vec![nop(), nop(), terminate(code)], vec![]));
        let trace = SystemChip.generate_trace(&run.ctx());
        check(SystemAir, &trace, &[]).unwrap();
        let rows = rows(&trace);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].is_nop, Val::ONE);
        assert_eq!(rows[1].timestamp, Val::from_u32(2));
        assert_eq!(rows[2].is_terminate, Val::ONE);
        assert_eq!(rows[2].exit_code, code.to_le_bytes().map(Val::from_u8));
        assert_eq!(rows[3], SystemCols::default(), "padding");
        assert_eq!(run.trace.result.exit_code, code);
    }
}

#[test]
fn flags_are_boolean_and_exclusive() {
    let run = Run::new(sample_program(42));
    let trace = SystemChip.generate_trace(&run.ctx());
    for (row, col, value) in [
        (0, 0, Val::TWO),
        (0, 1, Val::ONE),
        (3, 0, Val::ONE),
        (3, 1, -Val::ONE),
        (0, 0, -Val::ONE),
    ] {
        let mut bad = trace.clone();
        set(&mut bad, row, col, value);
        assert!(check(SystemAir, &bad, &[]).is_err(), "row {row} col {col}");
    }
}

#[test]
fn altered_rows_unbalance_a_bus() {
    // Columns: is_nop, is_terminate, pc, timestamp, c0..c3. Row 3 is the terminate.
    let cases: [(usize, usize, Val, &[&str]); 6] = [
        (1, 2, Val::from_u32(BASE + 8), &["exec", "program"]), // pc
        (1, 3, Val::from_u32(7), &["exec"]),                   // timestamp
        (3, 4, Val::from_u32(43), &["bitwise", "exit", "program"]), // exit code limb
        (3, 7, Val::ONE, &["exit", "program", "range"]),       // top exit code limb
        (0, 4, Val::ONE, &["program"]),                        // a nop with c = 1
        (2, 0, Val::ZERO, &["exec", "program"]),               // a nop row dropped
    ];
    for (row, col, value, buses) in cases {
        let result = prove_altered(|traces, _| set(&mut traces[index::SYSTEM], row, col, value));
        assert_unbalanced(result, buses, &format!("row {row} col {col}"));
    }
    // A nop turned into a terminate (exit code 0): two exits, a missing next state.
    let result = prove_altered(|traces, _| {
        let t = &mut traces[index::SYSTEM];
        set(t, 1, 0, Val::ZERO);
        set(t, 1, 1, Val::ONE);
    });
    assert_unbalanced(
        result,
        &["bitwise", "exec", "exit", "program", "range"],
        "nop to terminate",
    );
}

#[test]
fn exit_codes_from_2_pow_30_are_refused_at_load() {
    // The top exit-code limb is range-checked to 6 bits, so such a
    // terminate could run but never be proven: loading (and keygen, which
    // runs the same checks) refuses it, as it refuses nonzero other operands.
    let vm = crate::Vm::new(crate::VmConfig::new()).unwrap();
    for code in [1 << 30, (1 << 30) + 5, trellis_isa::field::MODULUS - 1] {
        let err = vm
            .load(&program(vec![nop(), terminate(code)], vec![]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!(
                "terminate at pc {:#010x} has invalid operands: exit code c = {code} is not below 2^30",
                BASE + 4
            )),
            "{err}"
        );
    }
    let mut bad_nop = nop();
    bad_nop.c = Val::ONE;
    let err = vm
        .load(&program(vec![bad_nop, terminate(0)], vec![]))
        .unwrap_err();
    assert!(
        err.to_string().ends_with(&format!(
            "nop at pc {BASE:#010x} has invalid operands: c = 1, expected 0"
        )),
        "{err}"
    );
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(SystemAir));
}
