//! LessThan: honest traces of real runs over edge values in both forms, and
//! altered traces that the constraints or the buses reject.

use super::{CHIP, LESS_THAN_WIDTH, LessThanAir, LessThanChip, LessThanCols, less_than};
use crate::adapters::testing::*;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::LessThanOpcode;
use trellis_stark::{DynAir, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::columns::Columns;

fn col() -> LessThanCols<usize> {
    LessThanCols::read(&(0..LESS_THAN_WIDTH).collect::<Vec<_>>())
}

/// Every comparison of edge values, plus pairs differing only in one limb.
#[test]
fn register_forms_on_edge_values() {
    let mut words = Vec::new();
    let mut values = EDGE_VALUES.to_vec();
    values.extend([0x1234_5679, 0x1235_5678, 0x1334_5678, 0x9234_5678]); // vs 0x1234_5678
    for &x in &values {
        words.extend(li(5, x));
        for &y in &values {
            words.extend(li(6, y));
            words.push(r_type(0, 2, 7, 5, 6));
            words.push(r_type(0, 3, 8, 5, 6));
        }
    }
    let h = honest(LessThanAir, &LessThanChip, &words);
    assert_eq!(h.rows, 2 * values.len() * values.len());
}

#[test]
fn immediate_forms_on_edge_values() {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        words.extend(li(5, x));
        for imm in [0, 1, -1, 2047, -2048, 0x80, -0x80, 0x7ff, 2, -2] {
            words.push(i_type(2, 6, 5, imm));
            words.push(i_type(3, 6, 5, imm));
        }
    }
    words.push(r_type(0, 3, 9, 0, 5)); // sltu x9, x0, x5 (snez)
    let h = honest(LessThanAir, &LessThanChip, &words);
    assert_eq!(h.rows, EDGE_VALUES.len() * 20 + 1);
}

#[test]
fn results_match_the_executor() {
    let (x, y) = (0xffff_fffe, 1);
    let mut words = [li(5, x), li(6, y)].concat();
    words.extend([
        r_type(0, 2, 7, 5, 6),
        r_type(0, 3, 8, 5, 6),
        i_type(3, 9, 6, -1),
        i_type(2, 10, 5, -2048),
    ]);
    let run = Run::new(&words);
    for (k, &op) in LessThanOpcode::ALL.iter().enumerate() {
        assert_eq!(run.register(7 + k as u32), less_than(op, x, y), "{op:?}");
    }
    assert_eq!(
        [
            run.register(7),
            run.register(8),
            run.register(9),
            run.register(10)
        ],
        [1, 0, 1, 0]
    );
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(interaction_count(&DynAir::new(LessThanAir)), 19);
    assert_eq!(assert_degrees(&DynAir::new(LessThanAir)), 3);
    assert_eq!(LESS_THAN_WIDTH, 37);
}

const NEG: u32 = 0x8234_5678;
const POS: u32 = 0x0234_5678;
/// Rows of the sample.
const SLT: usize = 0;
const SLTU: usize = 1;
const SLT_LOW: usize = 2;
const SLTI: usize = 3;
const SLTIU: usize = 4;
const EQ: usize = 5;

/// slt/sltu of a negative and a positive word, slt of words differing in
/// limb 0, slti with -2048, sltiu with -1, and sltu of equal words.
fn sample_program() -> Vec<u32> {
    let mut words = [li(5, NEG), li(6, POS)].concat();
    words.push(r_type(0, 2, 7, 5, 6));
    words.push(r_type(0, 3, 7, 5, 6));
    words.push(addi(8, 6, 1));
    words.push(r_type(0, 2, 7, 6, 8));
    words.push(i_type(2, 7, 5, -2048));
    words.push(i_type(3, 7, 6, -1));
    words.push(r_type(0, 3, 7, 6, 6));
    words
}

fn sample() -> Honest {
    let h = honest(LessThanAir, &LessThanChip, &sample_program());
    let c = col();
    let results = [SLT, SLTU, SLT_LOW, SLTI, SLTIU, EQ].map(|row| cell(&h.trace, row, c.result));
    assert_eq!(results, [1, 0, 1, 1, 1, 0].map(val));
    assert_eq!(cell(&h.trace, SLT, c.diff_marker[3]), Val::ONE);
    assert_eq!(cell(&h.trace, SLT_LOW, c.diff_marker[0]), Val::ONE);
    h
}

