//! Keccak-256 on the `keccakf` precompile (`trellis_guest::keccak`) of the
//! same built-in buffer as examples/keccak (the software version), so both
//! print and reveal the same digest: the pair the Keccak benchmark compares.
//!
//! Input (optional): the length in bytes as 4 little-endian bytes; default
//! 16 KiB.  The data is the xorshift32 stream (seed 0x2545_f491, each output
//! word as 4 little-endian bytes), generated in 4080-byte chunks, so any length
//! runs in constant memory.
//! Output: prints the hex digest, reveals the 32-byte digest.
#![no_std]
#![no_main]

use trellis_guest::keccak::Keccak256;
use trellis_guest::{print_str, println, read_exact, reveal};

trellis_guest::entry!(main);

const DEFAULT_LEN: u32 = 16 * 1024;

struct XorShift32(u32);

impl XorShift32 {
    fn next(&mut self) -> u32 {
        let mut s = self.0;
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        self.0 = s;
        s
    }
}

/// Words per chunk: 30 whole 136-byte blocks, so the hasher absorbs every
/// block straight from the word-aligned chunk (no buffering, word xors).
const CHUNK_WORDS: usize = 30 * 136 / 4;

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

    // The same byte stream as examples/keccak (each xorshift32 output as 4
    // little-endian bytes, a final partial word cut short), generated a
    // word at a time into an aligned buffer: examples/keccak's per-word
    // variable-length copy costs more cycles than the precompiled hash.
    let mut rng = XorShift32(0x2545_f491);
    let mut hasher = Keccak256::new();
    let mut chunk = [0u32; CHUNK_WORDS];
    let mut left = len;
    while left > 0 {
        let n = left.min(4 * CHUNK_WORDS);
        for word in &mut chunk[..n.div_ceil(4)] {
            *word = rng.next();
        }
        // SAFETY: `n` bytes of initialized words; bytes need no alignment,
        // and the target is little-endian like the stream.
        let bytes = unsafe { core::slice::from_raw_parts(chunk.as_ptr() as *const u8, n) };
        hasher.update(bytes);
        left -= n;
    }
    let digest: [u8; 32] = hasher.finalize();

    let hex = hex(&digest);
    println!("keccak256 of {len} bytes:");
    print_str(core::str::from_utf8(&hex).unwrap());
    println!();
    reveal(&digest);
}
