//! BranchLt: honest traces of real runs (every opcode on every pair of edge
//! operands, forward and backward), and altered traces that the constraints
//! or the buses reject.

use super::{BRANCH_LT_WIDTH, BranchLtAir, BranchLtChip, BranchLtCols, CHIP, branch_lt_taken};
use crate::adapters::testing::*;
use crate::adapters::testing_words::*;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::BranchLtOpcode;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> BranchLtCols<usize> {
    BranchLtCols::read(&(0..BRANCH_LT_WIDTH).collect::<Vec<_>>())
}

/// funct3 of each opcode, in local order (blt, bltu, bge, bgeu).
const FUNCT3: [u32; 4] = [BLT, BLTU, BGE, BGEU];
/// An instruction a taken branch skips: x31 counts the skipped ones that ran.
const SKIPPED: u32 = 0x001f_8f93; // addi x31, x31, 1

/// Every opcode on every pair of edge values; each branch skips an
/// `addi x7, x7, 1` when taken.
fn edge_program() -> Vec<u32> {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        for &y in &EDGE_VALUES {
            words.extend(li_upper(5, x));
            words.extend(li_upper(6, y));
            for f3 in FUNCT3 {
                words.push(branch(f3, 5, 6, 8));
                words.push(addi(7, 7, 1));
            }
        }
    }
    words
}

#[test]
fn every_opcode_on_edge_values() {
    let h = honest(BranchLtAir, &BranchLtChip, &edge_program());
    assert_eq!(h.rows, 14 * 14 * 4);
    let c = col();
    let mut row = 0;
    let mut not_taken = 0;
    for &x in &EDGE_VALUES {
        for &y in &EDGE_VALUES {
            for op in BranchLtOpcode::ALL {
                let taken = branch_lt_taken(*op, x, y);
                assert_eq!(
                    cell(&h.trace, row, c.taken),
                    Val::from_bool(taken),
                    "{op:?} {x:#x} {y:#x}"
                );
                not_taken += u32::from(!taken);
                row += 1;
            }
        }
    }
    assert_eq!(h.run.register(7), not_taken);
}

fn sample_program() -> Sample {
    let mut s = Sample::default();
    s.li(5, 0x8000_0000);
    s.li(6, 1);
    s.mark("blt signs", branch(BLT, 5, 6, 8));
    s.push(SKIPPED);
    s.mark("bltu signs", branch(BLTU, 5, 6, 8));
    s.push(addi(7, 7, 1));
    s.mark("bge signs", branch(BGE, 5, 6, 8));
    s.push(addi(7, 7, 1));
    s.mark("bgeu signs", branch(BGEU, 5, 6, 8));
    s.push(SKIPPED);
    s.li(6, 0x8000_0100);
    s.mark("bltu limb 1", branch(BLTU, 5, 6, 8));
    s.push(SKIPPED);
    s.mark("blt limb 1", branch(BLT, 5, 6, 8));
    s.push(SKIPPED);
    s.mark("bge equal", branch(BGE, 5, 5, 8));
    s.push(SKIPPED);
    s.mark("blt equal", branch(BLT, 5, 5, 8));
    s.push(addi(7, 7, 1));
    s.li(5, 5);
    s.li(6, 7);
    s.mark("blt positive", branch(BLT, 5, 6, 8));
    s.push(SKIPPED);
    // Offset 0 not taken.
    s.mark("bgeu offset 0", branch(BGEU, 5, 6, 0));
    // A backward loop: taken twice, then not.
    s.push(addi(10, 0, 3));
    s.push(addi(9, 9, 1));
    s.mark("bltu back", branch(BLTU, 9, 10, -4));
    s
}

fn sample() -> (Honest, Rows) {
    sample_program().honest(BranchLtAir, &BranchLtChip)
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(assert_degrees(&DynAir::new(BranchLtAir)), 3);
    assert_eq!(BRANCH_LT_WIDTH, 32);
}

