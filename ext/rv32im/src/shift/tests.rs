//! Shift: honest traces of real runs over edge values and every shift
//! amount (registers holding amounts ≥ 32 included), and altered traces that
//! the constraints or the buses reject.

use super::{CHIP, LIMB_OFFSETS, OFFSET_ZERO, SHIFT_WIDTH, ShiftAir, ShiftChip, ShiftCols, shift};
use crate::adapters::testing::*;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::ShiftOpcode;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

fn col() -> ShiftCols<usize> {
    ShiftCols::read(&(0..SHIFT_WIDTH).collect::<Vec<_>>())
}

/// (funct7, funct3) of sll, srl, sra.
const FORMS: [(u32, u32); 3] = [(0, 1), (0, 5), (0x20, 5)];
/// Shift amounts as register values: every limb/bit border, and values ≥ 32.
const AMOUNTS: [u32; 17] = [
    0,
    1,
    7,
    8,
    9,
    15,
    16,
    17,
    23,
    24,
    25,
    31,
    32,
    33,
    63,
    0x105,
    0xffff_ffff,
];

#[test]
fn opcode_numbers_match_the_flags() {
    assert_eq!(ShiftOpcode::Sll.local(), 0);
    assert_eq!(ShiftOpcode::Srl.local(), 1);
    assert_eq!(ShiftOpcode::Sra.local(), 2);
}

#[test]
fn register_amounts_on_edge_values() {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        words.extend(li(5, x));
        for amount in AMOUNTS {
            words.extend(li(6, amount));
            for (f7, f3) in FORMS {
                words.push(r_type(f7, f3, 7, 5, 6));
            }
        }
    }
    let h = honest(ShiftAir, &ShiftChip, &words);
    assert!(h.rows > 14 * 17 * 3);
}

#[test]
fn every_immediate_amount() {
    let mut words = Vec::new();
    for x in [0x8000_0000, 0xdead_beef, 0x7fff_ffff, 1] {
        words.extend(li(5, x));
        for shamt in 0..32 {
            for (f7, f3) in FORMS {
                words.push(shift_imm(f7, f3, 7, 5, shamt));
            }
        }
    }
    words.push(r_type(0x20, 5, 5, 5, 5)); // sra x5, x5, x5
    words.push(r_type(0, 1, 8, 0, 5)); // sll x8, x0, x5
    let h = honest(ShiftAir, &ShiftChip, &words);
    assert!(h.rows > 4 * 32 * 3);
}

#[test]
fn results_match_the_executor() {
    let x = 0x8765_4321;
    let mut words = li(5, x);
    words.extend(li(6, 36));
    words.extend(
        FORMS
            .iter()
            .enumerate()
            .map(|(k, &(f7, f3))| r_type(f7, f3, 7 + k as u32, 5, 6)),
    );
    let run = Run::new(&words);
    for (k, &op) in ShiftOpcode::ALL.iter().enumerate() {
        assert_eq!(run.register(7 + k as u32), shift(op, x, 36), "{op:?}");
    }
    assert_eq!(run.register(9), 0xf876_5432);
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(interaction_count(&DynAir::new(ShiftAir)), 23);
    assert_eq!(assert_degrees(&DynAir::new(ShiftAir)), 3);
    assert_eq!(SHIFT_WIDTH, 50);
}

const SAMPLE_B: u32 = 0x8234_56f0;
/// Rows of the sample: each `li` has two slli rows.
const SLL: usize = 4;
const SRL: usize = 5;
const SRA: usize = 6;
const SRAI: usize = 7;
const SLLI0: usize = 8;
const SRL32: usize = 11;

/// Shifts of a negative word by 40 (s = 8) in all three forms, srai by 31,
/// slli by 0, and srl by a register holding 32.
fn sample_program() -> Vec<u32> {
    let mut words = [li(5, SAMPLE_B), li(6, 40)].concat();
    words.extend(FORMS.iter().map(|&(f7, f3)| r_type(f7, f3, 7, 5, 6)));
    words.push(shift_imm(0x20, 5, 7, 5, 31));
    words.push(shift_imm(0, 1, 7, 5, 0));
    words.extend(li(6, 32));
    words.push(r_type(0, 5, 7, 5, 6));
    words
}

