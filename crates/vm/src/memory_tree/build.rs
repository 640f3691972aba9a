//! Building a tree from a machine state: hash the nonzero blocks of the
//! registers and of every allocated page (pages in parallel), then each
//! level's parents from the sorted nodes below (in parallel per level).

use super::batch::{Input, compress_all, compress_into, concat};
use super::nodes::NodeMap;
use super::{BLOCK_BYTES, LEAF_LEVEL, MEMORY_LEAF_BASE, MemoryTree, leaf_limbs};
use crate::circuit::buses::BLOCK_WORDS;
use crate::circuit::hash::Digest;
use crate::memory::{GuestMemory, PAGE_SIZE};
use rayon::prelude::*;

impl MemoryTree {
    /// The tree of a machine state: registers x0..x31 and main memory.
    /// Only allocated pages are read, and only nonzero blocks hashed.
    pub fn new(registers: &[u32; 32], memory: &GuestMemory) -> Self {
        let register_blocks = registers
            .chunks_exact(BLOCK_WORDS)
            .enumerate()
            .map(|(b, words)| {
                let words: [u32; BLOCK_WORDS] = core::array::from_fn(|w| words[w]);
                (b as u32, words)
            });
        let mut leaves = hash_nonzero(register_blocks);
        let pages: Vec<(u32, &[u8; PAGE_SIZE])> = memory.pages().collect();
        let memory_leaves: Vec<(u32, Digest)> = pages
            .par_iter()
            .flat_map_iter(|&(base, bytes)| {
                let first = MEMORY_LEAF_BASE + base / BLOCK_BYTES;
                hash_nonzero(bytes.chunks_exact(BLOCK_BYTES as usize).enumerate().map(
                    move |(k, block)| {
                        let words: [u32; BLOCK_WORDS] = core::array::from_fn(|w| {
                            u32::from_le_bytes(core::array::from_fn(|i| block[4 * w + i]))
                        });
                        (first + k as u32, words)
                    },
                ))
            })
            .collect();
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

/// `(index, digest)` of every block that is not all zero (the default
/// leaf), hashed on this thread.
fn hash_nonzero(blocks: impl Iterator<Item = (u32, [u32; BLOCK_WORDS])>) -> Vec<(u32, Digest)> {
    let (indices, inputs): (Vec<u32>, Vec<Input>) = blocks
        .filter(|(_, words)| words.iter().any(|&w| w != 0))
        .map(|(index, words)| (index, leaf_limbs(&words)))
        .unzip();
    let mut digests = vec![Digest::default(); inputs.len()];
    compress_into(&inputs, &mut digests);
    indices.into_iter().zip(digests).collect()
}

/// The parents of `nodes` (sorted by index, unique) with their digests,
/// sorted; a missing sibling has digest `default`.
fn parents(nodes: &[(u32, Digest)], default: &Digest) -> Vec<(u32, Digest)> {
    let mut indices: Vec<u32> = Vec::with_capacity(nodes.len());
    let mut inputs: Vec<Input> = Vec::with_capacity(nodes.len());
    let mut i = 0;
    while i < nodes.len() {
        let (index, ref digest) = nodes[i];
        indices.push(index >> 1);
        if index & 1 == 1 {
            inputs.push(concat(default, digest));
            i += 1;
        } else if let Some((_, right)) = nodes.get(i + 1).filter(|(next, _)| *next == index + 1) {
            inputs.push(concat(digest, right));
            i += 2;
        } else {
            inputs.push(concat(digest, default));
            i += 1;
        }
    }
    indices.into_iter().zip(compress_all(&inputs)).collect()
}
