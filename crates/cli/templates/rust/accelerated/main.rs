//! {{name}}: a Trellis guest program that hashes with the crates everyone
//! uses, through their own APIs: `sha2` (SHA-256), `sha3` and
//! `tiny-keccak` (Keccak-256). Cargo.toml patches them with Trellis's
//! copies, so the same code runs SHA-256's compression and Keccak-f[1600]
//! on the VM's precompiles (one instruction each instead of thousands).
//!
//! Input: n as 4 little-endian bytes on stdin, the private input
//! (`trellis run ... --input-u32 N`, `Input::new().write_u32(n)` on the
//! host); 10 without input.
//! Builds the Merkle tree of n leaves twice, with SHA-256 and with
//! Keccak-256 (the latter once with `sha3` and once with `tiny-keccak`,
//! which must agree), prints both roots and reveals them as the public
//! output: 64 bytes, the SHA-256 root then the Keccak-256 root. Leaf i is
//! the hash of i as 4 little-endian bytes; a parent is the hash of its
//! children's concatenation; an odd node at the end of a level moves up
//! unchanged; no leaves hash to the hash of nothing.
use sha2::{Digest, Sha256};
use sha3::Keccak256;
use std::io::Read;
use tiny_keccak::{Hasher, Keccak};

type Hash = [u8; 32];

/// SHA-256 of the concatenation of `parts`, with `sha2`.
fn sha256(parts: &[&[u8]]) -> Hash {
    let mut hasher = Sha256::new();
    parts.iter().for_each(|part| hasher.update(part));
    hasher.finalize().into()
}

/// Keccak-256 of the concatenation of `parts`, with `sha3`.
fn keccak256_sha3(parts: &[&[u8]]) -> Hash {
    let mut hasher = Keccak256::new();
    parts.iter().for_each(|part| hasher.update(part));
    hasher.finalize().into()
}

/// Keccak-256 of the concatenation of `parts`, with `tiny-keccak`.
fn keccak256_tiny(parts: &[&[u8]]) -> Hash {
    let mut hasher = Keccak::v256();
    parts.iter().for_each(|part| hasher.update(part));
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    out
}

/// The root of the Merkle tree of `n` leaves hashed with `hash`.
fn merkle_root(n: u32, hash: fn(&[&[u8]]) -> Hash) -> Hash {
    let mut level: Vec<Hash> = (0..n).map(|i| hash(&[&i.to_le_bytes()])).collect();
    if level.is_empty() {
        return hash(&[]);
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => hash(&[left, right]),
                [odd] => *odd,
                _ => unreachable!(),
            })
            .collect();
    }
    level[0]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .expect("the private input reads");
    let n = match <[u8; 4]>::try_from(input.as_slice()) {
        Ok(bytes) => u32::from_le_bytes(bytes),
        Err(_) if input.is_empty() => 10,
        Err(_) => panic!(
            "input must be empty or n as 4 little-endian bytes, got {} bytes",
            input.len()
        ),
    };
    let sha256_root = merkle_root(n, sha256);
    let keccak256_root = merkle_root(n, keccak256_sha3);
    assert_eq!(
        keccak256_root,
        merkle_root(n, keccak256_tiny),
        "sha3 and tiny-keccak disagree"
    );
    println!("sha256 merkle root of {n} leaves: {}", hex(&sha256_root));
    println!(
        "keccak256 merkle root of {n} leaves: {}",
        hex(&keccak256_root)
    );
    trellis_guest::reveal(&sha256_root);
    trellis_guest::reveal(&keccak256_root);
}
