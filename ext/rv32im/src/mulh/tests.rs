//! MulH: honest traces of real runs over edge values for all three
//! opcodes, and altered traces that the constraints or the buses reject.

use super::{CHIP, MULH_WIDTH, MulHAir, MulHChip, MulHCols, mulh};
use crate::adapters::testing::*;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::MulHOpcode;
use trellis_stark::{DynAir, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::columns::Columns;

fn col() -> MulHCols<usize> {
    MulHCols::read(&(0..MULH_WIDTH).collect::<Vec<_>>())
}

/// funct3 of mulh, mulhsu, mulhu.
const FUNCT3: [u32; 3] = [1, 2, 3];

#[test]
fn edge_values() {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        words.extend(li(5, x));
        for &y in &EDGE_VALUES {
            words.extend(li(6, y));
            for f3 in FUNCT3 {
                words.push(r_type(1, f3, 7, 5, 6));
            }
        }
    }
    words.push(r_type(1, 1, 5, 5, 5));
    let h = honest(MulHAir, &MulHChip, &words);
    assert_eq!(h.rows, 3 * EDGE_VALUES.len() * EDGE_VALUES.len() + 1);
}

#[test]
fn results_match_the_executor() {
    let (x, y) = (0x8000_0000, 0xffff_ffff);
    let mut words = [li(5, x), li(6, y)].concat();
    words.extend(
        FUNCT3
            .iter()
            .enumerate()
            .map(|(k, &f3)| r_type(1, f3, 7 + k as u32, 5, 6)),
    );
    let run = Run::new(&words);
    for (k, &op) in MulHOpcode::ALL.iter().enumerate() {
        assert_eq!(run.register(7 + k as u32), mulh(op, x, y), "{op:?}");
    }
    assert_eq!(
        [run.register(7), run.register(8), run.register(9)],
        [0, 0x8000_0000, 0x7fff_ffff]
    );
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(interaction_count(&DynAir::new(MulHAir)), 24);
    assert_eq!(assert_degrees(&DynAir::new(MulHAir)), 2);
    assert_eq!(MULH_WIDTH, 37);
}

/// Rows of the sample: mulh, mulhsu, mulhu of (−2^31, −1), then mulh of
/// two positive words.
const MULH: usize = 0;
const MULHSU: usize = 1;
const MULHU: usize = 2;
const POSITIVE: usize = 3;

fn sample_program() -> Vec<u32> {
    let mut words = [li(5, 0x8000_0000), li(6, 0xffff_ffff), li(8, 0x7654_3210)].concat();
    words.extend(FUNCT3.map(|f3| r_type(1, f3, 7, 5, 6)));
    words.push(r_type(1, 1, 7, 8, 8));
    words
}

fn sample() -> Honest {
    let h = honest(MulHAir, &MulHChip, &sample_program());
    let c = col();
    for (row, local) in [(MULH, 0), (MULHSU, 1), (MULHU, 2), (POSITIVE, 0)] {
        assert_eq!(cell(&h.trace, row, c.flags[local]), Val::ONE);
    }
    assert_eq!(cell(&h.trace, MULH, c.c_sign), Val::ONE);
    h
}

