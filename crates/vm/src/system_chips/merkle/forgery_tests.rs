//! Consistent forgeries of the Merkle rows of a real segment run
//! (`system_chips::segment_forgery`): one digest element changed, every
//! parent up to the root, the claimed roots and the Poseidon2 table
//! re-solved, then the prover's checks, the full prover and verifier, and
//! the chain check. Each test names what catches the forgery.

use crate::segment::ChainError;
use crate::segment::prove::digest_words;
use crate::system_chips::segment_forgery::{Caught, Outcome, Witness, chain, chip, honest_claims};
use trellis_stark::{PrimeCharacteristicRing, ProveError, Val};

/// The last segment (it terminates): a forgery of its final root that the
/// STARK let through would pass the chain check.
const LAST: usize = 1;

/// The unbalanced tuples of `bus`, fields and net multiplicity.
fn tuples(witness: &Witness, bus: &str) -> Vec<(Vec<u32>, i64)> {
    witness.tally().unbalanced(bus)
}

/// The node tuple `(level, index, init, final)` of the merkle bus.
fn node(level: u32, index: u32, init: &[Val; 8], fin: &[Val; 8]) -> Vec<u32> {
    let mut t = vec![level, index];
    t.extend(digest_words(init));
    t.extend(digest_words(fin));
    t
}

/// The chain of the honest first segment and `last`.
fn chain_with_last(last: &Witness) -> Result<(), ChainError> {
    let mut claims = honest_claims();
    claims[LAST] = last.claim.clone();
    chain(&claims).map(|_| ())
}

#[test]
fn a_forged_leaf_digest_is_no_poseidon2_table_entry() {
    // The final leaf of register block 0 changed, as a prover claiming other
    // final registers would: the Merkle path above it, the final root and
    // the table are re-solved, so every Merkle compression is true and the
    // merkle bus balances. The block boundary's lookup (limbs of its final
    // bytes, forged leaf) is the one tuple the table cannot provide.
    let mut w = Witness::honest(LAST);
    let honest_root = w.claim.segment.unwrap().final_root;
    let mut b = w.block(0);
    b.final_leaf[0] += Val::ONE;
    w.set_block(0, b);
    w.resolve_leaf(0);
    w.retable();
    assert_ne!(w.claim.segment.unwrap().final_root, honest_root);
    assert_eq!(w.unbalanced(), ["poseidon2"]);
    // Register block 0 holds zeros: its limbs are 16 zeros.
    let mut forged = vec![0u32; 16];
    forged.extend(digest_words(&b.final_leaf));
    assert_eq!(tuples(&w, "poseidon2"), [(forged, 1)]);
    assert!(matches!(w.check(), Err(ProveError::UnbalancedBus { bus, .. }) if bus == "poseidon2"));
    w.assert_unprovable(Caught::Bus);
    chain_with_last(&w).expect("the chain alone would take the forged final root");
}

#[test]
fn a_forged_touched_child_digest_is_no_merkle_bus_send() {
    // The level-24 row over register blocks 0 and 1: its left child (a
    // boundary leaf) changed on the final side, its parents and the path to
    // the root re-solved with true compressions. The row now receives a
    // leaf nobody sent, and the boundary's leaf is received by nobody.
    let mut w = Witness::honest(LAST);
    let row = w.merkle_row(24, 0);
    let mut c = w.merkle(row);
    assert_eq!((c.left_touched, c.right_touched), (Val::ONE, Val::ONE));
    let honest_child = c.left_final;
    c.left_final[3] += Val::ONE;
    w.set_merkle(row, c);
    w.resolve_up(row);
    w.retable();
    assert_eq!(w.unbalanced(), ["merkle"]);
    let mut expected = vec![
        (node(25, 0, &c.left_init, &honest_child), 1),
        (node(25, 0, &c.left_init, &c.left_final), -1),
    ];
    expected.sort();
    assert_eq!(tuples(&w, "merkle"), expected);
    assert!(matches!(w.check(), Err(ProveError::UnbalancedBus { bus, .. }) if bus == "merkle"));
    w.assert_unprovable(Caught::Bus);
    chain_with_last(&w).expect("the chain alone would take the forged final root");
}

/// The root row, whose right child (the main-memory half of the tree) a
/// `nop` segment never touches.
fn root_with_untouched_right(w: &Witness) -> usize {
    let root = w.merkle_row(0, 0);
    let c = w.merkle(root);
    assert_eq!((c.left_touched, c.right_touched), (Val::ONE, Val::ZERO));
    root
}

#[test]
fn a_forged_untouched_sibling_on_the_final_side_breaks_its_constraint() {
    // The final digest of the untouched memory half changed (claiming other
    // final memory without any access), the root re-solved: every bus
    // balances, and only `(1 − right_touched)·(right_init − right_final) = 0`
    // (constraint 13: is_real's booleanity, then 10 per side) fails.
    let mut w = Witness::honest(LAST);
    let root = root_with_untouched_right(&w);
    let mut c = w.merkle(root);
    c.right_final[0] += Val::ONE;
    w.set_merkle(root, c);
    w.resolve_up(root);
    w.retable();
    assert_eq!(w.unbalanced(), Vec::<&str>::new());
    match w.check() {
        Err(ProveError::Constraint {
            air,
            row,
            constraint,
            ..
        }) => assert_eq!((air.as_str(), row, constraint), ("merkle", root, 13)),
        other => panic!("expected the untouched-child constraint, got {other:?}"),
    }
    w.assert_unprovable(Caught::Constraint(chip::MERKLE));
    chain_with_last(&w).expect("the chain alone would take the forged final root");
}

#[test]
fn a_forged_untouched_sibling_on_both_sides_is_caught_by_the_chain_only() {
    // The same change on both sides keeps every constraint and bus: the
    // segment proof proves the relation between its two roots and nothing
    // else. Its initial root is no longer the memory the run started from,
    // which only the chain check sees: the first segment's initial root
    // must be the program's initial memory, and every later segment's the
    // previous final root.
    let forge = |segment: usize| {
        let mut w = Witness::honest(segment);
        let root = root_with_untouched_right(&w);
        let mut c = w.merkle(root);
        c.right_init[0] += Val::ONE;
        c.right_final[0] += Val::ONE;
        w.set_merkle(root, c);
        w.resolve_up(root);
        w.retable();
        assert_eq!(w.unbalanced(), Vec::<&str>::new());
        w.check().expect("a consistent segment");
        w
    };
    let first = forge(0);
    assert!(
        matches!(first.prove_and_verify(), Outcome::Accepted),
        "the segment proof alone proves and verifies"
    );
    let mut claims = honest_claims();
    claims[0] = first.claim.clone();
    assert_eq!(chain(&claims), Err(ChainError::WrongInitialMemory));
    let last = forge(LAST);
    assert_eq!(
        chain_with_last(&last),
        Err(ChainError::Broken {
            index: LAST,
            what: "memory root"
        })
    );
}
