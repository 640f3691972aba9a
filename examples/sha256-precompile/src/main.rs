//! SHA-256 with the `sha256compress` precompile, or in software (`sha2`)
//! in the same guest, for tests and the precompile benchmark.
//!
//! Input: one mode byte, then
//! * mode 0: the message (the rest of the input): hashed with the
//!   precompile, once in one call and once incrementally in chunks of
//!   1, 2, .., 97 bytes (the two must agree);
//! * mode 1: the message, hashed with `sha2` in software;
//! * mode 2: a length in bytes (u32 LE): the xorshift32 data of
//!   `examples/sha256` (seed 0x2545_f491), hashed with the precompile;
//! * mode 3: the same, hashed with `sha2`.
//!
//! Output: reveals the 32-byte digest.
#![no_std]
#![no_main]

use sha2::Digest;
use trellis_guest::sha256::{Sha256, sha256};
use trellis_guest::{read_exact, read_to_end, reveal};

trellis_guest::entry!(main);

/// Bytes generated per chunk of xorshift data.
const CHUNK_WORDS: usize = 1024;

fn xorshift_digest(len: usize, mut absorb: impl FnMut(&[u8])) {
    let mut s = 0x2545_f491u32;
    let mut words = [0u32; CHUNK_WORDS];
    let mut left = len;
    while left > 0 {
        let n = left.min(4 * CHUNK_WORDS);
        for w in words.iter_mut().take(n.div_ceil(4)) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            *w = s.to_le();
        }
        // SAFETY: the words are plain bytes, read as such.
        let bytes = unsafe { core::slice::from_raw_parts(words.as_ptr() as *const u8, n) };
        absorb(bytes);
        left -= n;
    }
}

fn main() {
    let mut mode = [0u8; 1];
    assert_eq!(
        read_exact(&mut mode),
        1,
        "input must start with a mode byte"
    );
    let digest: [u8; 32] = match mode[0] {
        0 => {
            let data = read_to_end();
            let one_shot = sha256(&data);
            let mut hasher = Sha256::new();
            let (mut at, mut step) = (0, 1);
            while at < data.len() {
                let end = (at + step).min(data.len());
                hasher.update(&data[at..end]);
                at = end;
                step = step % 97 + 1;
            }
            assert_eq!(hasher.finalize(), one_shot, "incremental digest differs");
            one_shot
        }
        1 => sha2::Sha256::digest(read_to_end()).into(),
        2 | 3 => {
            let mut len = [0u8; 4];
            assert_eq!(read_exact(&mut len), 4, "mode 2/3 take a u32 length");
            let len = u32::from_le_bytes(len) as usize;
            if mode[0] == 2 {
                let mut hasher = Sha256::new();
                xorshift_digest(len, |b| hasher.update(b));
                hasher.finalize()
            } else {
                let mut hasher = sha2::Sha256::new();
                xorshift_digest(len, |b| hasher.update(b));
                hasher.finalize().into()
            }
        }
        m => panic!("unknown mode {m}"),
    };
    reveal(&digest);
}