#[test]
fn altered_cells_are_rejected() {
    let h = sample();
    let (c, t) = (col(), &h.trace);
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLT, c.result, Val::ZERO),
        "result",
    );
    assert_rejected(
        LessThanAir,
        &with_cell(t, EQ, c.result, Val::ONE),
        "result of equal words",
    );
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLT, c.result, Val::TWO),
        "non-boolean result",
    );
    assert_rejected(LessThanAir, &bump(t, SLT_LOW, c.diff), "diff");
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLT, c.b_sign, Val::ZERO),
        "sign bit",
    );
    let moved = altered(
        t,
        &[
            (SLT_LOW, c.diff_marker[0], Val::ZERO),
            (SLT_LOW, c.diff_marker[1], Val::ONE),
        ],
    );
    assert_rejected(LessThanAir, &moved, "marker below the differing limb");
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLT_LOW, c.diff_marker[0], Val::ZERO),
        "marker removed",
    );
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLT_LOW, c.diff_marker[2], Val::ONE),
        "two markers",
    );
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLT, c.is_sltu, Val::ONE),
        "two opcode flags",
    );
    assert_rejected(LessThanAir, &bump(t, SLTI, c.c[0]), "immediate limb");
    assert_rejected(
        LessThanAir,
        &with_cell(t, SLTIU, c.c[3], val(127)),
        "immediate sign limb",
    );
    assert_rejected(
        LessThanAir,
        &bump(t, SLTU, c.adapter.rs1_read.gap_hi),
        "rs1 timestamp gap limb",
    );
    assert_rejected(
        LessThanAir,
        &bump(t, SLTI, c.adapter.rd_write.access.gap_lo),
        "rd timestamp gap limb",
    );
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<Alteration> {
    let c = col();
    let h = sample();
    let t = &h.trace;
    vec![
        // slt of a negative word read as positive: b3 = 0x82 ≥ 128 is no 7-bit value.
        (
            "sign dropped",
            vec![(SLT, c.b_sign, Val::ZERO), (SLT, c.result, Val::ZERO)],
            vec!["bitwise", "memory"],
        ),
        // The marker on an equal limb with diff 0: diff − 1 is no byte.
        (
            "marker on an equal limb",
            vec![
                (SLT_LOW, c.diff_marker[0], Val::ZERO),
                (SLT_LOW, c.diff_marker[3], Val::ONE),
                (SLT_LOW, c.diff, Val::ZERO),
                (SLT_LOW, c.result, Val::ZERO),
            ],
            vec!["memory", "range"],
        ),
        // sltu relabelled slt with b, c of sign 0 and 1: the sign lookup differs.
        (
            "slt relabelled sltu",
            vec![(SLT, c.is_slt, Val::ZERO), (SLT, c.is_sltu, Val::ONE)],
            vec!["bitwise", "program"],
        ),
        (
            "rs2 value",
            vec![(SLTU, c.c[0], cell(t, SLTU, c.c[0]) + Val::ONE)],
            vec!["memory"],
        ),
        (
            "pc",
            vec![(EQ, c.adapter.pc, cell(t, EQ, c.adapter.pc) + val(4))],
            vec!["exec", "program"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    assert_bus_only(
        LessThanAir,
        &LessThanChip,
        &sample(),
        &bus_only_alterations(),
    );
}

#[test]
fn honest_run_proves() {
    prove_altered(program(&sample_program()), CHIP, |_| {}).unwrap();
}

#[test]
fn bus_only_alterations_fail_to_prove() {
    assert_unprovable(&sample_program(), CHIP, &bus_only_alterations());
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(LessThanAir));
}

/// Consistent forgeries of `sltu x7, x5, x6` with `x5 = 0x1234_56ff`,
/// `x6 = 0x1234_9900` (instruction 10; honestly 1: the marker is on limb 1,
/// `diff = 0x99 − 0x56`). x7 is next written by instruction 11, whose
/// overwritten value is re-solved with the forged result, as are the lookup
/// tables' multiplicities.
///
/// - Result 0 at the same marker, `diff` re-solved to `−0x43`: the range
///   lookup `(diff − 1, 8)` is no table entry.
/// - Result 0 with the marker moved down to limb 0, where `b_0 > c_0`
///   (`diff = 0xff`, a valid lookup): constraint #15,
///   `(1 − μ_3 − μ_2 − μ_1)·(y_1 − x_1) = 0` (limbs above the marker are
///   equal), fails. (Constraints #0–#8 are the booleanities, #9–#10 those
///   of `is_valid` and `Σμ`, then two per limb from the top.)
#[test]
fn consistent_forgeries_are_rejected() {
    use crate::adapters::testing_forgery::*;
    use trellis_stark::PrimeField32;
    let words = [
        li(5, 0x1234_56ff),
        li(6, 0x1234_9900),
        vec![r_type(0, 3, 7, 5, 6), addi(7, 0, 1)],
    ]
    .concat();
    let c = col();
    let forge = |cells: &dyn Fn(usize) -> Vec<(usize, usize, Val)>| {
        let mut f = Forgery::new(&words);
        let row = f.row_of(CHIP, c.adapter.pc, 10);
        assert_eq!(
            f.trace(CHIP).values[row * LESS_THAN_WIDTH + c.result],
            Val::ONE
        );
        f.set(&LessThanAir, CHIP, &cells(row));
        f.overwritten_by(11, limbs(0));
        (f, row)
    };

    let (f, _) = forge(&|row| vec![(row, c.result, Val::ZERO), (row, c.diff, -val(0x99 - 0x56))]);
    let diff_minus_one = (-val(0x99 - 0x56 + 1)).as_canonical_u32();
    assert_lookup_fails(&f, "range", &[diff_minus_one, 8], "result 0, same marker");

    let (f, row) = forge(&|row| {
        vec![
            (row, c.result, Val::ZERO),
            (row, c.diff_marker[1], Val::ZERO),
            (row, c.diff_marker[0], Val::ONE),
            (row, c.diff, val(0xff)),
        ]
    });
    assert_constraint_fails(&f, CHIP, row, 15, "result 0, marker on a lower limb");
}
