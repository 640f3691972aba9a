use super::*;
use crate::circuit::LookupCounters;
use crate::circuit::columns::Columns;
use crate::circuit::hash::{DIGEST_ELEMS, Digest};
use crate::memory::GuestMemory;
use crate::memory_tree::{MemoryTree, SegmentUpdate, leaf_digest, leaf_index};
use crate::system_chips::bus_tally::{BusTally, interactions};
use crate::system_chips::poseidon2::{Poseidon2TableAir, poseidon2_trace};
use crate::system_chips::test_support::{check, set};
use std::sync::OnceLock;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, ProofParams, ProveError,
    ProvingKey, VerifyingKey, WindowAccess, check_traces, keygen, prove, verify,
};

// ---------------------------------------------------------------------------
// A stand-in for the block boundary and the segment connector: sends leaves
// and receives the root on the merkle bus.

crate::columns! {
    /// One endpoint tuple.
    struct EndsCols {
        /// Sends the tuple (a leaf).
        send: T,
        /// Receives the tuple (the root).
        receive: T,
        level: T,
        index: T,
        init: [T; DIGEST_ELEMS],
        fin: [T; DIGEST_ELEMS],
    }
}

#[derive(Clone, Copy, Debug)]
struct EndsAir;

impl BaseAir<Val> for EndsAir {
    fn width(&self) -> usize {
        <EndsCols<Val> as Columns<Val>>::WIDTH
    }
}

impl<AB: BusBuilder> Air<AB> for EndsAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = EndsCols::<AB::Var>::read(main.current_slice());
        builder.assert_bool(cols.send);
        builder.assert_bool(cols.receive);
        let tuple: Vec<AB::Expr> = [cols.level, cols.index]
            .iter()
            .chain(&cols.init)
            .chain(&cols.fin)
            .map(|&v| v.into())
            .collect();
        let once = crate::circuit::gadgets::once::<AB>;
        crate::circuit::MERKLE.send(builder, tuple.clone(), once(cols.send.into()));
        crate::circuit::MERKLE.receive(builder, tuple, once(cols.receive.into()));
    }
}

impl ChipAir for EndsAir {
    fn chip_name(&self) -> String {
        "merkle-ends".into()
    }
}

// ---------------------------------------------------------------------------
// A segment update and its traces.

/// Column indices of [`MerkleCols`].
mod col {
    pub const IS_REAL: usize = 0;
    pub const LEVEL: usize = 1;
    pub const INDEX: usize = 2;
    pub const LEFT_INIT: usize = 3;
    pub const LEFT_FINAL: usize = 11;
    pub const RIGHT_FINAL: usize = 27;
    pub const PARENT_INIT: usize = 35;
    pub const PARENT_FINAL: usize = 43;
    pub const LEFT_TOUCHED: usize = 51;
    pub const RIGHT_TOUCHED: usize = 52;
}

/// A segment: the leaves the boundary would send and the tree's update.
struct Segment {
    leaves: Vec<(u32, Digest, Digest)>,
    update: SegmentUpdate,
}

/// Registers block 0 changed, blocks 1 and 3 listed unchanged; memory:
/// two sibling blocks changed, a lone block changed, an unchanged listed
/// block, the last block of memory; unlisted data elsewhere.
fn sample_segment() -> Segment {
    let mut registers = [0u32; 32];
    registers[2] = 0x1000_0000;
    registers[9] = 77;
    registers[30] = 5;
    let mut memory = GuestMemory::new();
    memory.write_u32(0x2000, 1);
    memory.write_u32(0x2044, 2);
    memory.write_u32(0x10_0000, 3);
    memory.write_u32(0x3000, 4); // unlisted: a nonzero untouched sibling subtree
    memory.write_u32(0x2080, 6); // unlisted sibling of a listed leaf
    let mut tree = MemoryTree::new(&registers, &memory);

    let mut after_regs = registers;
    after_regs[1] = 0xffff_ffff;
    after_regs[2] = 0;
    let after_mem = |pointer: u32| match pointer {
        0x2000 => 0x0101_0101,
        0x2020 => 9,
        0x20a4 => 0xabcd_0000,
        0x1fff_fffc => 1,
        _ => memory.read_u32(pointer),
    };
    let mem_block =
        |pointer: u32| -> [u32; 8] { core::array::from_fn(|w| after_mem(pointer + 4 * w as u32)) };
    let mut blocks: Vec<(u32, [u32; 8])> = (0..4usize)
        .filter(|&b| b != 2)
        .map(|b| (b as u32, core::array::from_fn(|w| after_regs[8 * b + w])))
        .collect();
    for pointer in [0x2000, 0x2020, 0x20a0, 0x10_0000, 0x1fff_ffe0] {
        blocks.push((leaf_index(2, pointer), mem_block(pointer)));
    }
    let leaves = blocks
        .iter()
        .map(|(index, words)| (*index, tree.node(25, *index), leaf_digest(words)))
        .collect();
    let update = tree.apply_segment(&blocks).unwrap();
    Segment { leaves, update }
}