#[test]
fn altered_cells_are_rejected() {
    let h = sample();
    let (c, t) = (col(), &h.trace);
    assert_rejected(
        MulHAir,
        &with_cell(t, MULH, c.flags[2], Val::ONE),
        "two opcode flags",
    );
    assert_rejected(
        MulHAir,
        &with_cell(t, MULH, c.flags[0], Val::TWO),
        "non-boolean flag",
    );
    assert_rejected(
        MulHAir,
        &with_cell(t, MULH, c.b_sign, Val::TWO),
        "non-boolean sign",
    );
    assert_rejected(
        MulHAir,
        &bump(t, MULHSU, c.adapter.rs2_read.gap_lo),
        "rs2 timestamp gap limb",
    );
    assert_rejected(
        MulHAir,
        &bump(t, MULHU, c.adapter.rd_write.access.gap_hi),
        "rd timestamp gap limb",
    );
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<Alteration> {
    let c = col();
    let h = sample();
    let t = &h.trace;
    let plus = |row: usize, column: usize, by: u32| (row, column, cell(t, row, column) + val(by));
    // mulh of (−2^31, −1) read as mulhu: the result of mulhu with the signs dropped.
    let mut unsigned = vec![(MULH, c.b_sign, Val::ZERO), (MULH, c.c_sign, Val::ZERO)];
    let high = mulh(MulHOpcode::MulHu, 0x8000_0000, 0xffff_ffff);
    unsigned.extend((0..4).map(|j| (MULH, c.a[j], val(high >> (8 * j) & 0xff))));
    vec![
        (
            "result limb",
            vec![plus(MULHU, c.a[0], 1)],
            vec!["bitwise", "memory", "range"],
        ),
        ("low chunk", vec![plus(MULHSU, c.low[1], 1)], vec!["range"]),
        (
            "signs dropped",
            unsigned,
            vec!["bitwise", "memory", "range"],
        ),
        (
            "mulh relabelled mulhu (positive operands)",
            vec![
                (POSITIVE, c.flags[0], Val::ZERO),
                (POSITIVE, c.flags[2], Val::ONE),
            ],
            vec!["bitwise", "program"],
        ),
        (
            "rs2 limb",
            vec![plus(POSITIVE, c.c[0], 1)],
            vec!["memory", "range"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    assert_bus_only(MulHAir, &MulHChip, &sample(), &bus_only_alterations());
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
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(MulHAir));
}

/// Consistent forgeries of `mulh x7, x5, x6` with a positive `x5` and a
/// negative `x6` (instruction 10). A sign bit is flipped and everything
/// that depends on it re-solved: the high word `a` and the low chunks are
/// those of the product the flipped sign describes (so every carry is an
/// integer in its range), x7's next write (instruction 11) overwrites the
/// forged value, and the lookup tables' multiplicities follow. Only the
/// sign lookup `(2·(b_3 − 128·b_sign), 2·(c_3 − 128·c_sign))` is left, and
/// it is no byte pair:
///
/// - `c_sign = 0` (c read as unsigned): `2·c_3 ≥ 256`;
/// - `b_sign = 1` (b read as negative): `2·(b_3 − 128) < 0`.
#[test]
fn consistent_forgeries_are_rejected() {
    use crate::adapters::testing_forgery::*;
    use trellis_stark::PrimeField32;
    let (x, y) = (0x1234_5678u32, 0x9abc_def0u32);
    let words = [
        li(5, x),
        li(6, y),
        vec![r_type(1, 1, 7, 5, 6), addi(7, 0, 1)],
    ]
    .concat();
    let c = col();
    // (b as a signed integer, c as one, the signs' columns).
    let forge = |b: i128, y_value: i128, signs: [Val; 2]| {
        let p = (b * y_value) as u64;
        let a = limbs((p >> 32) as u32);
        let mut f = Forgery::new(&words);
        let row = f.row_of(CHIP, c.adapter.pc, 10);
        let mut cells: Vec<_> = (0..4).map(|i| (row, c.a[i], a[i])).collect();
        cells.extend([
            (row, c.low[0], val(p as u32 & 0xffff)),
            (row, c.low[1], val((p >> 16) as u32 & 0xffff)),
            (row, c.b_sign, signs[0]),
            (row, c.c_sign, signs[1]),
        ]);
        f.set(&MulHAir, CHIP, &cells);
        f.overwritten_by(11, a);
        assert_ne!(a, limbs(mulh(MulHOpcode::MulH, x, y)));
        f
    };
    let top = |v: Val| (v * Val::TWO).as_canonical_u32();
    let (b3, c3) = (val(x >> 24), val(y >> 24));

    let f = forge(i128::from(x), i128::from(y), [Val::ZERO, Val::ZERO]);
    let tuple = [top(b3), top(c3), 0, 0];
    assert_lookup_fails(&f, "bitwise", &tuple, "c read as unsigned");

    let f = forge(
        i128::from(x) - (1 << 32),
        i128::from(y as i32),
        [Val::ONE, Val::ONE],
    );
    let tuple = [top(b3 - val(128)), top(c3 - val(128)), 0, 0];
    assert_lookup_fails(&f, "bitwise", &tuple, "b read as negative");
}
