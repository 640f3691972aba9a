//! Mul: honest traces of real runs over edge values, and altered traces
//! that the constraints or the buses reject.

use super::{CHIP, MUL_WIDTH, MulAir, MulChip, MulCols, limb_products};
use crate::adapters::testing::*;
use crate::adapters::testing_forgery::{Forgery, assert_lookup_fails, limbs};
use trellis_stark::{DynAir, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::columns::Columns;

fn col() -> MulCols<usize> {
    MulCols::read(&(0..MUL_WIDTH).collect::<Vec<_>>())
}

fn mul(rd: u32, rs1: u32, rs2: u32) -> u32 {
    r_type(1, 0, rd, rs1, rs2)
}

#[test]
fn edge_values() {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        words.extend(li(5, x));
        for &y in &EDGE_VALUES {
            words.extend(li(6, y));
            words.push(mul(7, 5, 6));
        }
    }
    words.push(mul(5, 5, 5));
    words.push(mul(8, 0, 5));
    let h = honest(MulAir, &MulChip, &words);
    assert_eq!(h.rows, EDGE_VALUES.len() * EDGE_VALUES.len() + 2);
}

#[test]
fn results_match_the_executor() {
    let mut words = [
        li(5, 0xffff_ffff),
        li(6, 0xffff_ffff),
        li(7, 0x1234_5678),
        li(8, 0x9abc_def0),
    ]
    .concat();
    words.extend([mul(9, 5, 6), mul(10, 7, 8)]);
    let run = Run::new(&words);
    assert_eq!(run.register(9), 1);
    assert_eq!(run.register(10), 0x1234_5678u32.wrapping_mul(0x9abc_def0));
}

#[test]
fn degrees_fit_the_prover() {
    // The core has no polynomial constraint above degree 2 (the adapter's
    // are at most 2 without immediates): every product is in a bus tuple.
    assert_eq!(interaction_count(&DynAir::new(MulAir)), 19);
    assert_eq!(assert_degrees(&DynAir::new(MulAir)), 2);
    assert_eq!(MUL_WIDTH, 31);
}

/// Rows of the sample.
const MAX: usize = 0;
const MIXED: usize = 1;

/// (-1)·(-1) and a mixed product.
fn sample_program() -> Vec<u32> {
    let mut words = [li(5, 0xffff_ffff), li(6, 0x1234_5678)].concat();
    words.extend([mul(7, 5, 5), mul(7, 5, 6)]);
    words
}

fn sample() -> Honest {
    let h = honest(MulAir, &MulChip, &sample_program());
    assert_eq!(cell(&h.trace, MAX, col().a[0]), Val::ONE);
    h
}

#[test]
fn altered_cells_are_rejected() {
    let h = sample();
    let (c, t) = (col(), &h.trace);
    assert_rejected(
        MulAir,
        &with_cell(t, MAX, c.is_valid, Val::TWO),
        "non-boolean is_valid",
    );
    assert_rejected(
        MulAir,
        &bump(t, MAX, c.adapter.rs1_read.gap_lo),
        "rs1 timestamp gap limb",
    );
    assert_rejected(
        MulAir,
        &bump(t, MIXED, c.adapter.rs2_read.gap_hi),
        "rs2 timestamp gap limb",
    );
    assert_rejected(
        MulAir,
        &bump(t, MIXED, c.adapter.rd_write.access.gap_lo),
        "rd timestamp gap limb",
    );
    assert_rejected(MulAir, &bump(t, MIXED, c.adapter.timestamp), "timestamp");
}

