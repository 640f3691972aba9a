//! Auipc: honest traces of real runs (immediates over their range, carries
//! out of both halves, a hand-written `auipc x0`), and altered traces that
//! the constraints or the buses reject.

use super::{AUIPC_WIDTH, AuipcAir, AuipcChip, AuipcCols, CHIP};
use crate::adapters::testing::*;
use crate::adapters::testing_words::*;
use trellis_isa::rv32im::AuipcOpcode;
use trellis_isa::{Instruction, OpcodeClass, Program};
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> AuipcCols<usize> {
    AuipcCols::read(&(0..AUIPC_WIDTH).collect::<Vec<_>>())
}

/// Words of `nop` (`addi x0, x0, 0`) before the last auipc, so that its pc's
/// low half plus `0xf000` carries.
const FILLER: usize = 1100;

fn sample_words() -> Sample {
    let mut s = Sample::default();
    s.mark("auipc 0", auipc(5, 0));
    s.mark("auipc max", auipc(6, 0xf_ffff));
    s.mark("auipc sign", auipc(7, 0x8_0000));
    s.mark("auipc", auipc(8, 0x1_2345));
    s.mark("auipc nibble", auipc(9, 0xf));
    s.words.extend(std::iter::repeat_n(addi(0, 0, 0), FILLER));
    s.mark("auipc carry", auipc(10, 0xf));
    s
}

/// The sample, plus a hand-written `auipc x0, 5` before the final `terminate`.
fn sample_program() -> Program {
    let mut p = sample_words().program();
    let x0 = Instruction::from_u32s(AuipcOpcode::Auipc.global(), [0, 0, 5, 1, 0, 0, 0]);
    p.instructions.insert(p.instructions.len() - 1, x0);
    p
}

/// Row of the `auipc x0`.
const X0_ROW: usize = 6;

fn sample() -> (Honest, Rows) {
    let s = sample_words();
    let run = Run::of(sample_program());
    let (h, rows) = s.honest(AuipcAir, &AuipcChip);
    // The same rows, with the x0 row appended: check the full program's trace.
    let counters = trellis_vm::circuit::LookupCounters::new();
    let trace = trellis_vm::circuit::Chip::generate_trace(&AuipcChip, &run.ctx(&counters));
    trellis_stark::check_air_constraints(&DynAir::new(AuipcAir), &trace, &[]).unwrap();
    let diff = traffic_diff(&AuipcAir, &run, &AuipcChip, &trace);
    assert!(diff.is_empty(), "honest trace: traffic differs on {diff:?}");
    assert_eq!(h.rows + 1, run.steps(CHIP));
    (
        Honest {
            run,
            trace,
            rows: h.rows + 1,
        },
        rows,
    )
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(assert_degrees(&DynAir::new(AuipcAir)), 2);
    assert_eq!(AUIPC_WIDTH, 22);
}

#[test]
fn sums_and_carries() {
    let (h, rows) = sample();
    assert_eq!(h.rows, 7);
    let (c, t) = (col(), &h.trace);
    let at = |name: &str, column: usize| cell(t, rows.get(name), column);
    assert_eq!(at("auipc max", c.carry_hi), Val::ONE);
    assert_eq!(at("auipc carry", c.carry_lo), Val::ONE);
    assert_eq!(at("auipc nibble", c.carry_lo), Val::ZERO);
    assert_eq!(cell(t, X0_ROW, c.rd.enabled), Val::ZERO);
    assert_eq!(at("auipc", c.rd.enabled), Val::ONE);
    let run = &h.run;
    assert_eq!(run.register(5), BASE);
    assert_eq!(run.register(6), BASE + 4 - 0x1000);
    assert_eq!(run.register(7), BASE + 8 + 0x8000_0000);
    assert_eq!(run.register(8), BASE + 12 + 0x1234_5000);
    assert_eq!(run.register(9), BASE + 16 + 0xf000);
    assert_eq!(run.register(10), BASE + 4 * (5 + FILLER as u32) + 0xf000);
    assert_eq!(run.register(0), 0);
}

#[test]
fn altered_cells_are_rejected() {
    let (h, rows) = sample();
    let (c, t) = (col(), &h.trace);
    let r = |name| rows.get(name);
    let reject = |t: RowMajorMatrix<Val>, what: &str| assert_rejected(AuipcAir, &t, what);
    reject(
        with_cell(t, r("auipc max"), c.carry_hi, Val::ZERO),
        "high carry",
    );
    reject(
        with_cell(t, r("auipc carry"), c.carry_lo, Val::ZERO),
        "low carry",
    );
    reject(inc_cell(t, r("auipc"), c.imm_lo), "immediate nibble");
    reject(inc_cell(t, r("auipc"), c.pc_hi), "pc high half");
    reject(inc_cell(t, r("auipc"), c.rd.rd[1]), "result limb");
    reject(inc_cell(t, r("auipc"), c.rd.rd[3]), "result top limb");
    reject(inc_cell(t, r("auipc"), c.rd_ptr_inv), "rd pointer inverse");
    reject(
        with_cell(t, r("auipc"), c.rd.enabled, Val::ZERO),
        "write dropped for rd != x0",
    );
    reject(with_cell(t, X0_ROW, c.rd.enabled, Val::ONE), "write to x0");
    reject(
        with_cell(t, t.height() - 1, c.rd.enabled, Val::ONE),
        "padding row writes",
    );
    reject(
        inc_cell(t, r("auipc"), c.rd.write.access.gap_lo),
        "write timestamp gap",
    );
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<BusTamper> {
    let c = col();
    let (h, rows) = sample();
    let r = |name| rows.get(name);
    let plus =
        |row: usize, column: usize, by: u32| (row, column, cell(&h.trace, row, column) + val(by));
    vec![
        (
            "pc and result moved by a word",
            vec![plus(r("auipc"), c.pc, 4), plus(r("auipc"), c.rd.rd[0], 4)],
            vec!["bitwise", "exec", "memory", "program", "range"],
        ),
        (
            "immediate and result moved by 2^16",
            vec![plus(r("auipc"), c.imm, 16), plus(r("auipc"), c.rd.rd[2], 1)],
            vec!["bitwise", "memory", "program"],
        ),
        (
            "previous rd value",
            vec![plus(r("auipc"), c.rd.write.prev_data[3], 1)],
            vec!["memory"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    let (h, _) = sample();
    for (what, cells, buses) in bus_only_alterations() {
        let t = set_cells(&h.trace, &cells);
        trellis_stark::check_air_constraints(&DynAir::new(AuipcAir), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            traffic_diff(&AuipcAir, &h.run, &AuipcChip, &t),
            buses,
            "{what}"
        );
    }
}

#[test]
fn honest_run_proves() {
    prove_altered(sample_program(), CHIP, |_| {}).unwrap();
}

#[test]
fn bus_only_alterations_fail_to_prove() {
    for (what, cells, buses) in bus_only_alterations() {
        let result = prove_altered(sample_program(), CHIP, |t| *t = set_cells(t, &cells));
        assert_unbalanced(result, &buses, what);
    }
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(AuipcAir));
}
