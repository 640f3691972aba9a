//! The memory Merkle tree: a Poseidon2 commitment to the whole machine
//! memory (registers and main memory), kept natively and sparsely, that
//! joins segments of a run (continuations).
//!
//! # Shape
//!
//! A binary tree of depth [`MEMORY_TREE_DEPTH`] (25). A leaf is a block of
//! [`BLOCK_WORDS`] (8) words, at level 25, index `as_bit · 2^24 + block`:
//! `as_bit` is 0 for registers (address space 1: x0..x31 are the words at
//! pointers 0..124, so blocks 0..3) and 1 for main memory (address space 2,
//! `block = pointer / 32`). The root is node `(0, 0)`; node `(level, index)`
//! has children `(level + 1, 2·index)` and `(level + 1, 2·index + 1)`.
//!
//! * leaf digest: [`poseidon2_compress`] of the block's 16 limbs, each word
//!   in address order as `[w & 0xffff, w >> 16]` ([`leaf_digest`]);
//! * inner digest: [`compress_pair`]`(left, right)`.
//!
//! Memory never written is zero, so every untouched subtree has a fixed
//! digest per level ([`MemoryTree::default_digest`]). The tree stores only
//! nodes whose digest differs from that default.
//!
//! # Segments
//!
//! [`MemoryTree::apply_segment`] takes the final contents of the blocks a
//! segment's boundary lists, updates the tree and returns one [`MerkleRow`]
//! per inner node on their paths to the root: the rows of the `merkle`
//! chip (`system_chips::merkle`), which proves the initial root opens to the
//! listed blocks' initial contents and the final root to their final ones.

mod batch;
mod build;
mod nodes;
mod segment;

#[cfg(test)]
mod tests;

pub use segment::{MerkleRow, SegmentUpdate};

use crate::circuit::buses::{BLOCK_WORDS, MEMORY_TREE_DEPTH};
use crate::circuit::hash::{Digest, POSEIDON2_WIDTH, compress_pair, poseidon2_compress};
use crate::memory::MEMORY_LIMIT;
use nodes::NodeMap;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};
use trellis_stark::{PrimeCharacteristicRing, Val};

/// Level of the leaves ([`MEMORY_TREE_DEPTH`] as an index).
pub const LEAF_LEVEL: usize = MEMORY_TREE_DEPTH as usize;
/// Number of leaves: indices `0..LEAF_COUNT`.
pub const LEAF_COUNT: u32 = 1 << MEMORY_TREE_DEPTH;
/// Bytes per leaf block.
pub const BLOCK_BYTES: u32 = (BLOCK_WORDS * 4) as u32;
/// Leaf index of the first main-memory block (`as_bit = 1`).
pub const MEMORY_LEAF_BASE: u32 = 1 << (MEMORY_TREE_DEPTH - 1);
/// What [`leaf_index`] returns for a word outside the tree (an index no
/// leaf has; [`MemoryTree::apply_segment`] rejects it).
pub const NO_LEAF: u32 = u32::MAX;

/// Why a segment update was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryTreeError {
    /// A listed leaf index is not below [`LEAF_COUNT`].
    #[error("leaf index {index:#x} is outside the memory tree (below {LEAF_COUNT:#x})")]
    LeafOutOfRange {
        /// The index.
        index: u32,
    },
    /// The listed leaves are not strictly increasing.
    #[error("leaf {index:#x} listed after leaf {previous:#x}: leaves must be sorted and unique")]
    NotSorted {
        /// The leaf before it.
        previous: u32,
        /// The leaf out of order.
        index: u32,
    },
}

/// The digest of a leaf holding `words` (in address order): the compression
/// of their 16-bit limbs `[w0 & 0xffff, w0 >> 16, w1 & 0xffff, ...]`.
pub fn leaf_digest(words: &[u32; BLOCK_WORDS]) -> Digest {
    poseidon2_compress(leaf_limbs(words))
}

