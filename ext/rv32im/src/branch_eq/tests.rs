//! BranchEq: honest traces of real runs (taken and not, forward and
//! backward, operands differing in each limb, equal registers, offset 0),
//! and altered traces that the constraints or the buses reject.

use super::{BRANCH_EQ_WIDTH, BranchEqAir, BranchEqChip, BranchEqCols, CHIP};
use crate::adapters::testing::*;
use crate::adapters::testing_words::*;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> BranchEqCols<usize> {
    BranchEqCols::read(&(0..BRANCH_EQ_WIDTH).collect::<Vec<_>>())
}

const X: u32 = 0x1234_5678;
const DIFFER: [&str; 4] = [
    "beq differ 0",
    "beq differ 1",
    "beq differ 2",
    "beq differ 3",
];
const DIFFER_BNE: [&str; 4] = [
    "bne differ 0",
    "bne differ 1",
    "bne differ 2",
    "bne differ 3",
];

fn sample_program() -> Sample {
    let mut s = Sample::default();
    let skipped = addi(31, 0, 1); // must never run: x31 stays 0
    s.li(5, X);
    s.li(6, X);
    s.mark("beq taken", branch(BEQ, 5, 6, 8));
    s.push(skipped);
    s.mark("bne not taken", branch(BNE, 5, 6, 8));
    s.push(addi(7, 7, 1));
    for k in 0..4 {
        s.li(6, X ^ (0x80 << (8 * k)));
        s.mark(DIFFER[k], branch(BEQ, 5, 6, 8));
        s.push(addi(7, 7, 1));
        s.mark(DIFFER_BNE[k], branch(BNE, 5, 6, 8));
        s.push(skipped);
    }
    s.mark("beq self", branch(BEQ, 5, 5, 8));
    s.push(skipped);
    s.push(branch(BNE, 0, 0, 8));
    s.push(addi(7, 7, 1));
    // Offset 0 (a branch to itself) not taken.
    s.mark("beq offset 0", branch(BEQ, 5, 6, 0));
    s.push(branch(BNE, 5, 5, 0));
    // Extremes, and a long forward jump.
    s.li(8, 0xffff_ffff);
    s.push(branch(BEQ, 8, 0, 8));
    s.push(addi(7, 7, 1));
    s.mark("bne far", branch(BNE, 8, 0, 4 * 3));
    s.push(skipped);
    s.push(skipped);
    // A backward loop: taken twice, then not.
    s.push(addi(9, 0, 3));
    s.push(addi(9, 9, -1));
    s.mark("bne back", branch(BNE, 9, 0, -4));
    s
}

fn sample() -> (Honest, Rows) {
    sample_program().honest(BranchEqAir, &BranchEqChip)
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(assert_degrees(&DynAir::new(BranchEqAir)), 3);
    assert_eq!(BRANCH_EQ_WIDTH, 23);
}

#[test]
fn taken_and_not_taken() {
    let (h, rows) = sample();
    assert_eq!(h.rows, 19);
    let (c, t) = (col(), &h.trace);
    for (name, taken) in [
        ("beq taken", true),
        ("bne not taken", false),
        ("beq self", true),
        ("beq offset 0", false),
        ("bne far", true),
        ("bne back", true),
    ]
    .into_iter()
    .chain(DIFFER.map(|n| (n, false)))
    .chain(DIFFER_BNE.map(|n| (n, true)))
    {
        assert_eq!(
            cell(t, rows.get(name), c.taken),
            Val::from_bool(taken),
            "{name}"
        );
    }
    // The loop's last iteration falls through.
    assert_eq!(cell(t, rows.get("bne back") + 2, c.taken), Val::ZERO);
    let run = Run::of(sample_program().program());
    assert_eq!(run.register(31), 0, "a skipped instruction ran");
    assert_eq!(run.register(7), 7);
    assert_eq!(run.register(9), 0);
}

#[test]
fn altered_cells_are_rejected() {
    let (h, rows) = sample();
    let (c, t) = (col(), &h.trace);
    let r = |name| rows.get(name);
    let reject = |t: RowMajorMatrix<Val>, what: &str| assert_rejected(BranchEqAir, &t, what);
    for k in 0..4 {
        reject(
            with_cell(t, r(DIFFER[k]), c.taken, Val::ONE),
            "beq of different operands taken",
        );
        reject(
            with_cell(t, r(DIFFER_BNE[k]), c.taken, Val::ZERO),
            "bne of different operands not taken",
        );
        reject(inc_cell(t, r(DIFFER[k]), c.inv), "inverse");
    }
    // Equal operands have no inverse: it is pinned to 0.
    for name in ["beq taken", "bne not taken", "beq self"] {
        assert_eq!(cell(t, r(name), c.inv), Val::ZERO, "{name}");
        reject(inc_cell(t, r(name), c.inv), "inverse of equal operands");
    }
    reject(
        with_cell(t, r("beq taken"), c.taken, Val::ZERO),
        "beq of equal operands not taken",
    );
    reject(
        with_cell(t, r("bne not taken"), c.taken, Val::ONE),
        "bne of equal operands taken",
    );
    reject(
        with_cell(t, r("beq taken"), c.taken, Val::TWO),
        "non-boolean decision",
    );
    reject(
        inc_cell(t, r("beq taken"), c.adapter.rs1[2]),
        "operand limb of an equal pair",
    );
    let relabel = with_cell(
        &with_cell(t, r(DIFFER[1]), c.flags[0], Val::ZERO),
        r(DIFFER[1]),
        c.flags[1],
        Val::ONE,
    );
    reject(relabel, "beq relabelled bne without flipping the decision");
    reject(
        inc_cell(t, r("beq taken"), c.adapter.rs1_read.gap_lo),
        "rs1 timestamp gap",
    );
    reject(
        inc_cell(t, r("beq taken"), c.adapter.rs2_read.gap_hi),
        "rs2 timestamp gap",
    );
    reject(
        inc_cell(t, r("beq taken"), c.adapter.timestamp),
        "timestamp",
    );
    reject(
        with_cell(t, t.height() - 1, c.flags[0], Val::ONE),
        "padding row claims beq",
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
            "both operands of an equal pair",
            vec![
                plus(r("beq taken"), c.adapter.rs1[0], 1),
                plus(r("beq taken"), c.adapter.rs2[0], 1),
            ],
            vec!["memory"],
        ),
        (
            "offset of a taken branch",
            vec![plus(r("beq taken"), c.adapter.offset, 4)],
            vec!["exec", "program"],
        ),
        (
            "offset of a branch not taken",
            vec![plus(r("bne not taken"), c.adapter.offset, 4)],
            vec!["program"],
        ),
        (
            "pc",
            vec![plus(r("beq taken"), c.adapter.pc, 4)],
            vec!["exec", "program"],
        ),
        (
            "rs1 pointer",
            vec![plus(r("beq taken"), c.adapter.rs1_ptr, 4)],
            vec!["memory", "program"],
        ),
        (
            "beq not taken relabelled bne taken",
            vec![
                (r(DIFFER[0]), c.flags[0], Val::ZERO),
                (r(DIFFER[0]), c.flags[1], Val::ONE),
                (r(DIFFER[0]), c.taken, Val::ONE),
            ],
            vec!["exec", "program"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    let (h, _) = sample();
    for (what, cells, buses) in bus_only_alterations() {
        let t = set_cells(&h.trace, &cells);
        trellis_stark::check_air_constraints(&DynAir::new(BranchEqAir), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            traffic_diff(&BranchEqAir, &h.run, &BranchEqChip, &t),
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
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(BranchEqAir));
}
