use super::*;
use crate::memory::GuestMemory;
use std::collections::{BTreeMap, BTreeSet};

/// A seeded splitmix64 generator (tests need no `rand` dependency).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % u64::from(n)) as u32
    }
}

/// A machine state: registers and memory.
#[derive(Clone)]
struct State {
    registers: [u32; 32],
    memory: GuestMemory,
}

impl State {
    fn zero() -> Self {
        Self {
            registers: [0; 32],
            memory: GuestMemory::new(),
        }
    }

    fn tree(&self) -> MemoryTree {
        MemoryTree::new(&self.registers, &self.memory)
    }

    /// The words of leaf `index`.
    fn block(&self, index: u32) -> [u32; 8] {
        if index < MEMORY_LEAF_BASE {
            core::array::from_fn(|w| {
                self.registers
                    .get(8 * index as usize + w)
                    .copied()
                    .unwrap_or(0)
            })
        } else {
            let base = (index - MEMORY_LEAF_BASE) * BLOCK_BYTES;
            core::array::from_fn(|w| self.memory.read_u32(base + 4 * w as u32))
        }
    }

    /// Every nonzero leaf, read word by word (independently of the tree's page walk).
    fn leaves(&self) -> BTreeMap<u32, [u32; 8]> {
        let mut indices: BTreeSet<u32> = (0..4).collect();
        for (base, _) in self.memory.pages() {
            for k in 0..(crate::memory::PAGE_SIZE as u32 / BLOCK_BYTES) {
                indices.insert(MEMORY_LEAF_BASE + base / BLOCK_BYTES + k);
            }
        }
        indices
            .into_iter()
            .map(|i| (i, self.block(i)))
            .filter(|(_, words)| words.iter().any(|&w| w != 0))
            .collect()
    }

    fn write_random(&mut self, rng: &mut Rng, region: u32) {
        let value = rng.next_u64() as u32;
        if rng.below(8) == 0 {
            let reg = 1 + rng.below(31) as usize;
            self.registers[reg] = value;
        } else {
            let pointer = 0x1_0000 + 4 * rng.below(region / 4);
            self.memory.write_u32(pointer, value);
        }
    }
}

/// The root computed recursively from scratch: a subtree with no nonzero
/// leaf is the zero subtree, built by compressing zero leaves.
fn reference_root(leaves: &BTreeMap<u32, [u32; 8]>) -> Digest {
    let mut zero = vec![leaf_digest(&[0; 8])];
    for _ in 0..LEAF_LEVEL {
        let last = *zero.last().unwrap();
        zero.push(compress_pair(&last, &last));
    }
    fn node(level: usize, index: u32, leaves: &BTreeMap<u32, [u32; 8]>, zero: &[Digest]) -> Digest {
        let span = LEAF_LEVEL - level;
        let (lo, hi) = (index << span, (index + 1) << span);
        if leaves.range(lo..hi).next().is_none() {
            return zero[span];
        }
        if level == LEAF_LEVEL {
            return leaf_digest(&leaves[&index]);
        }
        compress_pair(
            &node(level + 1, 2 * index, leaves, zero),
            &node(level + 1, 2 * index + 1, leaves, zero),
        )
    }
    // Level 0's range 0 << 25 .. 1 << 25 fits in u32.
    node(0, 0, leaves, &zero)
}

/// Checks `update` against the tree's rules: hashes, touched flags, the
/// exact path union, and that the final root is a fresh tree's of `after`.
fn check_update(update: &SegmentUpdate, listed: &[u32], before: &State, after: &State) {
    assert_eq!(update.initial_root, before.tree().root());
    assert_eq!(update.final_root, after.tree().root());
    assert_eq!(update.final_root, reference_root(&after.leaves()));

    let mut expected: BTreeSet<(u32, u32)> = BTreeSet::new();
    for &leaf in listed {
        for level in 0..LEAF_LEVEL as u32 {
            expected.insert((level, leaf >> (MEMORY_TREE_DEPTH - level)));
        }
    }
    let rows: BTreeSet<(u32, u32)> = update.rows.iter().map(|r| (r.level, r.index)).collect();
    assert_eq!(rows.len(), update.rows.len(), "one row per node");
    assert_eq!(rows, expected, "rows are exactly the path union");

    let listed: BTreeSet<u32> = listed.iter().copied().collect();
    for row in &update.rows {
        assert_eq!(
            row.parent_init,
            compress_pair(&row.left_init, &row.right_init)
        );
        assert_eq!(
            row.parent_final,
            compress_pair(&row.left_final, &row.right_final)
        );
        let child_level = row.level + 1;
        let touched = |index: u32| {
            if child_level == MEMORY_TREE_DEPTH {
                listed.contains(&index)
            } else {
                rows.contains(&(child_level, index))
            }
        };
        assert_eq!(row.left_touched, touched(2 * row.index));
        assert_eq!(row.right_touched, touched(2 * row.index + 1));
        if !row.left_touched {
            assert_eq!(row.left_init, row.left_final);
        }
        if !row.right_touched {
            assert_eq!(row.right_init, row.right_final);
        }
    }
}

