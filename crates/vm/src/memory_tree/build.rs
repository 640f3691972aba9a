//! Building a tree from a machine state: hash the nonzero blocks of the
//! registers and of every allocated page (in parallel), then each level's
//! parents from the sorted nodes below (in parallel per level).

use super::nodes::NodeMap;
use super::{BLOCK_BYTES, LEAF_LEVEL, MEMORY_LEAF_BASE, MemoryTree, leaf_digest};
use crate::circuit::buses::BLOCK_WORDS;
use crate::circuit::hash::{Digest, compress_pair};
use crate::memory::{GuestMemory, PAGE_SIZE};
use rayon::prelude::*;

/// Blocks per host page.
const BLOCKS_PER_PAGE: usize = PAGE_SIZE / BLOCK_BYTES as usize;

impl MemoryTree {
    /// The tree of a machine state: registers x0..x31 and main memory.
    /// Only allocated pages are read, and only nonzero blocks hashed.
    pub fn new(registers: &[u32; 32], memory: &GuestMemory) -> Self {
        let mut leaves: Vec<(u32, Digest)> = registers
            .chunks_exact(BLOCK_WORDS)
            .enumerate()
            .filter_map(|(block, words)| {
                let words: &[u32; BLOCK_WORDS] = words.try_into().expect("chunks of 8");
                nonzero_leaf(block as u32, words)
            })
            .collect();
        let pages: Vec<(u32, &[u8; PAGE_SIZE])> = memory.pages().collect();
        let memory_leaves: Vec<(u32, Digest)> = pages
            .par_iter()
            .flat_map_iter(|&(base, bytes)| {
                let first = MEMORY_LEAF_BASE + base / BLOCK_BYTES;
                bytes
                    .chunks_exact(BLOCK_BYTES as usize)
                    .enumerate()
                    .filter_map(move |(k, block)| {
                        let words: [u32; BLOCK_WORDS] = core::array::from_fn(|w| {
                            u32::from_le_bytes(block[4 * w..4 * w + 4].try_into().expect("4 bytes"))
                        });
                        nonzero_leaf(first + k as u32, &words)
                    })
            })
            .collect();
        debug_assert!(memory_leaves.len() <= pages.len() * BLOCKS_PER_PAGE);
        leaves.extend(memory_leaves);

        let mut tree = Self::empty();
        let mut sorted_levels: Vec<Vec<(u32, Digest)>> = vec![Vec::new(); LEAF_LEVEL + 1];
        let mut current = leaves;
        for level in (1..=LEAF_LEVEL).rev() {
            let parents = parents(&current, &tree.defaults[level]);
            sorted_levels[level] = current;
            current = parents;
        }
        sorted_levels[0] = current;
        tree.levels = sorted_levels
            .into_par_iter()
            .map(|nodes| {
                let mut map = NodeMap::with_capacity_and_hasher(nodes.len(), Default::default());
                map.extend(nodes);
                map
            })
            .collect();
        tree
    }
}

/// `(index, digest)` of a block, unless it is all zero (the default leaf).
fn nonzero_leaf(index: u32, words: &[u32; BLOCK_WORDS]) -> Option<(u32, Digest)> {
    words
        .iter()
        .any(|&w| w != 0)
        .then(|| (index, leaf_digest(words)))
}

/// The parents of `nodes` (sorted by index, unique) with their digests,
/// sorted; a missing sibling has digest `default`.
fn parents(nodes: &[(u32, Digest)], default: &Digest) -> Vec<(u32, Digest)> {
    let mut pairs: Vec<(u32, &Digest, &Digest)> = Vec::with_capacity(nodes.len());
    let mut i = 0;
    while i < nodes.len() {
        let (index, ref digest) = nodes[i];
        if index & 1 == 1 {
            pairs.push((index >> 1, default, digest));
            i += 1;
        } else if let Some((_, right)) = nodes.get(i + 1).filter(|(next, _)| *next == index + 1) {
            pairs.push((index >> 1, digest, right));
            i += 2;
        } else {
            pairs.push((index >> 1, digest, default));
            i += 1;
        }
    }
    pairs
        .par_iter()
        .with_min_len(256)
        .map(|&(parent, left, right)| (parent, compress_pair(left, right)))
        .collect()
}
