//! DivRem: honest traces of real runs (every opcode on edge and random
//! operands, division by zero, `i32::MIN / -1`) and altered traces that the
//! constraints or the lookups reject.

use super::{DIVREM_WIDTH, DivRemAir, DivRemChip, DivRemCols, division};
use crate::adapters::testing::*;
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val, check_air_constraints};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::system_chips::bus_tally::interactions;

/// Column indices.
fn col() -> DivRemCols<usize> {
    DivRemCols::read(&(0..DIVREM_WIDTH).collect::<Vec<_>>())
}

/// funct3 of div, divu, rem, remu (funct7 = 1), in local order.
const FUNCT3: [u32; 4] = [4, 5, 6, 7];

/// `rd = rs1 op rs2` for local opcode `op`.
fn divrem(op: usize, rd: u32, rs1: u32, rs2: u32) -> u32 {
    r_type(1, FUNCT3[op], rd, rs1, rs2)
}

/// Loads `x` into x5 and `y` into x6, then runs all four opcodes into x7..x10.
fn all_ops(words: &mut Vec<u32>, x: u32, y: u32) {
    words.extend(li(5, x));
    words.extend(li(6, y));
    for op in 0..4 {
        words.push(divrem(op, 7 + op as u32, 5, 6));
    }
}

/// Deterministic pseudo-random words (splitmix64).
fn random_words(n: usize, mut seed: u64) -> Vec<u32> {
    (0..n)
        .map(|_| {
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) as u32
        })
        .collect()
}

/// One row per opcode for each `(x, y)`: returns the honest trace.
fn honest_pairs(pairs: &[(u32, u32)]) -> Honest {
    let mut words = Vec::new();
    for &(x, y) in pairs {
        all_ops(&mut words, x, y);
    }
    let h = honest(DivRemAir, &DivRemChip, &words);
    assert_eq!(h.rows, 4 * pairs.len());
    h
}

/// Row of opcode `op` for the `k`-th pair of [`honest_pairs`].
fn row(k: usize, op: usize) -> usize {
    4 * k + op
}

#[test]
fn every_opcode_on_edge_values() {
    let pairs: Vec<(u32, u32)> = EDGE_VALUES
        .iter()
        .flat_map(|&x| EDGE_VALUES.iter().map(move |&y| (x, y)))
        .collect();
    honest_pairs(&pairs);
}

#[test]
fn every_opcode_on_random_values() {
    let words = random_words(400, 7);
    let mut pairs: Vec<(u32, u32)> = words.chunks(2).map(|w| (w[0], w[1])).collect();
    // Small and negative small divisors, so quotients are large too.
    pairs.extend(words[..100].iter().map(|&w| (w, w % 17)));
    pairs.extend(
        words[100..200]
            .iter()
            .map(|&w| (w, (w % 9) as i32 as u32 | 0xffff_fff0)),
    );
    honest_pairs(&pairs);
}

#[test]
fn results_match_the_spec() {
    let min = i32::MIN as u32;
    let neg = |x: i32| x as u32;
    let cases: [(u32, u32, [u32; 4]); 7] = [
        // (b, c, [div, divu, rem, remu])
        (7, 0, [u32::MAX, u32::MAX, 7, 7]),
        (neg(-7), 0, [u32::MAX, u32::MAX, neg(-7), neg(-7)]),
        (min, u32::MAX, [min, 0, 0, min]),
        (neg(-7), 2, [neg(-3), 0x7fff_fffc, neg(-1), 1]),
        (7, neg(-2), [neg(-3), 0, 1, 7]),
        (neg(-7), neg(-2), [3, 0, neg(-1), neg(-7)]),
        (neg(-6), 3, [neg(-2), 0x5555_5553, 0, 1]),
    ];
    for (b, c, expected) in cases {
        let mut words = Vec::new();
        all_ops(&mut words, b, c);
        let h = honest(DivRemAir, &DivRemChip, &words);
        for (op, want) in expected.into_iter().enumerate() {
            assert_eq!(h.run.register(7 + op as u32), want, "{b:#x} op{op} {c:#x}");
        }
        let w = division(true, b, c);
        assert_eq!((w.q, w.r), (expected[0], expected[2]));
    }
}

#[test]
fn degree_is_at_most_three() {
    assert_eq!(assert_degrees(&DynAir::new(DivRemAir)), 3);
}

/// The trace of the cases used by the negative tests: 100 / 7, -100 / 7,
/// 5 / 0, i32::MIN / -1, 0x8000_0005 / 16 (pairs 0..5, four rows each).
fn negative_cases() -> Honest {
    let min = i32::MIN as u32;
    honest_pairs(&[
        (100, 7),
        (-100i32 as u32, 7),
        (5, 0),
        (min, u32::MAX),
        (0x8000_0005, 0x10),
    ])
}

/// Whether a malicious prover could use the altered trace: every polynomial
/// constraint holds and every range/bitwise lookup is an entry of its table
/// (a prover sets the tables' multiplicities, so only membership counts).
fn accepted(trace: &RowMajorMatrix<Val>) -> bool {
    check_air_constraints(&DynAir::new(DivRemAir), trace, &[]).is_ok() && lookups_in_tables(trace)
}