/// The listed blocks of `after` as `apply_segment` takes them.
fn blocks_of(after: &State, listed: &[u32]) -> Vec<(u32, [u32; 8])> {
    listed.iter().map(|&i| (i, after.block(i))).collect()
}

#[test]
fn leaf_indices_of_registers_and_memory() {
    assert_eq!(leaf_index(1, 0), 0);
    assert_eq!(leaf_index(1, 124), 3);
    assert_eq!(leaf_index(2, 0x1000), MEMORY_LEAF_BASE + 0x80);
    assert_eq!(leaf_index(2, 0x101c), MEMORY_LEAF_BASE + 0x80);
    assert_eq!(leaf_index(2, 0x1020), MEMORY_LEAF_BASE + 0x81);
    assert_eq!(leaf_index(2, MEMORY_LIMIT - 4), LEAF_COUNT - 1);
    assert_eq!(leaf_index(2, MEMORY_LIMIT), NO_LEAF);
    assert_eq!(leaf_index(3, 0), NO_LEAF);
    assert_eq!(leaf_index(0, 0), NO_LEAF);
}

#[test]
fn leaf_digest_splits_words_into_16_bit_limbs_in_order() {
    let words = [0x0002_0001, 0, 0, 0, 0, 0, 0, 0xffff_0003];
    let mut limbs = [Val::ZERO; 16];
    limbs[0] = Val::ONE;
    limbs[1] = Val::TWO;
    limbs[14] = Val::from_u32(3);
    limbs[15] = Val::from_u32(0xffff);
    assert_eq!(leaf_digest(&words), poseidon2_compress(limbs));
    assert_ne!(
        leaf_digest(&words),
        leaf_digest(&[0x0001_0002, 0, 0, 0, 0, 0, 0, 0xffff_0003])
    );
}

#[test]
fn empty_memory_has_the_default_root() {
    let tree = State::zero().tree();
    let leaf = leaf_digest(&[0; 8]);
    assert_eq!(tree.default_digest(25), leaf);
    assert_eq!(tree.default_digest(24), compress_pair(&leaf, &leaf));
    assert_eq!(tree.root(), tree.default_digest(0));
    assert_eq!(tree.root(), MemoryTree::empty().root());
    assert_eq!(tree.root(), reference_root(&BTreeMap::new()));
    assert_eq!(tree.stored_nodes(), 0);
    // An allocated page of zeros is still untouched memory.
    let mut state = State::zero();
    state.memory.write_u32(0x4000, 0);
    assert_eq!(state.tree().root(), tree.root());
    assert_eq!(state.tree().stored_nodes(), 0);
}

#[test]
fn one_byte_changes_the_root_and_only_its_path() {
    let empty = State::zero().tree();
    let mut state = State::zero();
    state.memory.write_u8(0x1234_5677, 1);
    let tree = state.tree();
    assert_ne!(tree.root(), empty.root());
    assert_eq!(tree.stored_nodes(), LEAF_LEVEL + 1, "one path");
    let leaf = leaf_index(2, 0x1234_5674);
    assert_eq!(
        tree.node(LEAF_LEVEL, leaf),
        leaf_digest(&[0, 0, 0, 0, 0, 0x0100_0000, 0, 0])
    );
    assert_eq!(tree.root(), reference_root(&state.leaves()));
    // Same byte in a register instead: another root.
    let mut regs = State::zero();
    regs.registers[5] = 0x0100_0000;
    assert_ne!(regs.tree().root(), tree.root());
    assert_eq!(regs.tree().root(), reference_root(&regs.leaves()));
}

#[test]
fn random_states_match_the_reference_root() {
    let mut rng = Rng::new(7);
    for round in 0..12 {
        let mut state = State::zero();
        let writes = 1 + rng.below(300);
        let region = if round % 2 == 0 { 0x2000 } else { 0x40_0000 };
        for _ in 0..writes {
            state.write_random(&mut rng, region);
        }
        assert_eq!(
            state.tree().root(),
            reference_root(&state.leaves()),
            "round {round}"
        );
    }
}

