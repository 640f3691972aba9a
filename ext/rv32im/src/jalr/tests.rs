//! Jalr: honest traces of real runs (both immediate signs, bit 0 set by rs1
//! or by the immediate, rd = rs1, rd = x0, carries), and altered traces that
//! the constraints or the buses reject.

use super::{CHIP, JALR_WIDTH, JalrAir, JalrChip, JalrCols};
use crate::adapters::testing::*;
use crate::adapters::testing_words::*;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> JalrCols<usize> {
    JalrCols::read(&(0..JALR_WIDTH).collect::<Vec<_>>())
}

/// An instruction a jump skips: x31 counts the skipped ones that ran.
const SKIPPED: u32 = 0x001f_8f93; // addi x31, x31, 1

/// pc of word `k`.
fn pc(k: usize) -> u32 {
    BASE + 4 * k as u32
}

/// Six jumps, each over one skipped word to the next `li` (words 4k..4k+4).
fn sample_program() -> Sample {
    let mut s = Sample::default();
    s.li(5, pc(4));
    s.mark("jalr", jalr(1, 5, 0));
    s.push(SKIPPED);
    s.li(6, pc(8) + 1);
    s.mark("jalr odd rs1", jalr(1, 6, 0));
    s.push(SKIPPED);
    s.li(7, pc(12) + 8);
    s.mark("jalr x0", jalr(0, 7, -8));
    s.push(SKIPPED);
    s.li(8, pc(16));
    s.mark("jalr rd = rs1", jalr(8, 8, 1));
    s.push(SKIPPED);
    s.li(9, pc(20) - 2044);
    s.mark("jalr 2044", jalr(10, 9, 2044));
    s.push(SKIPPED);
    s.li(11, pc(24) + 2048);
    s.mark("jalr -2048", jalr(12, 11, -2048));
    s.push(SKIPPED);
    assert_eq!(s.words.len(), 24);
    s
}

fn sample() -> (Honest, Rows) {
    sample_program().honest(JalrAir, &JalrChip)
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(assert_degrees(&DynAir::new(JalrAir)), 2);
    assert_eq!(JALR_WIDTH, 31);
}

#[test]
fn targets_and_links() {
    let (h, rows) = sample();
    assert_eq!(h.rows, 6);
    let (c, t) = (col(), &h.trace);
    let at = |name: &str, column: usize| cell(t, rows.get(name), column);
    assert_eq!(at("jalr", c.bit0), Val::ZERO);
    assert_eq!(at("jalr odd rs1", c.bit0), Val::ONE);
    assert_eq!(at("jalr rd = rs1", c.bit0), Val::ONE);
    assert_eq!(at("jalr x0", c.rd.enabled), Val::ZERO);
    assert_eq!(at("jalr -2048", c.carry_lo), Val::ONE);
    assert_eq!(at("jalr -2048", c.carry_hi), Val::ONE);
    assert_eq!(at("jalr -2048", c.imm_sign), Val::ONE);
    let run = &h.run;
    assert_eq!(run.register(31), 0, "a skipped instruction ran");
    assert_eq!(run.register(1), pc(7));
    assert_eq!(run.register(8), pc(15));
    assert_eq!(run.register(10), pc(19));
    assert_eq!(run.register(12), pc(23));
}

#[test]
fn altered_cells_are_rejected() {
    let (h, rows) = sample();
    let (c, t) = (col(), &h.trace);
    let r = |name| rows.get(name);
    let reject = |t: RowMajorMatrix<Val>, what: &str| assert_rejected(JalrAir, &t, what);
    reject(inc_cell(t, r("jalr"), c.q), "target limb");
    reject(inc_cell(t, r("jalr"), c.hi), "target high half");
    reject(with_cell(t, r("jalr odd rs1"), c.bit0, Val::ZERO), "bit 0");
    reject(with_cell(t, r("jalr"), c.bit0, Val::ONE), "bit 0 set");
    reject(
        with_cell(t, r("jalr -2048"), c.carry_lo, Val::ZERO),
        "low carry",
    );
    reject(
        with_cell(t, r("jalr -2048"), c.carry_hi, Val::ZERO),
        "high carry",
    );
    reject(inc_cell(t, r("jalr"), c.rd.rd[1]), "link limb");
    reject(inc_cell(t, r("jalr"), c.rs1[0]), "rs1 limb");
    reject(
        with_cell(t, r("jalr"), c.imm_sign, Val::TWO),
        "non-boolean sign operand",
    );
    reject(
        with_cell(t, t.height() - 1, c.rd.enabled, Val::ONE),
        "padding row writes",
    );
    reject(
        inc_cell(t, r("jalr"), c.rs1_read.gap_lo),
        "rs1 timestamp gap",
    );
    reject(
        inc_cell(t, r("jalr"), c.rd.write.access.gap_hi),
        "rd timestamp gap",
    );
    reject(inc_cell(t, r("jalr"), c.pc), "pc (the link is pc + 4)");
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
            "rs1 and target moved by a word",
            vec![plus(r("jalr"), c.rs1[0], 4), plus(r("jalr"), c.q, 1)],
            vec!["exec", "memory", "range"],
        ),
        (
            "immediate and target moved by a word",
            vec![plus(r("jalr"), c.imm, 4), plus(r("jalr"), c.q, 1)],
            vec!["exec", "program", "range"],
        ),
        (
            "jump drops its write",
            vec![(r("jalr"), c.rd.enabled, Val::ZERO)],
            vec!["bitwise", "exec", "memory", "program", "range"],
        ),
        (
            "rd pointer",
            vec![plus(r("jalr 2044"), c.rd.rd_ptr, 4)],
            vec!["memory", "program"],
        ),
        (
            "rs1 pointer",
            vec![plus(r("jalr"), c.rs1_ptr, 4)],
            vec!["memory", "program"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    let (h, _) = sample();
    for (what, cells, buses) in bus_only_alterations() {
        let t = set_cells(&h.trace, &cells);
        trellis_stark::check_air_constraints(&DynAir::new(JalrAir), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            traffic_diff(&JalrAir, &h.run, &JalrChip, &t),
            buses,
            "{what}"
        );
    }
}

#[test]
fn honest_run_proves() {
    prove_altered(sample_program().program(), CHIP, |_| {}).unwrap();
}

#[test]
fn bus_only_alterations_fail_to_prove() {
    for (what, cells, buses) in bus_only_alterations() {
        let result = prove_altered(sample_program().program(), CHIP, |t| {
            *t = set_cells(t, &cells)
        });
        assert_unbalanced(result, &buses, what);
    }
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(JalrAir));
}