/// Every range and bitwise lookup of the trace is a table entry.
fn lookups_in_tables(trace: &RowMajorMatrix<Val>) -> bool {
    interactions(&DivRemAir, trace, &[])
        .iter()
        .all(|i| match i.bus.as_str() {
            "range" => i.fields[1] <= 16 && u64::from(i.fields[0]) < 1 << i.fields[1],
            "bitwise" => {
                let [x, y, z, op] = [i.fields[0], i.fields[1], i.fields[2], i.fields[3]];
                x < 256 && y < 256 && ((op == 0 && z == 0) || (op == 1 && z == x ^ y))
            }
            _ => true,
        })
}

/// A trace holding one row of `trace`, then padding.
fn single_row(trace: &RowMajorMatrix<Val>, row: usize) -> RowMajorMatrix<Val> {
    let mut values = vec![Val::ZERO; 4 * DIVREM_WIDTH];
    values[..DIVREM_WIDTH]
        .copy_from_slice(&trace.values[row * DIVREM_WIDTH..(row + 1) * DIVREM_WIDTH]);
    RowMajorMatrix::new(values, DIVREM_WIDTH)
}

#[test]
fn altered_quotient_and_remainder_limbs_are_rejected() {
    let h = negative_cases();
    let c = col();
    for k in [0, 1, 3, 4] {
        for op in 0..4 {
            let r = row(k, op);
            for (name, column) in [
                ("q0", c.q[0]),
                ("q3", c.q[3]),
                ("r0", c.r[0]),
                ("r2", c.r[2]),
            ] {
                let old = cell(&h.trace, r, column);
                for new in [old + Val::ONE, old - Val::ONE] {
                    let t = with_cell(&h.trace, r, column, new);
                    assert!(!accepted(&t), "{name} on row {r} ({old} -> {new}) accepted");
                }
            }
        }
    }
}

#[test]
fn altered_sign_bits_are_rejected() {
    let h = negative_cases();
    let c = col();
    // Pair 1 is -100 / 7: b_sign = 1 and r = -2 for div/rem.
    for (column, name) in [
        (c.b_sign, "b_sign"),
        (c.c_sign, "c_sign"),
        (c.q_sign, "q_sign"),
        (c.r_sign, "r_sign"),
    ] {
        for k in 0..5 {
            for op in 0..4 {
                let r = row(k, op);
                let flipped = Val::ONE - cell(&h.trace, r, column);
                let t = with_cell(&h.trace, r, column, flipped);
                assert!(!accepted(&t), "{name} flipped on row {r} accepted");
            }
        }
    }
}

#[test]
fn division_by_zero_flag_is_bound_to_the_divisor() {
    let h = negative_cases();
    let c = col();
    for op in 0..4 {
        // c = 7 with the flag set, and c = 0 with the flag cleared.
        let t = with_cell(&h.trace, row(0, op), c.zero, Val::ONE);
        assert_rejected(DivRemAir, &t, "zero flag on c = 7");
        let t = with_cell(&h.trace, row(2, op), c.zero, Val::ZERO);
        assert!(!accepted(&t), "zero flag cleared on c = 0");
        // Division by zero: the quotient must be all ones.
        let t = with_cell(&h.trace, row(2, op), c.q[1], Val::from_u32(254));
        assert_rejected(DivRemAir, &t, "quotient limb on division by zero");
    }
}

#[test]
fn overflow_and_bound_witnesses_are_rejected() {
    let h = negative_cases();
    let c = col();
    // i32::MIN / -1 read as Q = -2^31 instead of +2^31.
    let t = with_cell(&h.trace, row(3, 0), c.q_sign, Val::ONE);
    assert!(!accepted(&t), "i32::MIN / -1 with a negative quotient");
    // Every limb of d, up and down.
    for k in [0, 1, 3, 4] {
        for i in 0..4 {
            let r = row(k, 2);
            let old = cell(&h.trace, r, c.d[i]);
            for new in [old + Val::ONE, old - Val::ONE] {
                assert!(
                    !accepted(&with_cell(&h.trace, r, c.d[i], new)),
                    "d{i} on row {r}"
                );
            }
        }
    }
}

