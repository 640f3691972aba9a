use super::*;
use crate::circuit::LookupCounters;
use crate::circuit::columns::Columns;
use crate::system_chips::test_support::*;
use trellis_stark::{PrimeCharacteristicRing, Val};

/// Column indices.
const AS_BIT: usize = 1;
const BLOCK_LO: usize = 2;

#[test]
fn a_system_only_segment_lists_the_four_register_blocks() {
    let traces = segment_traces(&nops_then_exit(1500, 0), 1024);
    let segment = traces[0].segment.as_ref().unwrap();
    assert_eq!(segment.blocks.len(), 4);
    assert!(
        segment
            .blocks
            .iter()
            .all(|b| b.initial == [0; 8] && b.final_words == [0; 8])
    );
    let counters = LookupCounters::new();
    let rows = trace::generate(&segment.blocks, &counters);
    check(BlockBoundaryAir, &rows, &[]).unwrap();
    let cols: Vec<BlockBoundaryCols<Val>> = rows
        .values
        .chunks_exact(rows.width)
        .map(BlockBoundaryCols::read)
        .collect();
    for (b, row) in cols.iter().take(4).enumerate() {
        assert_eq!(
            (row.is_valid, row.as_bit, row.block_lo),
            (Val::ONE, Val::ZERO, Val::from_usize(b))
        );
        assert_eq!(row.initial_leaf, row.final_leaf);
    }
    // Two leaf digests per block were requested from the Poseidon2 table.
    assert_eq!(counters.poseidon2_requests().len(), 8);
}

#[test]
fn flags_are_boolean() {
    let traces = segment_traces(&nops_then_exit(10, 0), 1024);
    let segment = traces[0].segment.as_ref().unwrap();
    let rows = trace::generate(&segment.blocks, &LookupCounters::new());
    for (col, value) in [(0, Val::TWO), (AS_BIT, Val::TWO)] {
        let mut bad = rows.clone();
        set(&mut bad, 1, col, value);
        assert!(check(BlockBoundaryAir, &bad, &[]).is_err(), "column {col}");
    }
    // The block number is free in the constraints: its range and the
    // memory, Poseidon2 and Merkle buses pin it (sdk tests prove_tamper).
    let mut moved = rows;
    set(&mut moved, 1, BLOCK_LO, Val::from_u32(9));
    assert!(check(BlockBoundaryAir, &moved, &[]).is_ok());
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(
        BlockBoundaryAir,
    ));
}

#[test]
fn a_forged_final_word_with_its_leaf_and_root_re_solved_breaks_the_memory_bus() {
    // A real segment (`segment_forgery`): register x1 claimed to end as 42.
    // Its final leaf is the true compression of the forged bytes, the Merkle
    // path, the final root and the Poseidon2 table are re-solved, so the
    // poseidon2 and merkle buses balance. The boundary's final receive of
    // x1 = 42 pairs with no send: the word's only send is its initial
    // value (no access wrote it).
    use crate::circuit::hash::poseidon2_compress;
    use crate::system_chips::segment_forgery::{Caught, Witness};
    use trellis_stark::ProveError;
    let mut w = Witness::honest(1);
    let mut b = w.block(0);
    b.final_bytes[4] = Val::from_u32(42);
    let limbs: [Val; 16] = core::array::from_fn(|i| {
        b.final_bytes[2 * i] + b.final_bytes[2 * i + 1] * Val::from_u32(256)
    });
    b.final_leaf = poseidon2_compress(limbs);
    w.set_block(0, b);
    w.resolve_leaf(0);
    w.retable();
    assert_eq!(w.unbalanced(), ["memory"]);
    let mut expected = vec![
        (vec![1, 4, 0, 0, 0, 0, 0], 1),
        (vec![1, 4, 42, 0, 0, 0, 0], -1),
    ];
    expected.sort();
    assert_eq!(w.tally().unbalanced("memory"), expected);
    assert!(matches!(w.check(), Err(ProveError::UnbalancedBus { bus, .. }) if bus == "memory"));
    w.assert_unprovable(Caught::Bus);
}