#[test]
fn markers_signs_and_decisions() {
    let (h, rows) = sample();
    assert_eq!(h.rows, 13);
    let (c, t) = (col(), &h.trace);
    let at = |name: &str, column: usize| cell(t, rows.get(name), column);
    assert_eq!(at("blt signs", c.taken), Val::ONE);
    assert_eq!(at("blt signs", c.signs[0]), Val::ONE);
    assert_eq!(at("blt signs", c.marker[3]), Val::ONE);
    assert_eq!(at("bltu signs", c.signs[0]), Val::ZERO);
    assert_eq!(at("bltu signs", c.taken), Val::ZERO);
    assert_eq!(at("bgeu signs", c.taken), Val::ONE);
    assert_eq!(at("bltu limb 1", c.marker[1]), Val::ONE);
    assert_eq!(at("blt limb 1", c.taken), Val::ONE);
    assert_eq!(at("bge equal", c.taken), Val::ONE);
    assert!(c.marker.iter().all(|&m| at("blt equal", m) == Val::ZERO));
    assert_eq!(at("bgeu offset 0", c.taken), Val::ZERO);
    assert_eq!(cell(t, rows.get("bltu back") + 2, c.taken), Val::ZERO);
    let run = Run::of(sample_program().program());
    assert_eq!(run.register(31), 0, "a skipped instruction ran");
    assert_eq!(run.register(7), 3);
    assert_eq!(run.register(9), 3);
}

#[test]
fn altered_cells_are_rejected() {
    let (h, rows) = sample();
    let (c, t) = (col(), &h.trace);
    let r = |name| rows.get(name);
    let reject = |t: RowMajorMatrix<Val>, what: &str| assert_rejected(BranchLtAir, &t, what);
    reject(
        with_cell(t, r("blt signs"), c.lt, Val::ZERO),
        "comparison flipped",
    );
    reject(
        with_cell(
            &with_cell(t, r("blt signs"), c.lt, Val::ZERO),
            r("blt signs"),
            c.taken,
            Val::ZERO,
        ),
        "decision flipped",
    );
    reject(
        with_cell(t, r("bgeu signs"), c.taken, Val::ZERO),
        "bgeu decision flipped",
    );
    let moved = |name, from: usize, to: usize| {
        with_cell(
            &with_cell(t, r(name), c.marker[from], Val::ZERO),
            r(name),
            c.marker[to],
            Val::ONE,
        )
    };
    reject(moved("blt signs", 3, 2), "marker below the top difference");
    reject(moved("bltu limb 1", 1, 0), "marker below the difference");
    reject(moved("bltu limb 1", 1, 2), "marker above the difference");
    reject(
        with_cell(t, r("bltu limb 1"), c.marker[3], Val::ONE),
        "two markers",
    );
    reject(inc_cell(t, r("bltu limb 1"), c.diff), "difference");
    reject(
        with_cell(t, r("blt signs"), c.signs[0], Val::ZERO),
        "sign of a negative operand",
    );
    reject(
        with_cell(t, r("bltu signs"), c.signs[0], Val::ONE),
        "sign on an unsigned comparison",
    );
    reject(
        with_cell(t, r("blt equal"), c.lt, Val::ONE),
        "equal operands less",
    );
    reject(
        inc_cell(t, r("blt signs"), c.adapter.rs2[3]),
        "operand limb",
    );
    reject(
        inc_cell(t, r("blt signs"), c.adapter.rs1_read.gap_hi),
        "rs1 timestamp gap",
    );
    reject(
        inc_cell(t, r("blt signs"), c.adapter.timestamp),
        "timestamp",
    );
    reject(
        with_cell(t, t.height() - 1, c.flags[2], Val::ONE),
        "padding row claims bge",
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
            "marker on equal operands",
            vec![(r("blt equal"), c.marker[0], Val::ONE)],
            vec!["range"],
        ),
        (
            "both signs of equal top limbs cleared",
            vec![
                (r("blt limb 1"), c.signs[0], Val::ZERO),
                (r("blt limb 1"), c.signs[1], Val::ZERO),
            ],
            vec!["bitwise"],
        ),
        (
            "offset of a taken branch",
            vec![plus(r("blt signs"), c.adapter.offset, 4)],
            vec!["exec", "program"],
        ),
        (
            "pc",
            vec![plus(r("blt signs"), c.adapter.pc, 4)],
            vec!["exec", "program"],
        ),
        (
            "blt of positive operands relabelled bltu",
            vec![
                (r("blt positive"), c.flags[0], Val::ZERO),
                (r("blt positive"), c.flags[1], Val::ONE),
            ],
            vec!["bitwise", "program"],
        ),
        (
            "rs2 pointer",
            vec![plus(r("blt signs"), c.adapter.rs2_ptr, 4)],
            vec!["memory", "program"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    let (h, _) = sample();
    for (what, cells, buses) in bus_only_alterations() {
        let t = set_cells(&h.trace, &cells);
        trellis_stark::check_air_constraints(&DynAir::new(BranchLtAir), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            traffic_diff(&BranchLtAir, &h.run, &BranchLtChip, &t),
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
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(BranchLtAir));
}
