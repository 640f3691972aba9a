//! JalLui: honest traces of real runs (jal forward and backward, into x0,
//! lui over the immediate's range), and altered traces that the constraints
//! or the buses reject.

use super::{CHIP, JAL_LUI_WIDTH, JalLuiAir, JalLuiChip, JalLuiCols};
use crate::adapters::testing::*;
use crate::adapters::testing_words::*;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> JalLuiCols<usize> {
    JalLuiCols::read(&(0..JAL_LUI_WIDTH).collect::<Vec<_>>())
}

/// An instruction a jump skips: x31 counts the skipped ones that ran.
const SKIPPED: u32 = 0x001f_8f93; // addi x31, x31, 1

fn sample_program() -> Sample {
    let mut s = Sample::default();
    s.mark("lui", lui(5, 0x12345));
    s.mark("lui max", lui(6, 0xf_ffff));
    s.mark("lui sign", lui(7, 0x8_0000));
    s.push(lui(8, 0));
    s.push(lui(9, 0x0_000f));
    s.push(lui(10, 0x0_0010));
    s.mark("jal forward", jal(1, 12));
    s.push(SKIPPED);
    s.push(SKIPPED);
    // Over the backward target, back to it once, then out.
    s.mark("jal x0", jal(0, 8));
    s.push(addi(11, 11, 1)); // the backward target
    s.push(addi(12, 12, 1)); // x12 = 2 the second time: the jump back is skipped
    s.push(addi(13, 0, 2));
    s.push(branch(BEQ, 12, 13, 8));
    s.mark("jal backward", jal(2, -16));
    s.mark("jal far", jal(3, 4 * 3));
    s.push(SKIPPED);
    s.push(SKIPPED);
    s
}

fn sample() -> (Honest, Rows) {
    sample_program().honest(JalLuiAir, &JalLuiChip)
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(assert_degrees(&DynAir::new(JalLuiAir)), 2);
    assert_eq!(JAL_LUI_WIDTH, 18);
}

#[test]
fn links_and_immediates() {
    let (h, rows) = sample();
    assert_eq!(h.rows, 10);
    let (c, t) = (col(), &h.trace);
    assert_eq!(cell(t, rows.get("jal x0"), c.rd.enabled), Val::ZERO);
    assert_eq!(cell(t, rows.get("jal forward"), c.rd.enabled), Val::ONE);
    let run = &h.run;
    assert_eq!(run.register(31), 0, "a skipped instruction ran");
    assert_eq!(run.register(5), 0x1234_5000);
    assert_eq!(run.register(6), 0xffff_f000);
    assert_eq!(run.register(7), 0x8000_0000);
    assert_eq!(run.register(9), 0xf000);
    assert_eq!(run.register(10), 0x1_0000);
    let pc = |name: &str| {
        BASE + 4 * sample_program()
            .marks
            .iter()
            .find(|m| m.0 == name)
            .unwrap()
            .1 as u32
    };
    assert_eq!(run.register(1), pc("jal forward") + 4);
    assert_eq!(run.register(2), pc("jal backward") + 4);
    assert_eq!(run.register(3), pc("jal far") + 4);
    assert_eq!(run.register(11), 1);
    assert_eq!(run.register(12), 2);
}

#[test]
fn altered_cells_are_rejected() {
    let (h, rows) = sample();
    let (c, t) = (col(), &h.trace);
    let r = |name| rows.get(name);
    let reject = |t: RowMajorMatrix<Val>, what: &str| assert_rejected(JalLuiAir, &t, what);
    reject(inc_cell(t, r("jal forward"), c.rd.rd[0]), "link limb");
    reject(
        inc_cell(t, r("jal x0"), c.rd.rd[2]),
        "link limb of a jump without a write",
    );
    reject(
        inc_cell(t, r("jal forward"), c.pc),
        "pc (the link is pc + 4)",
    );
    reject(inc_cell(t, r("lui"), c.rd.rd[0]), "lui low limb");
    reject(inc_cell(t, r("lui"), c.rd.rd[3]), "lui top limb");
    reject(inc_cell(t, r("lui"), c.imm), "lui immediate");
    reject(
        with_cell(t, r("jal forward"), c.rd.enabled, Val::TWO),
        "non-boolean write flag",
    );
    reject(
        with_cell(t, t.height() - 1, c.rd.enabled, Val::ONE),
        "padding row writes",
    );
    reject(
        inc_cell(t, r("lui"), c.rd.write.access.gap_lo),
        "write timestamp gap",
    );
    let relabel = with_cell(
        &with_cell(t, r("lui"), c.flags[1], Val::ZERO),
        r("lui"),
        c.flags[0],
        Val::ONE,
    );
    reject(relabel, "lui relabelled jal");
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<BusTamper> {
    let c = col();
    let (h, rows) = sample();
    let r = |name| rows.get(name);
    let plus =
        |row: usize, column: usize, by: u32| (row, column, cell(&h.trace, row, column) + val(by));
    let minus =
        |row: usize, column: usize, by: u32| (row, column, cell(&h.trace, row, column) - val(by));
    vec![
        (
            "jump offset",
            vec![plus(r("jal forward"), c.imm, 4)],
            vec!["exec", "program"],
        ),
        (
            "rd pointer",
            vec![plus(r("jal forward"), c.rd.rd_ptr, 4)],
            vec!["memory", "program"],
        ),
        (
            "jump drops its write",
            vec![(r("jal forward"), c.rd.enabled, Val::ZERO)],
            vec!["bitwise", "memory", "program", "range"],
        ),
        (
            "lui limbs carried between bytes",
            vec![
                plus(r("lui"), c.rd.rd[1], 256),
                minus(r("lui"), c.rd.rd[2], 1),
            ],
            vec!["bitwise", "memory", "range"],
        ),
        (
            "previous rd value",
            vec![plus(r("lui"), c.rd.write.prev_data[0], 1)],
            vec!["memory"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    let (h, _) = sample();
    for (what, cells, buses) in bus_only_alterations() {
        let t = set_cells(&h.trace, &cells);
        trellis_stark::check_air_constraints(&DynAir::new(JalLuiAir), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            traffic_diff(&JalLuiAir, &h.run, &JalLuiChip, &t),
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
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(JalLuiAir));
}
