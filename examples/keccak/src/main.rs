//! Software Keccak-256 (the `sha3` crate, original Keccak padding) of a built-in deterministic buffer.
//!
//! Input (optional): the length in bytes as 4 little-endian bytes; default
//! 16 KiB.  The data is the xorshift32 stream (seed 0x2545_f491, each output
//! word as 4 little-endian bytes), generated in 4 KiB chunks, so any length
//! runs in constant memory.
//! Output: prints the hex digest, reveals the 32-byte digest.
#![no_std]
#![no_main]

use sha3::{Digest, Keccak256};
use trellis_guest::{print_str, println, read_exact, reveal};

trellis_guest::entry!(main);

const DEFAULT_LEN: u32 = 16 * 1024;

struct XorShift32(u32);

impl XorShift32 {
    fn fill(&mut self, buf: &mut [u8]) {
        for word in buf.chunks_mut(4) {
            let mut s = self.0;
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            self.0 = s;
            word.copy_from_slice(&s.to_le_bytes()[..word.len()]);
        }
    }
}

fn hex(bytes: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = DIGITS[(b >> 4) as usize];
        out[2 * i + 1] = DIGITS[(b & 15) as usize];
    }
    out
}

fn main() {
    let mut len_bytes = [0u8; 4];
    let len = match read_exact(&mut len_bytes) {
        0 => DEFAULT_LEN,
        4 => u32::from_le_bytes(len_bytes),
        k => panic!("input must be empty or a length as 4 little-endian bytes, got {k} bytes"),
    } as usize;

    let mut rng = XorShift32(0x2545_f491);
    let mut hasher = Keccak256::new();
    let mut chunk = [0u8; 4096];
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len());
        rng.fill(&mut chunk[..n]);
        hasher.update(&chunk[..n]);
        left -= n;
    }
    let digest: [u8; 32] = hasher.finalize().into();

    let hex = hex(&digest);
    println!("keccak256 of {len} bytes:");
    print_str(core::str::from_utf8(&hex).unwrap());
    println!();
    reveal(&digest);
}
