//! Sorts a deterministic pseudo-random array of u32 and checks the result.
//!
//! Input (optional): the number of values as 4 little-endian bytes; default
//! 10,000.  Values: the xorshift32 stream (seed 0x2545_f491).
//! Output: prints a checksum of the sorted array and reveals it (4
//! little-endian bytes).  Checksum: h = 0x811c_9dc5, then for each value x in
//! sorted order h = (h ^ x) * 0x0100_0193 (mod 2^32).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use trellis_guest::{println, read_exact, reveal_u32};

trellis_guest::entry!(main);

const DEFAULT_N: u32 = 10_000;

fn main() {
    let mut buf = [0u8; 4];
    let n = match read_exact(&mut buf) {
        0 => DEFAULT_N,
        4 => u32::from_le_bytes(buf),
        k => panic!("input must be empty or a count as 4 little-endian bytes, got {k} bytes"),
    } as usize;

    let mut s = 0x2545_f491u32;
    let mut values: Vec<u32> = (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s
        })
        .collect();

    values.sort_unstable();

    assert!(
        values.windows(2).all(|w| w[0] <= w[1]),
        "array is not sorted"
    );
    let checksum = values
        .iter()
        .fold(0x811c_9dc5u32, |h, &x| (h ^ x).wrapping_mul(0x0100_0193));
    println!("sorted {n} values, checksum = {checksum:#010x}");
    reveal_u32(checksum);
}