fn sample() -> Honest {
    let h = honest(ShiftAir, &ShiftChip, &sample_program());
    let c = col();
    let a = |row: usize| -> u32 {
        (0..4)
            .map(|j| cell(&h.trace, row, c.a[j]).as_canonical_u32() << (8 * j))
            .sum()
    };
    assert_eq!(a(SLL), SAMPLE_B << 8);
    assert_eq!(a(SRL), SAMPLE_B >> 8);
    assert_eq!(a(SRA), ((SAMPLE_B as i32) >> 8) as u32);
    assert_eq!(a(SRAI), 0xffff_ffff);
    assert_eq!(a(SLLI0), SAMPLE_B);
    assert_eq!(a(SRL32), SAMPLE_B);
    h
}

use trellis_stark::PrimeField32;

/// Moves a row's one-hot limb offset to `index`.
fn offset_to(t: &RowMajorMatrix<Val>, row: usize, index: usize) -> Vec<(usize, usize, Val)> {
    let c = col();
    (0..LIMB_OFFSETS)
        .map(|i| (row, c.limb_offset[i], Val::from_bool(i == index)))
        .filter(|&(r, k, v)| cell(t, r, k) != v)
        .collect()
}

#[test]
fn altered_cells_are_rejected() {
    let h = sample();
    let (c, t) = (col(), &h.trace);
    assert_rejected(ShiftAir, &bump(t, SLL, c.a[1]), "result limb");
    assert_rejected(ShiftAir, &bump(t, SLLI0, c.bit_carry[1]), "bit carry");
    assert_rejected(ShiftAir, &bump(t, SRAI, c.multiplier), "multiplier");
    assert_rejected(
        ShiftAir,
        &with_cell(t, SRAI, c.bit_shift[0], Val::ZERO),
        "bit-shift bit",
    );
    assert_rejected(
        ShiftAir,
        &with_cell(t, SRAI, c.bit_shift[2], Val::TWO),
        "non-boolean bit-shift bit",
    );
    assert_rejected(
        ShiftAir,
        &altered(t, &offset_to(t, SLL, OFFSET_ZERO - 2)),
        "limb offset",
    );
    assert_rejected(
        ShiftAir,
        &with_cell(t, SLL, c.limb_offset[0], Val::ONE),
        "two limb offsets",
    );
    assert_rejected(
        ShiftAir,
        &with_cell(t, SRA, c.sign, Val::ZERO),
        "sra fill bit",
    );
    assert_rejected(
        ShiftAir,
        &with_cell(t, SRL, c.is_right, Val::ZERO),
        "srl row relabelled sll",
    );
    assert_rejected(
        ShiftAir,
        &with_cell(t, SLL, c.is_right, Val::ONE),
        "sll row relabelled srl",
    );
    assert_rejected(
        ShiftAir,
        &with_cell(t, SLL, c.is_sra, Val::ONE),
        "sra flag without right",
    );
    assert_rejected(ShiftAir, &bump(t, SRAI, c.c[1]), "immediate limb");
    // Immediate row: no rs2 read, so its timestamp columns are pinned to 0.
    let rs2_read = &c.adapter.rs2_read;
    for column in [rs2_read.prev_timestamp, rs2_read.gap_lo, rs2_read.gap_hi] {
        assert_eq!(cell(t, SRAI, column), Val::ZERO);
        assert_rejected(
            ShiftAir,
            &bump(t, SRAI, column),
            "rs2 read column of an immediate row",
        );
    }
    assert_rejected(
        ShiftAir,
        &with_cell(t, SRAI, c.c[3], val(128)),
        "immediate sign limb",
    );
    assert_rejected(
        ShiftAir,
        &bump(t, SRA, c.adapter.rs2_read.gap_lo),
        "rs2 timestamp gap limb",
    );
    assert_rejected(
        ShiftAir,
        &bump(t, SRAI, c.adapter.rd_write.access.gap_hi),
        "rd timestamp gap limb",
    );
    // srl by 32 claimed as a whole-word shift with a bit shift (σ = 33): k must be 0.
    let mut cells = offset_to(t, SRL32, OFFSET_ZERO);
    cells.extend([
        (SRL32, c.bit_shift[0], Val::ONE),
        (SRL32, c.multiplier, Val::TWO),
    ]);
    assert_rejected(ShiftAir, &altered(t, &cells), "right shift by more than 32");
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<Alteration> {
    let c = col();
    let h = sample();
    let t = &h.trace;
    // srl by a register holding 32 claimed as σ = 0 (shift by 32: the result 0).
    let mut by_32 = offset_to(t, SRL32, LIMB_OFFSETS - 1);
    by_32.extend((0..4).map(|j| (SRL32, c.a[j], Val::ZERO)));
    // sra of a negative word claimed with fill 0 (a logical shift).
    let mut no_fill = vec![(SRA, c.sign, Val::ZERO), (SRA, c.a[3], Val::ZERO)];
    no_fill.push((SRA, c.a[2], val(SAMPLE_B >> 24)));
    // sll by 8 of a word with b0 + 1 and a1 + 1: the rs1 read changes.
    let rs1 = vec![
        (SLL, c.b[0], cell(t, SLL, c.b[0]) + Val::ONE),
        (SLL, c.a[1], cell(t, SLL, c.a[1]) + Val::ONE),
    ];
    vec![
        (
            "shift by 32 as a whole-word shift",
            by_32,
            vec!["bitwise", "memory"],
        ),
        ("sra without its fill", no_fill, vec!["bitwise", "memory"]),
        ("rs1 value and result", rs1, vec!["bitwise", "memory"]),
        (
            "rd previous value",
            vec![(SLL, c.adapter.rd_write.prev_data[2], val(7))],
            vec!["memory"],
        ),
        (
            "shift amount limb above bit 5",
            vec![(SRA, c.c[1], val(1))],
            vec!["memory"],
        ),
        (
            "immediate sign without a sign bit",
            vec![(SRAI, c.c[3], val(255))],
            vec!["range"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    assert_bus_only(ShiftAir, &ShiftChip, &sample(), &bus_only_alterations());
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
fn padding_rows_are_zero() {
    let h = sample();
    assert!(h.trace.height() > h.rows);
    assert!((h.rows * SHIFT_WIDTH..h.trace.values.len()).all(|k| h.trace.values[k] == Val::ZERO));
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(ShiftAir));
}

/// Consistent forgeries of shifts of `x5 = 0x8234_56f0` by `x6 = 5`
/// (`sll x7` at instruction 10, `sra x8` at 12; each rd is next written by
/// the following instruction, whose overwritten value is re-solved, as are
/// the lookup tables' multiplicities):
///
/// - sll claimed as a shift by 4: the bit-shift bits (`k = 4`), the
///   multiplier (16), the bit carries `hi_i = (16·b_i) >> 8` and the result
///   `b << 4` are re-solved, so every limb equation and byte check holds;
///   what is left is the tie to `c_0`: `h = (c_0 − s)/32 = 1/32` is no byte,
///   and the lookup `(h, m − 2δ_4)` is no table entry.
/// - sra of a negative word claimed without its fill (`sign = 0`, the result
///   `b >> 5` logical, `T_4` and the fill limbs re-solved through the
///   expressions): the sign lookup `(2·(b_3 − 128·sign), 0)` is no byte pair.
#[test]
fn consistent_forgeries_are_rejected() {
    use crate::adapters::testing_forgery::*;
    use trellis_stark::Field;
    let x = SAMPLE_B;
    let words = [
        li(5, x),
        li(6, 5),
        vec![
            r_type(0, 1, 7, 5, 6),
            addi(7, 0, 1),
            r_type(0x20, 5, 8, 5, 6),
            addi(8, 0, 1),
        ],
    ]
    .concat();
    let c = col();

    let mut f = Forgery::new(&words);
    let row = f.row_of(CHIP, c.adapter.pc, 10);
    let a = limbs(x << 4);
    let mut cells: Vec<_> = (0..4).map(|i| (row, c.a[i], a[i])).collect();
    cells.extend((0..4).map(|i| (row, c.bit_carry[i], val(((x >> (8 * i) & 0xff) * 16) >> 8))));
    cells.extend([
        (row, c.bit_shift[0], Val::ZERO),
        (row, c.bit_shift[1], Val::ZERO),
        (row, c.bit_shift[2], Val::ONE),
        (row, c.multiplier, val(16)),
    ]);
    f.set(&ShiftAir, CHIP, &cells);
    f.overwritten_by(11, a);
    let h = val(32).inverse().as_canonical_u32();
    assert_lookup_fails(&f, "bitwise", &[h, 16, 0, 0], "sll by 5 claimed as by 4");

    let mut f = Forgery::new(&words);
    let row = f.row_of(CHIP, c.adapter.pc, 12);
    let a = limbs(x >> 5);
    let mut cells: Vec<_> = (0..4).map(|i| (row, c.a[i], a[i])).collect();
    cells.push((row, c.sign, Val::ZERO));
    f.set(&ShiftAir, CHIP, &cells);
    f.overwritten_by(13, a);
    assert_lookup_fails(
        &f,
        "bitwise",
        &[2 * (x >> 24), 0, 0, 0],
        "sra without its fill",
    );
}