/// Every other witness `q' = q + k`, `r' = b - c q'` (|k| ≤ 2) with any
/// quotient/remainder sign bits and zero flag, and the only `d` that could
/// close the remainder bound, is rejected: on every opcode and edge pair.
#[test]
fn no_other_quotient_has_a_witness() {
    let pairs: Vec<(u32, u32)> = EDGE_VALUES
        .iter()
        .flat_map(|&x| EDGE_VALUES.iter().map(move |&y| (x, y)))
        .collect();
    let h = honest_pairs(&pairs);
    let c = col();
    let put = |t: &mut RowMajorMatrix<Val>, cols: [usize; 4], x: u32| {
        for (i, v) in word_limbs(x).into_iter().enumerate() {
            t.values[cols[i]] = v;
        }
    };
    for (k, &(b, divisor)) in pairs.iter().enumerate() {
        for op in 0..4 {
            let base = single_row(&h.trace, row(k, op));
            assert!(accepted(&base), "honest row {k}/{op}");
            let signed = op % 2 == 0;
            let w = division(signed, b, divisor);
            let [b_sign, c_sign, ..] = w.signs;
            for delta in [-2i32, -1, 1, 2] {
                let q = w.q.wrapping_add(delta as u32);
                let r = b.wrapping_sub(divisor.wrapping_mul(q));
                for bits in 0..8u32 {
                    let (q_sign, r_sign, zero) = (bits & 1 == 1, bits & 2 == 2, bits & 4 == 4);
                    let value = |x: u32, sign: bool| i64::from(x) - (i64::from(sign) << 32);
                    let d = (value(divisor, c_sign).abs() - value(r, r_sign).abs() - 1) as u32;
                    let mut t = base.clone();
                    put(&mut t, c.q, q);
                    put(&mut t, c.r, r);
                    put(&mut t, c.d, if zero { 0 } else { d });
                    t.values[c.q_sign] = Val::from_bool(q_sign);
                    t.values[c.r_sign] = Val::from_bool(r_sign);
                    t.values[c.zero] = Val::from_bool(zero);
                    assert!(
                        !accepted(&t),
                        "{b:#x} op{op} {divisor:#x}: q = {q:#x}, r = {r:#x}, bits {bits:03b} (b_sign {b_sign})"
                    );
                }
            }
        }
    }
}

/// The four limbs of a word.
fn word_limbs(x: u32) -> [Val; 4] {
    x.to_le_bytes().map(Val::from_u8)
}

#[test]
fn altered_quotient_unbalances_the_range_bus() {
    let mut words = Vec::new();
    all_ops(&mut words, 100, 7);
    let c = col();
    let result = prove_altered(program(&words), "DivRem", |t| {
        // rem row: q is not written to rd, so only the carries' range checks see it.
        let at = row(0, 2) * DIVREM_WIDTH + c.q[0];
        t.values[at] += Val::ONE;
    });
    assert_unbalanced(result, &["range", "bitwise"], "quotient limb + 1");
}

#[test]
fn whole_machine_accepts_every_opcode() {
    let mut words = Vec::new();
    for (x, y) in [
        (100, 7),
        (-100i32 as u32, 7),
        (5, 0),
        (i32::MIN as u32, u32::MAX),
    ] {
        all_ops(&mut words, x, y);
    }
    prove_altered(program(&words), "DivRem", |_| {}).unwrap();
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(DivRemAir));
}

/// Consistent forgeries of `remu x7, x5, x6` = 100 % 7 (instruction 10;
/// honestly `q = 14`, `r = 2`, `d = 4`) claiming `r' = 9` with `q' = 13`:
/// `C·Q' + R' = B` still holds exactly, so every product carry is re-solved
/// into its range. x7 is next written by instruction 11, whose overwritten
/// value is re-solved, as are the lookup tables' multiplicities. Only the
/// remainder bound `|C| − |R| − 1 = d` is left, and `7 − 9 − 1 < 0`:
///
/// - `d' = 2^32 − 3` (bytes): both bound carries are −1 (valid lookups), and
///   constraint #17, `(is_valid − zero)·(bound_carry + c_sign − r_sign) = 0`,
///   fails. (#0–#9 are the booleanities, #10–#16 the sign constraints.)
/// - `d'_0 = −3` (a field element): the bound closes, and the byte-pair
///   lookup `(d_0, d_1)` is no table entry.
#[test]
fn consistent_forgeries_are_rejected() {
    use crate::adapters::testing_forgery::*;
    use trellis_stark::PrimeField32;
    let words = [
        li(5, 100),
        li(6, 7),
        vec![divrem(3, 7, 5, 6), addi(7, 0, 1)],
    ]
    .concat();
    let c = col();
    let forge = |d: [Val; 4]| {
        let mut f = Forgery::new(&words);
        let row = f.row_of("DivRem", c.adapter.pc, 10);
        let mut cells = Vec::new();
        for (cols, x) in [(c.q, limbs(13)), (c.r, limbs(9)), (c.d, d)] {
            cells.extend((0..4).map(|i| (row, cols[i], x[i])));
        }
        f.set(&DivRemAir, "DivRem", &cells);
        f.overwritten_by(11, limbs(9));
        (f, row)
    };

    let (f, row) = forge(limbs(3u32.wrapping_neg()));
    assert_constraint_fails(
        &f,
        "DivRem",
        row,
        17,
        "remainder above the divisor, d bytes",
    );

    let (f, _) = forge([-val(3), Val::ZERO, Val::ZERO, Val::ZERO]);
    let d0 = (-val(3)).as_canonical_u32();
    assert_lookup_fails(
        &f,
        "bitwise",
        &[d0, 0, 0, 0],
        "remainder above the divisor, d0 = -3",
    );
}