/// The three traces (merkle, ends, poseidon2) of a segment, with the
/// merkle rows possibly altered before filling.
fn traces(segment: &Segment) -> Vec<RowMajorMatrix<Val>> {
    let counters = LookupCounters::new();
    let merkle = generate_rows(&segment.update.rows, &counters);
    let width = EndsAir.width();
    let mut ends = crate::circuit::zero_trace(segment.leaves.len() + 1, width);
    let mut write = |row: usize, send: bool, level: u32, index: u32, init: Digest, fin: Digest| {
        let cells = &mut ends.values[row * width..(row + 1) * width];
        cells[0] = Val::from_bool(send);
        cells[1] = Val::from_bool(!send);
        cells[2] = Val::from_u32(level);
        cells[3] = Val::from_u32(index);
        cells[4..12].copy_from_slice(&init);
        cells[12..20].copy_from_slice(&fin);
    };
    for (row, &(index, init, fin)) in segment.leaves.iter().enumerate() {
        write(row, true, 25, index, init, fin);
    }
    let u = &segment.update;
    write(
        segment.leaves.len(),
        false,
        0,
        0,
        u.initial_root,
        u.final_root,
    );
    let table = poseidon2_trace(&counters.poseidon2_requests());
    vec![merkle, ends, table]
}

fn params() -> ProofParams {
    ProofParams::insecure_test_fast()
}

fn keys() -> &'static (ProvingKey<DynAir>, VerifyingKey<DynAir>) {
    static KEYS: OnceLock<(ProvingKey<DynAir>, VerifyingKey<DynAir>)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let airs = vec![
            DynAir::new(MerkleAir),
            DynAir::new(EndsAir),
            DynAir::new(Poseidon2TableAir::new()),
        ];
        keygen(airs, &params()).unwrap()
    })
}

fn no_public_values() -> Vec<Vec<Val>> {
    vec![Vec::new(); 3]
}

/// The buses that do not balance over the three traces.
fn unbalanced(traces: &[RowMajorMatrix<Val>]) -> Vec<&'static str> {
    let mut tally = BusTally::new();
    tally.add_air(&MerkleAir, &traces[0], &[]);
    tally.add_air(&EndsAir, &traces[1], &[]);
    tally.add_air(&Poseidon2TableAir::new(), &traces[2], &[]);
    ["merkle", "poseidon2"]
        .into_iter()
        .filter(|bus| !tally.unbalanced(bus).is_empty())
        .collect()
}

