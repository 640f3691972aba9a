//! SHA-256 of the whole private input.
//!
//! Input: any bytes (read with `read_to_end`).
//! Output: prints the hex digest, reveals the 32-byte digest.
#![no_std]
#![no_main]

use sha2::{Digest, Sha256};
use trellis_guest::{print_str, println, read_to_end, reveal};

trellis_guest::entry!(main);

fn main() {
    let input = read_to_end();
    let digest: [u8; 32] = Sha256::digest(&input).into();

    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0u8; 64];
    for (i, b) in digest.iter().enumerate() {
        hex[2 * i] = DIGITS[(b >> 4) as usize];
        hex[2 * i + 1] = DIGITS[(b & 15) as usize];
    }
    println!("sha256 of {} input bytes:", input.len());
    print_str(core::str::from_utf8(&hex).unwrap());
    println!();
    reveal(&digest);
}
