//! A segment's update of the tree and the `merkle` chip's rows it yields.

use super::batch::{Input, compress_all, concat};
use super::{LEAF_COUNT, LEAF_LEVEL, MemoryTree, MemoryTreeError, leaf_limbs};
use crate::circuit::buses::BLOCK_WORDS;
use crate::circuit::hash::Digest;
use rayon::prelude::*;

/// One inner node on the paths from a segment's listed leaves to the root:
/// its two children and itself, at the start and at the end of the segment.
/// `parent_init = compress(left_init ‖ right_init)`, and likewise for the
/// finals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MerkleRow {
    /// Level of the node (0 = root, 24 = parents of leaves).
    pub level: u32,
    /// Index of the node within its level (`< 2^level`).
    pub index: u32,
    /// Left child `(level + 1, 2·index)` at the start.
    pub left_init: Digest,
    /// Left child at the end.
    pub left_final: Digest,
    /// Right child `(level + 1, 2·index + 1)` at the start.
    pub right_init: Digest,
    /// Right child at the end.
    pub right_final: Digest,
    /// The node at the start.
    pub parent_init: Digest,
    /// The node at the end.
    pub parent_final: Digest,
    /// The left child is a listed leaf or an inner node with its own row.
    pub left_touched: bool,
    /// The right child is a listed leaf or an inner node with its own row.
    pub right_touched: bool,
}

/// What [`MemoryTree::apply_segment`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentUpdate {
    /// The root before the segment.
    pub initial_root: Digest,
    /// The root after it.
    pub final_root: Digest,
    /// One row per inner node on the union of the listed leaves' paths to
    /// the root, deepest level first, by index within a level. Empty if no
    /// leaf was listed.
    pub rows: Vec<MerkleRow>,
}

/// A node whose row (or listed leaf) exists: its digests before and after.
#[derive(Clone, Copy, Debug)]
struct Touched {
    index: u32,
    init: Digest,
    fin: Digest,
}

impl MemoryTree {
    /// Updates the tree with a segment's final blocks and returns the rows
    /// of the `merkle` chip that prove the update.
    ///
    /// `blocks` lists `(leaf index, final words)` for every leaf the
    /// segment's boundary lists, changed or not, strictly increasing by
    /// leaf index (see [`super::leaf_index`]). On an error the tree is left
    /// unchanged.
    pub fn apply_segment(
        &mut self,
        blocks: &[(u32, [u32; BLOCK_WORDS])],
    ) -> Result<SegmentUpdate, MemoryTreeError> {
        check_leaves(blocks)?;
        let initial_root = self.root();
        let limbs: Vec<Input> = blocks.iter().map(|(_, words)| leaf_limbs(words)).collect();
        let mut touched: Vec<Touched> = blocks
            .iter()
            .zip(compress_all(&limbs))
            .map(|(&(index, _), fin)| Touched {
                index,
                init: self.node(LEAF_LEVEL, index),
                fin,
            })
            .collect();
        let mut rows = Vec::new();
        for level in (1..=LEAF_LEVEL).rev() {
            for node in &touched {
                self.set(level, node.index, node.fin);
            }
            let level_rows = self.parent_rows(level, &touched);
            touched = level_rows
                .iter()
                .map(|row| Touched {
                    index: row.index,
                    init: row.parent_init,
                    fin: row.parent_final,
                })
                .collect();
            rows.extend(level_rows);
        }
        for node in &touched {
            self.set(0, node.index, node.fin);
        }
        Ok(SegmentUpdate {
            initial_root,
            final_root: self.root(),
            rows,
        })
    }

    /// The rows of the parents (at `level - 1`) of `touched` (nodes of
    /// `level`, sorted, whose finals are already stored). Untouched
    /// siblings and the parents' initial digests come from the tree.
    fn parent_rows(&self, level: usize, touched: &[Touched]) -> Vec<MerkleRow> {
        let mut groups: Vec<(u32, Option<&Touched>, Option<&Touched>)> =
            Vec::with_capacity(touched.len());
        let mut i = 0;
        while i < touched.len() {
            let node = &touched[i];
            let parent = node.index >> 1;
            if node.index & 1 == 1 {
                groups.push((parent, None, Some(node)));
                i += 1;
            } else if let Some(right) = touched.get(i + 1).filter(|r| r.index == node.index + 1) {
                groups.push((parent, Some(node), Some(right)));
                i += 2;
            } else {
                groups.push((parent, Some(node), None));
                i += 1;
            }
        }
        let mut rows: Vec<MerkleRow> = groups
            .par_iter()
            .with_min_len(64)
            .map(|&(parent, left, right)| {
                let side = |child: Option<&Touched>, index: u32| match child {
                    Some(t) => (t.init, t.fin),
                    None => {
                        let digest = self.node(level, index);
                        (digest, digest)
                    }
                };
                let (left_init, left_final) = side(left, 2 * parent);
                let (right_init, right_final) = side(right, 2 * parent + 1);
                // The final digest is filled below; unchanged nodes keep it.
                let parent_init = self.node(level - 1, parent);
                MerkleRow {
                    level: (level - 1) as u32,
                    index: parent,
                    left_init,
                    left_final,
                    right_init,
                    right_final,
                    parent_init,
                    parent_final: parent_init,
                    left_touched: left.is_some(),
                    right_touched: right.is_some(),
                }
            })
            .collect();
        let changed: Vec<usize> = (0..rows.len())
            .filter(|&r| {
                let row = &rows[r];
                row.left_init != row.left_final || row.right_init != row.right_final
            })
            .collect();
        let inputs: Vec<Input> = changed
            .iter()
            .map(|&r| concat(&rows[r].left_final, &rows[r].right_final))
            .collect();
        for (r, digest) in changed.into_iter().zip(compress_all(&inputs)) {
            rows[r].parent_final = digest;
        }
        rows
    }
}

/// Leaf indices must be in the tree and strictly increasing.
fn check_leaves(blocks: &[(u32, [u32; BLOCK_WORDS])]) -> Result<(), MemoryTreeError> {
    let mut previous: Option<u32> = None;
    for &(index, _) in blocks {
        if index >= LEAF_COUNT {
            return Err(MemoryTreeError::LeafOutOfRange { index });
        }
        if let Some(previous) = previous.filter(|&p| p >= index) {
            return Err(MemoryTreeError::NotSorted { previous, index });
        }
        previous = Some(index);
    }
    Ok(())
}