#[test]
fn segment_of_one_changed_leaf() {
    let before = State::zero();
    let mut tree = before.tree();
    let mut after = before.clone();
    after.memory.write_u32(0x8000, 0xdead_beef);
    let listed = [leaf_index(2, 0x8000)];
    let update = tree.apply_segment(&blocks_of(&after, &listed)).unwrap();
    assert_eq!(update.rows.len(), LEAF_LEVEL, "one row per level");
    assert_eq!(tree.root(), update.final_root);
    check_update(&update, &listed, &before, &after);
}

#[test]
fn unchanged_listed_leaves_keep_the_root() {
    let mut before = State::zero();
    before.registers[3] = 9;
    before.memory.write_u32(0x3000, 1);
    let mut tree = before.tree();
    let listed = [0, 1, leaf_index(2, 0x3000), leaf_index(2, 0x9000)];
    let update = tree.apply_segment(&blocks_of(&before, &listed)).unwrap();
    assert_eq!(update.initial_root, update.final_root);
    check_update(&update, &listed, &before, &before);
    assert!(
        update.rows.iter().all(|r| r.parent_init == r.parent_final),
        "nothing changed anywhere"
    );
}

#[test]
fn segment_writing_zeros_forgets_nodes() {
    let mut before = State::zero();
    before.memory.write_u32(0x5000, 5);
    let mut tree = before.tree();
    let after = State::zero();
    let listed = [leaf_index(2, 0x5000)];
    let update = tree.apply_segment(&blocks_of(&after, &listed)).unwrap();
    check_update(&update, &listed, &before, &after);
    assert_eq!(tree.root(), MemoryTree::empty().root());
    assert_eq!(tree.stored_nodes(), 0);
}

#[test]
fn random_segments_match_a_fresh_tree() {
    let mut rng = Rng::new(2024);
    for round in 0..10 {
        let region = [0x1000, 0x2_0000, 0x100_0000][round % 3];
        let mut before = State::zero();
        for _ in 0..rng.below(200) {
            before.write_random(&mut rng, region);
        }
        let mut tree = before.tree();
        // Several segments in a row, each listing what it wrote plus some untouched blocks.
        let mut state = before.clone();
        for segment in 0..3 {
            let mut after = state.clone();
            let mut listed: BTreeSet<u32> = BTreeSet::new();
            for _ in 0..1 + rng.below(100) {
                let value = rng.next_u64() as u32;
                if rng.below(6) == 0 {
                    let reg = 1 + rng.below(31) as usize;
                    after.registers[reg] = value;
                    listed.insert(reg as u32 / 8);
                } else {
                    let pointer = 0x1_0000 + 4 * rng.below(region / 4);
                    after.memory.write_u32(pointer, value);
                    listed.insert(leaf_index(2, pointer));
                }
            }
            for _ in 0..rng.below(5) {
                listed.insert(leaf_index(2, 0x1_0000 + 4 * rng.below(region / 4)));
            }
            let listed: Vec<u32> = listed.into_iter().collect();
            let update = tree.apply_segment(&blocks_of(&after, &listed)).unwrap();
            check_update(&update, &listed, &state, &after);
            assert_eq!(
                tree.root(),
                after.tree().root(),
                "round {round} segment {segment}"
            );
            state = after;
        }
    }
}

#[test]
fn bad_leaf_lists_are_refused_and_leave_the_tree_alone() {
    let mut before = State::zero();
    before.memory.write_u32(0x2000, 1);
    let mut tree = before.tree();
    let root = tree.root();
    let words = [7; 8];
    type Blocks<'a> = &'a [(u32, [u32; 8])];
    let cases: [(Blocks, MemoryTreeError); 3] = [
        (
            &[(5, words), (4, words)],
            MemoryTreeError::NotSorted {
                previous: 5,
                index: 4,
            },
        ),
        (
            &[(5, words), (5, words)],
            MemoryTreeError::NotSorted {
                previous: 5,
                index: 5,
            },
        ),
        (
            &[(5, words), (LEAF_COUNT, words)],
            MemoryTreeError::LeafOutOfRange { index: LEAF_COUNT },
        ),
    ];
    for (blocks, error) in cases {
        assert_eq!(tree.apply_segment(blocks), Err(error));
        assert_eq!(tree.root(), root);
    }
    let update = tree.apply_segment(&[]).unwrap();
    assert!(update.rows.is_empty());
    assert_eq!((update.initial_root, update.final_root), (root, root));
}

