//! The memory blocks a segment touched: what its boundary proves.

use crate::circuit::buses::BLOCK_WORDS;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};

/// Bytes per block (one leaf of the memory Merkle tree).
pub const BLOCK_BYTES: u32 = 4 * BLOCK_WORDS as u32;

/// One 8-word block of registers or main memory that a segment touched
/// (any word accessed), with every word's value at the start and the end
/// of the segment and the timestamp of its last access (0: not accessed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockRecord {
    /// Address space ([`AS_REGISTER`] or [`AS_MEMORY`]).
    pub address_space: u32,
    /// Block number: byte address / 32.
    pub block: u32,
    /// Words at the start of the segment.
    pub initial: [u32; BLOCK_WORDS],
    /// Words at the end of the segment.
    pub final_words: [u32; BLOCK_WORDS],
    /// Last access of each word in the segment (0: not accessed).
    pub final_timestamps: [u32; BLOCK_WORDS],
}

impl BlockRecord {
    /// The block's leaf index in the memory Merkle tree.
    pub fn leaf(&self) -> u32 {
        let as_bit = u32::from(self.address_space == AS_MEMORY);
        (as_bit << 24) | self.block
    }
}

/// Blocks of the register file (always part of a segment's boundary).
pub const REGISTER_BLOCKS: u32 = 32 / BLOCK_WORDS as u32;

/// The register blocks, from the registers at the start and end of a
/// segment and each register's last access.
pub fn register_blocks(
    initial: &[u32; 32],
    final_registers: &[u32; 32],
    timestamps: &[u32; 32],
) -> Vec<BlockRecord> {
    (0..REGISTER_BLOCKS as usize)
        .map(|b| {
            let words = b * BLOCK_WORDS..(b + 1) * BLOCK_WORDS;
            BlockRecord {
                address_space: AS_REGISTER,
                block: b as u32,
                initial: initial[words.clone()].try_into().expect("8 words"),
                final_words: final_registers[words.clone()].try_into().expect("8 words"),
                final_timestamps: timestamps[words].try_into().expect("8 words"),
            }
        })
        .collect()
}
