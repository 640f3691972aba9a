//! Consistent forgeries of the Poseidon2 table of a real segment run
//! (`system_chips::segment_forgery`): a table row re-solved through the
//! real permutation from a changed input, and a table row whose output is
//! moved through the one freedom the round constraints could leave (an
//! S-box register), with its consumers, the claimed root and the
//! multiplicities re-solved. Each test names what catches the forgery.

use super::*;
use crate::circuit::hash::{POSEIDON2_WIDTH, poseidon2_compress};
use crate::segment::prove::digest_words;
use crate::system_chips::segment_forgery::{Caught, Witness, chain, chip, concat, honest_claims};
use core::borrow::BorrowMut;
use p3_baby_bear::{BABYBEAR_POSEIDON2_RC_16_EXTERNAL_FINAL, GenericPoseidon2LinearLayersBabyBear};
use p3_poseidon2::GenericPoseidon2LinearLayers;
use trellis_stark::{Matrix, PrimeCharacteristicRing, PrimeField32, ProveError, Val};

/// The last segment (it terminates).
const LAST: usize = 1;

/// The table row whose input is `x`.
fn row_of(table: &RowMajorMatrix<Val>, x: &[Val; POSEIDON2_WIDTH]) -> usize {
    (0..table.height())
        .find(|&r| input_cells(&table.values[r * POSEIDON2_COLS..]) == *x)
        .expect("a row for the input")
}

/// The compression input of the root row (the same before and after a
/// segment of `nop`s, which changes no memory).
fn root_input(w: &Witness) -> [Val; POSEIDON2_WIDTH] {
    let root = w.merkle(w.merkle_row(0, 0));
    let x = concat(&root.left_init, &root.right_init);
    assert_eq!(x, concat(&root.left_final, &root.right_final));
    x
}

/// The honest permutation row of `x` (its 298 cells, then multiplicity 0).
fn permutation_row(x: [Val; POSEIDON2_WIDTH]) -> Vec<Val> {
    let mut row = poseidon2_trace(&[x]).values[..POSEIDON2_COLS].to_vec();
    row[MULTIPLICITY_COL] = Val::ZERO;
    row
}

#[test]
fn a_table_row_re_solved_from_another_input_is_not_looked_up() {
    // One input element of the root's compression row changed, and the
    // whole row re-solved by the real permutation (every constraint holds,
    // the multiplicity kept): the table no longer provides the tuple the
    // root row looks up twice, and provides one nobody looks up.
    let mut w = Witness::honest(LAST);
    let x = root_input(&w);
    let table = &mut w.traces[chip::POSEIDON2];
    let r = row_of(table, &x);
    let at = r * POSEIDON2_COLS;
    assert_eq!(table.values[at + MULTIPLICITY_COL], Val::TWO);
    let mut forged_x = x;
    forged_x[9] += Val::ONE;
    table.values[at..at + PERMUTATION_COLS]
        .copy_from_slice(&permutation_row(forged_x)[..PERMUTATION_COLS]);
    assert_eq!(w.unbalanced(), ["poseidon2"]);
    let tuple = |x: [Val; POSEIDON2_WIDTH]| -> Vec<u32> {
        let mut t: Vec<u32> = digest_words(&poseidon2_compress(x)).to_vec();
        t.splice(0..0, x.map(|v| v.as_canonical_u32()));
        t
    };
    let mut expected = vec![(tuple(x), 2), (tuple(forged_x), -2)];
    expected.sort();
    assert_eq!(w.tally().unbalanced("poseidon2"), expected);
    assert!(matches!(w.check(), Err(ProveError::UnbalancedBus { bus, .. }) if bus == "poseidon2"));
    w.assert_unprovable(Caught::Bus);
}

/// Moves the output of a permutation row the only way that keeps every
/// round constraint but one: the last full round's first S-box register is
/// changed and that round's post-state recomputed from it (the external
/// linear layer of `register² · x` per lane). Returns the new output.
fn forge_last_sbox(row: &mut [Val]) -> [Val; 8] {
    let cols: &mut PermutationCols<Val> = row[..PERMUTATION_COLS].borrow_mut();
    let last = HALF_FULL_ROUNDS - 1;
    let before = cols.ending_full_rounds[last - 1].post;
    let x: [Val; POSEIDON2_WIDTH] =
        core::array::from_fn(|i| before[i] + BABYBEAR_POSEIDON2_RC_16_EXTERNAL_FINAL[last][i]);
    let round = &mut cols.ending_full_rounds[last];
    let post =
        |round: &p3_poseidon2_air::FullRound<Val, POSEIDON2_WIDTH, SBOX_DEGREE, SBOX_REGISTERS>| {
            let mut s: [Val; POSEIDON2_WIDTH] = core::array::from_fn(|i| {
                let register = round.sbox[i].0[0];
                register * register * x[i]
            });
            GenericPoseidon2LinearLayersBabyBear::external_linear_layer(&mut s);
            s
        };
    assert_eq!(post(round), round.post, "the round as the AIR computes it");
    round.sbox[0].0[0] += Val::ONE;
    round.post = post(round);
    output_cells(row)
}

#[test]
fn a_forged_sbox_register_moving_the_final_root_breaks_only_its_constraint() {
    // The attack: claim another final memory root for the last segment with
    // an honest initial root. The table gets a second row for the root's
    // input whose output is moved through an S-box register; the root row's
    // final compression looks that row up, its initial one the honest row
    // (multiplicities 1 and 1), and the claimed final root is the forged
    // output. Every bus balances and the chain check would accept the
    // claim: only the S-box constraint `register = x^3` of that row fails.
    let mut w = Witness::honest(LAST);
    let x = root_input(&w);
    let mut forged = permutation_row(x);
    let y = forge_last_sbox(&mut forged);
    assert_ne!(y, poseidon2_compress(x));
    forged[MULTIPLICITY_COL] = Val::ONE;
    let table = &mut w.traces[chip::POSEIDON2];
    let honest_row = row_of(table, &x);
    table.values[honest_row * POSEIDON2_COLS + MULTIPLICITY_COL] = Val::ONE;
    let forged_row = (0..table.height())
        .find(|&r| table.values[r * POSEIDON2_COLS + MULTIPLICITY_COL] == Val::ZERO)
        .expect("a padding row");
    table.values[forged_row * POSEIDON2_COLS..(forged_row + 1) * POSEIDON2_COLS]
        .copy_from_slice(&forged);
    let root = w.merkle_row(0, 0);
    let mut c = w.merkle(root);
    c.parent_final = y;
    w.set_merkle(root, c);
    w.set_roots(c.parent_init, y);
    assert_eq!(w.unbalanced(), Vec::<&str>::new());
    let mut claims = honest_claims();
    claims[LAST] = w.claim.clone();
    chain(&claims).expect("the chain alone would take the forged final root");
    // The last full round's first S-box: after 2·4 − 1 full rounds of
    // 16 + 16 constraints and 13 partial rounds of 2.
    let sbox_constraint = (2 * HALF_FULL_ROUNDS - 1) * 2 * POSEIDON2_WIDTH + 2 * PARTIAL_ROUNDS;
    match w.check() {
        Err(ProveError::Constraint {
            air,
            row,
            constraint,
            ..
        }) => assert_eq!(
            (air.as_str(), row, constraint),
            (POSEIDON2_CHIP, forged_row, sbox_constraint)
        ),
        other => panic!("expected the S-box constraint, got {other:?}"),
    }
    w.assert_unprovable(Caught::Constraint(chip::POSEIDON2));
}