/// Timings and row counts for the report (`cargo test -p trellis-vm --lib
/// memory_tree::tests::measure -- --ignored --nocapture`).
#[test]
#[ignore]
fn measure() {
    use std::time::Instant;
    let mut rng = Rng::new(1);
    // Rows per listed leaf for a few patterns, on an empty tree.
    let patterns: Vec<(&str, Vec<u32>)> = vec![
        ("1 leaf", vec![MEMORY_LEAF_BASE]),
        (
            "1024 contiguous",
            (0..1024).map(|i| MEMORY_LEAF_BASE + i).collect(),
        ),
        (
            "10^5 contiguous",
            (0..100_000).map(|i| MEMORY_LEAF_BASE + i).collect(),
        ),
        (
            "1024 stride 128 (one per page)",
            (0..1024).map(|i| MEMORY_LEAF_BASE + 128 * i).collect(),
        ),
        ("1024 random", {
            let s: BTreeSet<u32> = (0..1024)
                .map(|_| MEMORY_LEAF_BASE + rng.below(1 << 24))
                .collect();
            s.into_iter().collect()
        }),
        ("10^5 random", {
            let s: BTreeSet<u32> = (0..100_000)
                .map(|_| MEMORY_LEAF_BASE + rng.below(1 << 24))
                .collect();
            s.into_iter().collect()
        }),
    ];
    for (name, leaves) in &patterns {
        let mut tree = MemoryTree::empty();
        let blocks: Vec<(u32, [u32; 8])> = leaves.iter().map(|&i| (i, [i; 8])).collect();
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let update = tree.apply_segment(&blocks).unwrap();
        let elapsed = start.elapsed();
        println!(
            "{name}: {} leaves, {} rows, {:.2} rows/leaf, apply {:.3} s wall, {:.3} s cpu",
            leaves.len(),
            update.rows.len(),
            update.rows.len() as f64 / leaves.len() as f64,
            elapsed.as_secs_f64(),
            cpu_seconds() - cpu
        );
    }
    // A tree of 64 MiB of touched memory.
    let mut memory = GuestMemory::new();
    let mib = 64u32;
    let chunk: Vec<u8> = (0..1 << 20).map(|_| rng.next_u64() as u8 | 1).collect();
    for m in 0..mib {
        memory.write_bytes(0x10_0000 + (m << 20), &chunk);
    }
    let rss = |key: &str| {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with(key))
            .map(|l| l.to_string())
            .unwrap_or_default()
    };
    println!("before build: {} {}", rss("VmRSS"), rss("VmHWM"));
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let mut tree = MemoryTree::new(&[1; 32], &memory);
    println!(
        "build: {mib} MiB touched, {} nodes stored, {:.3} s wall, {:.3} s cpu",
        tree.stored_nodes(),
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
    println!("after build: {} {}", rss("VmRSS"), rss("VmHWM"));
    // Then a segment of 10^5 random leaves of that memory, all changed.
    let leaves: BTreeSet<u32> = (0..100_000)
        .map(|_| leaf_index(2, 0x10_0000 + 32 * rng.below(mib << 15)))
        .collect();
    let blocks: Vec<(u32, [u32; 8])> = leaves.iter().map(|&i| (i, [i ^ 0x5555; 8])).collect();
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let update = tree.apply_segment(&blocks).unwrap();
    println!(
        "segment on the 64 MiB tree: {} leaves, {} rows, {:.3} s wall, {:.3} s cpu",
        blocks.len(),
        update.rows.len(),
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
    let counters = crate::circuit::LookupCounters::new();
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let trace = crate::system_chips::merkle::generate_rows(&update.rows, &counters);
    println!(
        "merkle trace of those rows: height {}, {:.3} s wall, {:.3} s cpu",
        trace.values.len() / trace.width,
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
}

/// CPU seconds (user + system) this process has used so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

#[test]
#[ignore]
fn measure_compress() {
    let inputs: Vec<[Val; 16]> = (0..400_000u32)
        .map(|k| core::array::from_fn(|i| Val::from_u32(k * 16 + i as u32)))
        .collect();
    let (wall, cpu) = (std::time::Instant::now(), cpu_seconds());
    let scalar: Vec<Digest> = inputs.iter().map(|x| poseidon2_compress(*x)).collect();
    println!(
        "scalar: {:.3} us/compress wall, {:.3} us cpu",
        wall.elapsed().as_secs_f64() / 0.4,
        (cpu_seconds() - cpu) / 0.4
    );
    let (wall, cpu) = (std::time::Instant::now(), cpu_seconds());
    let packed = super::batch::compress_all(&inputs);
    println!(
        "compress_all: {:.3} us/compress wall, {:.3} us cpu",
        wall.elapsed().as_secs_f64() / 0.4,
        (cpu_seconds() - cpu) / 0.4
    );
    assert_eq!(scalar, packed);
}