/// The 16 limbs of a block, the input of its leaf digest.
pub fn leaf_limbs(words: &[u32; BLOCK_WORDS]) -> [Val; POSEIDON2_WIDTH] {
    let mut limbs = [Val::ZERO; POSEIDON2_WIDTH];
    for (pair, &word) in limbs.chunks_exact_mut(2).zip(words) {
        pair[0] = Val::from_u32(word & 0xffff);
        pair[1] = Val::from_u32(word >> 16);
    }
    limbs
}

/// The leaf holding word `pointer` of `address_space`: `pointer / 32` for
/// registers (address space 1), `2^24 + pointer / 32` for main memory
/// (address space 2). Any other address space, or a pointer at or beyond
/// `MEMORY_LIMIT` (2^29), gives [`NO_LEAF`].
pub fn leaf_index(address_space: u32, pointer: u32) -> u32 {
    if pointer >= MEMORY_LIMIT {
        return NO_LEAF;
    }
    let block = pointer / BLOCK_BYTES;
    match address_space {
        AS_REGISTER => block,
        AS_MEMORY => MEMORY_LEAF_BASE + block,
        _ => NO_LEAF,
    }
}

/// The digests of untouched subtrees, by level: `[25]` is the leaf of
/// eight zero words, `[l]` the compression of two copies of `[l + 1]`.
fn default_digests() -> [Digest; LEAF_LEVEL + 1] {
    let mut defaults = [[Val::ZERO; 8]; LEAF_LEVEL + 1];
    defaults[LEAF_LEVEL] = leaf_digest(&[0; BLOCK_WORDS]);
    for level in (0..LEAF_LEVEL).rev() {
        defaults[level] = compress_pair(&defaults[level + 1], &defaults[level + 1]);
    }
    defaults
}

/// A sparse memory Merkle tree.
#[derive(Clone)]
pub struct MemoryTree {
    /// Digests that differ from the default, by level (0 = root) and index.
    levels: Vec<NodeMap>,
    /// [`default_digests`].
    defaults: [Digest; LEAF_LEVEL + 1],
}

impl std::fmt::Debug for MemoryTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryTree")
            .field("root", &self.root())
            .field("stored_nodes", &self.stored_nodes())
            .finish()
    }
}

impl Default for MemoryTree {
    fn default() -> Self {
        Self::empty()
    }
}

impl MemoryTree {
    /// The tree of all-zero registers and memory.
    pub fn empty() -> Self {
        Self {
            levels: vec![NodeMap::default(); LEAF_LEVEL + 1],
            defaults: default_digests(),
        }
    }

    /// The digest of an untouched (all-zero) subtree rooted at `level`
    /// (`level <= 25`; deeper levels give the leaf's default).
    pub fn default_digest(&self, level: usize) -> Digest {
        self.defaults[level.min(LEAF_LEVEL)]
    }

    /// The root digest, node `(0, 0)`.
    pub fn root(&self) -> Digest {
        self.node(0, 0)
    }

    /// The digest of node `(level, index)`; the default digest of `level`
    /// for nodes outside the tree or never written.
    pub fn node(&self, level: usize, index: u32) -> Digest {
        match self.levels.get(level) {
            Some(map) => map.get(&index).copied().unwrap_or(self.defaults[level]),
            None => self.defaults[LEAF_LEVEL],
        }
    }

    /// How many nodes the tree stores (those that differ from the default).
    pub fn stored_nodes(&self) -> usize {
        self.levels.iter().map(NodeMap::len).sum()
    }

    /// Stores `digest` at `(level, index)`, or forgets the node if the
    /// digest is the level's default.
    fn set(&mut self, level: usize, index: u32, digest: Digest) {
        if digest == self.defaults[level] {
            self.levels[level].remove(&index);
        } else {
            self.levels[level].insert(index, digest);
        }
    }
}
