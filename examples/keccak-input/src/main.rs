//! Keccak-256 of the whole private input on the `keccakf` precompile, one
//! shot and incrementally.
//!
//! Input: any bytes (read with `read_to_end`).
//! Output: reveals 64 bytes: `keccak256(input)`, then the digest of the
//! same bytes fed to `Keccak256::update` in chunks of 1, 7, 136, 135, 0,
//! 300 and 64 bytes (repeating), starting at an odd address.
#![no_std]
#![no_main]

use trellis_guest::keccak::{Keccak256, keccak256};
use trellis_guest::{println, read_to_end, reveal};

trellis_guest::entry!(main);

const CHUNKS: [usize; 7] = [1, 7, 136, 135, 0, 300, 64];

fn main() {
    let input = read_to_end();
    let one_shot = keccak256(&input);

    let mut hasher = Keccak256::new();
    let mut rest = &input[..];
    for &n in CHUNKS.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let n = n.min(rest.len());
        hasher.update(&rest[..n]);
        rest = &rest[n..];
    }
    let incremental = hasher.finalize();

    println!("keccak256 of {} input bytes", input.len());
    reveal(&one_shot);
    reveal(&incremental);
}