/// Alterations that keep every constraint but change bus tuples (the
/// product is checked entirely by range lookups of its carries), with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<Alteration> {
    let c = col();
    let h = sample();
    let t = &h.trace;
    let plus = |row: usize, column: usize, by: u32| (row, column, cell(t, row, column) + val(by));
    vec![
        (
            "result limb",
            vec![plus(MIXED, c.a[0], 1)],
            vec!["bitwise", "memory", "range"],
        ),
        (
            "top result limb",
            vec![plus(MIXED, c.a[3], 1)],
            vec!["bitwise", "memory", "range"],
        ),
        // a0 − 1 with a1 + 1: the chunk gains 255, so κ0 is no integer.
        (
            "result limbs traded",
            vec![plus(MIXED, c.a[0], 1), plus(MIXED, c.a[1], u32::MAX)],
            vec!["bitwise", "memory", "range"],
        ),
        (
            "rs1 limb",
            vec![plus(MIXED, c.b[2], 1)],
            vec!["memory", "range"],
        ),
        (
            "row switched off",
            vec![(MIXED, c.is_valid, Val::ZERO)],
            vec!["bitwise", "exec", "memory", "program", "range"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    assert_bus_only(MulAir, &MulChip, &sample(), &bus_only_alterations());
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
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(MulAir));
}

/// The carry `κ_1` of the high chunk of `x · y`, against a claimed result
/// `a` (a field element: the AIR's expression, whatever `a` is).
fn high_carry(x: u32, y: u32, a: [Val; 4]) -> Val {
    use trellis_stark::Field;
    let s = limb_products(&limbs(x), &limbs(y));
    let inv = Val::from_u32(1 << 16).inverse();
    let chunk = |i: usize| s[2 * i] + s[2 * i + 1] * val(256);
    let k0 = (chunk(0) - a[0] - a[1] * val(256)) * inv;
    (chunk(1) + k0 - a[2] - a[3] * val(256)) * inv
}

/// Consistent forgeries of `mul x7, x5, x6` (instruction 10; x7 is next
/// written by instruction 11, whose overwritten value is re-solved, as are
/// the lookup tables' multiplicities). A claimed product whose high chunk is
/// off by `δ` needs `κ_1' = κ_1 − δ / 2^16`:
///
/// - `a' = a + 2^16` (bytes): `κ_1'` is no integer below `2^10`, and the
///   range lookup `(κ_1, 10)` is no table entry;
/// - `κ_1' = κ_1 − 1` (in range): the high chunk must grow by `2^16`, so
///   `a_3' = a_3 + 256`, and the byte-pair lookup `(a_2, a_3)` is no entry.
#[test]
fn consistent_forgeries_are_rejected() {
    use trellis_stark::PrimeField32;
    let (x, y) = (0x1234_5678u32, 0x9abc_def0u32);
    let words = [li(5, x), li(6, y), vec![mul(7, 5, 6), addi(7, 0, 1)]].concat();
    let c = col();
    let honest_a = limbs(x.wrapping_mul(y));
    assert!(high_carry(x, y, honest_a).as_canonical_u32() >= 1);

    // a' = a + 2^16, κ_1 re-solved.
    let a = limbs(x.wrapping_mul(y).wrapping_add(1 << 16));
    let mut f = Forgery::new(&words);
    let row = f.row_of(CHIP, c.adapter.pc, 10);
    let cells: Vec<_> = (0..4).map(|i| (row, c.a[i], a[i])).collect();
    f.set(&MulAir, CHIP, &cells);
    f.overwritten_by(11, a);
    let k1 = high_carry(x, y, a).as_canonical_u32();
    assert!(k1 >= 1 << 10);
    assert_lookup_fails(&f, "range", &[k1, 10], "a + 2^16");

    // κ_1' = κ_1 − 1: a_3' = a_3 + 256.
    let mut a = honest_a;
    a[3] += val(256);
    let mut f = Forgery::new(&words);
    let cells: Vec<_> = (0..4).map(|i| (row, c.a[i], a[i])).collect();
    f.set(&MulAir, CHIP, &cells);
    f.overwritten_by(11, a);
    assert_eq!(high_carry(x, y, a), high_carry(x, y, honest_a) - Val::ONE);
    let tuple = [a[2], a[3]].map(|v| v.as_canonical_u32());
    assert_lookup_fails(&f, "bitwise", &[tuple[0], tuple[1], 0, 0], "a_3 + 256");
}
