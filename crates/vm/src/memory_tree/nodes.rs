//! Storage of one tree level: node index → digest, in a hash map keyed by
//! a cheap multiplicative hash (indices are not attacker-chosen in a way
//! that matters: the worst case is slower hashing, never a wrong digest).

use crate::circuit::hash::Digest;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Node index → digest of one level.
pub(super) type NodeMap = HashMap<u32, Digest, BuildHasherDefault<IndexHasher>>;

/// Fibonacci hashing of a `u32` key: one multiplication, its high half
/// folded into the low half (the map picks buckets by the low bits, so
/// strided indices still spread).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct IndexHasher(u64);

impl Hasher for IndexHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, key: u32) {
        self.0 = (self.0 ^ u64::from(key)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}
