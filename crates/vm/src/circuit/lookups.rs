//! Multiplicity counters for the shared lookup tables, filled concurrently by
//! the chips' trace generators and read by the table chips.

use super::buses::{RANGE_MAX_BITS, TIMESTAMP_HIGH_BITS, TIMESTAMP_LOW_BITS};
use super::hash::{Digest, POSEIDON2_WIDTH, poseidon2_compress};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use trellis_stark::{PrimeField32, Val};

/// Rows of the range table: every `(x, bits)` with `x < 2^bits`, `bits <= 16`, plus one padding row.
pub const RANGE_TABLE_ROWS: usize = 1 << (RANGE_MAX_BITS + 1);

/// Row of `(x, bits)` in the range table.
pub fn range_row(x: u32, bits: u32) -> usize {
    debug_assert!(bits <= RANGE_MAX_BITS && (x as u64) < (1u64 << bits));
    (1usize << bits) - 1 + x as usize
}

/// How often each table entry is looked up.
pub struct LookupCounters {
    range: Vec<AtomicU32>,
    /// `[x * 256 + y]` for byte-pair range checks.
    byte_pairs: Vec<AtomicU32>,
    /// `[x * 256 + y]` for xors.
    xors: Vec<AtomicU32>,
    /// Every input compressed on the poseidon2 bus, in arrival order.
    poseidon2: Mutex<Vec<[Val; POSEIDON2_WIDTH]>>,
}

impl Default for LookupCounters {
    fn default() -> Self {
        Self::new()
    }
}

impl LookupCounters {
    /// All counts zero.
    pub fn new() -> Self {
        let zeros = |n: usize| (0..n).map(|_| AtomicU32::new(0)).collect();
        Self {
            range: zeros(RANGE_TABLE_ROWS),
            byte_pairs: zeros(1 << 16),
            xors: zeros(1 << 16),
            poseidon2: Mutex::new(Vec::new()),
        }
    }

    /// Records a lookup of `(x, bits)` on the range bus. Panics if `x >= 2^bits`
    /// (a trace generator bug, never guest-controlled).
    pub fn range(&self, x: u32, bits: u32) {
        assert!(
            bits <= RANGE_MAX_BITS && (x as u64) < (1u64 << bits),
            "range lookup ({x}, {bits})"
        );
        self.range[range_row(x, bits)].fetch_add(1, Ordering::Relaxed);
    }

    /// Records the two range lookups of a timestamp difference `timestamp - prev - 1`
    /// and returns its (low, high) limbs.
    pub fn timestamp_gap(&self, prev: u32, timestamp: u32) -> (u32, u32) {
        assert!(
            prev < timestamp,
            "timestamps must increase: {prev} -> {timestamp}"
        );
        let gap = timestamp - prev - 1;
        let (lo, hi) = (
            gap & ((1 << TIMESTAMP_LOW_BITS) - 1),
            gap >> TIMESTAMP_LOW_BITS,
        );
        self.range(lo, TIMESTAMP_LOW_BITS);
        self.range(hi, TIMESTAMP_HIGH_BITS);
        (lo, hi)
    }

    /// Records a byte-pair range check.
    pub fn byte_pair(&self, x: u32, y: u32) {
        assert!(x < 256 && y < 256, "byte pair ({x}, {y})");
        self.byte_pairs[(x * 256 + y) as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Records an xor lookup and returns `x ^ y`.
    pub fn xor(&self, x: u32, y: u32) -> u32 {
        assert!(x < 256 && y < 256, "xor ({x}, {y})");
        self.xors[(x * 256 + y) as usize].fetch_add(1, Ordering::Relaxed);
        x ^ y
    }

    /// Range-table multiplicities, by row.
    pub fn range_counts(&self) -> Vec<u32> {
        self.range
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect()
    }

    /// Byte-pair and xor multiplicities, by `x * 256 + y`.
    pub fn bitwise_counts(&self) -> (Vec<u32>, Vec<u32>) {
        let load = |v: &[AtomicU32]| v.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        (load(&self.byte_pairs), load(&self.xors))
    }

    /// Records a lookup of `(input, compress(input))` on the poseidon2 bus
    /// and returns the compression (the first 8 elements of the permutation).
    pub fn poseidon2(&self, input: [Val; POSEIDON2_WIDTH]) -> Digest {
        let digest = poseidon2_compress(input);
        // A poisoned lock only means another thread panicked mid-push; the log is still a Vec.
        self.poseidon2
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(input);
        digest
    }

    /// Every input recorded by [`Self::poseidon2`], duplicates kept, sorted
    /// by canonical value (so the order does not depend on thread timing).
    pub fn poseidon2_requests(&self) -> Vec<[Val; POSEIDON2_WIDTH]> {
        let mut requests = self
            .poseidon2
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        requests.sort_unstable_by_key(|input| input.map(|x| x.as_canonical_u32()));
        requests
    }
}