/// How the checks reject altered traces.
#[derive(Debug, PartialEq, Eq)]
enum Rejection {
    /// A merkle constraint fails.
    Constraint,
    /// These buses do not balance (and no constraint fails).
    Buses(Vec<&'static str>),
}

/// Refills the poseidon2 table with exactly the compressions the (altered)
/// merkle trace looks up: the most helpful table a cheating prover could
/// commit, so a rejection cannot come from a stale table.
fn retable(traces: &mut [RowMajorMatrix<Val>]) {
    let requests: Vec<[Val; 16]> = interactions(&MerkleAir, &traces[0], &[])
        .into_iter()
        .filter(|i| i.bus == "poseidon2" && i.count > 0)
        .flat_map(|i| {
            let input: [Val; 16] = core::array::from_fn(|k| Val::from_u32(i.fields[k]));
            std::iter::repeat_n(input, i.count as usize)
        })
        .collect();
    traces[2] = poseidon2_trace(&requests);
}

/// How the checks reject `traces` (after [`retable`]).
fn rejection(traces: &[RowMajorMatrix<Val>]) -> Rejection {
    let mut traces = traces.to_vec();
    retable(&mut traces);
    let traces = &traces;
    match check_traces(&keys().0, traces, &no_public_values()) {
        Ok(()) => panic!("altered traces accepted"),
        Err(ProveError::Constraint { air, .. }) => {
            assert_eq!(air, MERKLE_CHIP);
            Rejection::Constraint
        }
        Err(ProveError::UnbalancedBus { bus, .. }) => {
            let buses = unbalanced(traces);
            assert!(buses.contains(&bus.as_str()), "{bus} not in {buses:?}");
            Rejection::Buses(buses)
        }
        Err(other) => panic!("unexpected rejection {other:?}"),
    }
}

fn copy_row(trace: &mut RowMajorMatrix<Val>, from: usize, to: usize) {
    let w = trace.width;
    let row = trace.values[from * w..(from + 1) * w].to_vec();
    trace.values[to * w..(to + 1) * w].copy_from_slice(&row);
}

fn cell(trace: &RowMajorMatrix<Val>, row: usize, col: usize) -> Val {
    trace.values[row * trace.width + col]
}

/// First row matching `pred` on the merkle rows.
fn find_row(segment: &Segment, pred: impl Fn(&crate::memory_tree::MerkleRow) -> bool) -> usize {
    segment
        .update
        .rows
        .iter()
        .position(pred)
        .expect("a matching row")
}

// ---------------------------------------------------------------------------

#[test]
fn trace_holds_the_rows_then_silent_padding() {
    let segment = sample_segment();
    let rows = &segment.update.rows;
    let traces = traces(&segment);
    let trace = &traces[0];
    assert_eq!(trace.width, MERKLE_COLS);
    assert_eq!(
        trace.values.len() / MERKLE_COLS,
        rows.len().next_power_of_two()
    );
    for (r, row) in rows.iter().enumerate() {
        let cols = MerkleCols::<Val>::read(&trace.values[r * MERKLE_COLS..]);
        assert_eq!(cols.is_real, Val::ONE);
        assert_eq!(
            (cols.level, cols.index),
            (Val::from_u32(row.level), Val::from_u32(row.index))
        );
        assert_eq!(cols.parent_final, row.parent_final);
        assert_eq!(cols.right_touched, Val::from_bool(row.right_touched));
    }
    for r in rows.len()..trace.values.len() / MERKLE_COLS {
        assert!(
            trace.values[r * MERKLE_COLS..(r + 1) * MERKLE_COLS]
                .iter()
                .all(|v| *v == Val::ZERO)
        );
    }
    check(MerkleAir, trace, &[]).unwrap();
    assert_eq!(unbalanced(&traces), Vec::<&str>::new());
    // Two compressions per real row were requested.
    let counters = LookupCounters::new();
    generate_rows(rows, &counters);
    assert_eq!(counters.poseidon2_requests().len(), 2 * rows.len());
}

#[test]
fn honest_update_proves_and_verifies() {
    let segment = sample_segment();
    assert_ne!(segment.update.initial_root, segment.update.final_root);
    let traces = traces(&segment);
    let (pk, vk) = keys();
    let proof = prove(pk, &traces, &no_public_values()).unwrap();
    verify(vk, &proof, &no_public_values()).unwrap();
}

#[test]
fn unchanged_segment_proves_too() {
    let mut memory = GuestMemory::new();
    memory.write_u32(0x4000, 8);
    let mut tree = MemoryTree::new(&[0; 32], &memory);
    let blocks = [
        (0, [0; 8]),
        (leaf_index(2, 0x4000), [8, 0, 0, 0, 0, 0, 0, 0]),
    ];
    let leaves = blocks
        .iter()
        .map(|(i, w)| (*i, leaf_digest(w), leaf_digest(w)))
        .collect();
    let update = tree.apply_segment(&blocks).unwrap();
    assert_eq!(update.initial_root, update.final_root);
    let traces = traces(&Segment { leaves, update });
    check_traces(&keys().0, &traces, &no_public_values()).unwrap();
}

#[test]
fn altered_cells_are_rejected() {
    let segment = sample_segment();
    let honest = traces(&segment);
    // Rows: one whose left child is untouched, one with both children touched.
    let lone = find_row(&segment, |r| {
        !r.left_touched && r.right_touched && r.level > 0
    });
    let both = find_row(&segment, |r| {
        r.left_touched && r.right_touched && r.left_init != r.left_final
    });
    let root = find_row(&segment, |r| r.level == 0);
    let padding = segment.update.rows.len();
    let bump = |t: &mut RowMajorMatrix<Val>, row: usize, col: usize| {
        let v = cell(t, row, col) + Val::ONE;
        set(t, row, col, v);
    };
    type Alter = Box<dyn Fn(&mut RowMajorMatrix<Val>)>;
    let cases: Vec<(&str, Alter, Rejection)> = vec![
        (
            "parent final digest",
            Box::new(move |t| bump(t, both, col::PARENT_FINAL + 3)),
            Rejection::Buses(vec!["merkle", "poseidon2"]),
        ),
        (
            "parent initial digest of the root",
            Box::new(move |t| bump(t, root, col::PARENT_INIT)),
            Rejection::Buses(vec!["merkle", "poseidon2"]),
        ),
        (
            "touched child's final digest",
            Box::new(move |t| bump(t, both, col::RIGHT_FINAL + 7)),
            Rejection::Buses(vec!["merkle", "poseidon2"]),
        ),
        (
            "untouched child's final digest",
            Box::new(move |t| bump(t, lone, col::LEFT_FINAL + 1)),
            Rejection::Constraint,
        ),
        (
            "untouched child's digest, both sides",
            Box::new(move |t| {
                bump(t, lone, col::LEFT_INIT + 2);
                bump(t, lone, col::LEFT_FINAL + 2);
            }),
            Rejection::Buses(vec!["poseidon2"]),
        ),
        (
            "touched flag cleared",
            Box::new(move |t| set(t, both, col::LEFT_TOUCHED, Val::ZERO)),
            // Cleared on a changed child: its init != final.
            Rejection::Constraint,
        ),
        (
            "touched flag set",
            Box::new(move |t| set(t, lone, col::LEFT_TOUCHED, Val::ONE)),
            Rejection::Buses(vec!["merkle"]),
        ),
        (
            "touched flag not boolean",
            Box::new(move |t| set(t, both, col::LEFT_TOUCHED, Val::TWO)),
            Rejection::Constraint,
        ),
        (
            "index",
            Box::new(move |t| bump(t, lone, col::INDEX)),
            Rejection::Buses(vec!["merkle"]),
        ),
        (
            "level",
            Box::new(move |t| bump(t, both, col::LEVEL)),
            Rejection::Buses(vec!["merkle"]),
        ),
        (
            "is_real cleared on a real row",
            Box::new(move |t| set(t, lone, col::IS_REAL, Val::ZERO)),
            Rejection::Constraint,
        ),
        (
            "touched flag on padding",
            Box::new(move |t| set(t, padding, col::RIGHT_TOUCHED, Val::ONE)),
            Rejection::Constraint,
        ),
        (
            "is_real on padding",
            Box::new(move |t| set(t, padding, col::IS_REAL, Val::ONE)),
            // A zero node (0, 0, 0.., 0..) sent, compressions of zero looked up.
            Rejection::Buses(vec!["merkle", "poseidon2"]),
        ),
    ];
    for (what, alter, expected) in cases {
        let mut bad = honest.clone();
        alter(&mut bad[0]);
        assert_eq!(rejection(&bad), expected, "{what}");
    }
}

#[test]
fn changed_child_marked_untouched_cannot_hide_its_change() {
    // Clear the touched flag of a changed child and copy its initial digest
    // over its final one, keeping the row's constraints: the parent's final
    // compression no longer matches, and the child's own send is unmatched.
    let segment = sample_segment();
    let mut bad = traces(&segment);
    let both = find_row(&segment, |r| {
        r.left_touched && r.right_touched && r.left_init != r.left_final
    });
    set(&mut bad[0], both, col::LEFT_TOUCHED, Val::ZERO);
    for i in 0..DIGEST_ELEMS {
        let v = cell(&bad[0], both, col::LEFT_INIT + i);
        set(&mut bad[0], both, col::LEFT_FINAL + i, v);
    }
    assert_eq!(
        rejection(&bad),
        Rejection::Buses(vec!["merkle", "poseidon2"])
    );
}

#[test]
fn dropped_and_duplicated_rows_are_rejected() {
    let segment = sample_segment();
    let honest = traces(&segment);
    let real = segment.update.rows.len();
    for row in [0, real / 2, real - 1] {
        let mut dropped = honest.clone();
        let w = dropped[0].width;
        dropped[0].values[row * w..(row + 1) * w].fill(Val::ZERO);
        assert_eq!(
            rejection(&dropped),
            Rejection::Buses(vec!["merkle"]),
            "row {row} dropped"
        );
        let mut duplicated = honest.clone();
        copy_row(&mut duplicated[0], row, real);
        assert_eq!(
            rejection(&duplicated),
            Rejection::Buses(vec!["merkle"]),
            "row {row} duplicated"
        );
    }
}

#[test]
fn leaves_and_root_must_match_the_rows() {
    let segment = sample_segment();
    let honest = traces(&segment);
    let leaves = segment.leaves.len();
    // A listed leaf not sent, a leaf's final digest, the claimed final root.
    let cases: [(&str, usize, usize); 3] = [
        ("leaf not sent", 2, 0),
        ("leaf final digest", 4, 12),
        ("final root", leaves, 12 + 5),
    ];
    for (what, row, column) in cases {
        let mut bad = honest.clone();
        if column == 0 {
            set(&mut bad[1], row, 0, Val::ZERO);
        } else {
            let v = cell(&bad[1], row, column) + Val::ONE;
            set(&mut bad[1], row, column, v);
        }
        assert_eq!(rejection(&bad), Rejection::Buses(vec!["merkle"]), "{what}");
    }
}

#[test]
fn row_estimate_bounds_the_real_row_count() {
    let segment = sample_segment();
    let rows = segment.update.rows.len() as u64;
    assert!(rows <= max_rows(segment.leaves.len() as u64));
    assert_eq!(max_rows(0), 0);
    assert_eq!(max_rows(1), 25);
    // Two leaves: the root, then two nodes on every level from 1 down.
    assert_eq!(max_rows(2), 1 + 2 * 24);
    assert_eq!(max_rows(1 << 25), (1 << 25) - 1);
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(MerkleAir));
}
