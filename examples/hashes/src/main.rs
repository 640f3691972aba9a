//! Hashing with the crates everyone uses, through their upstream APIs:
//! `sha2::Sha256`, `sha3::Keccak256` and `tiny_keccak::Keccak` (v256).
//! Nothing here names Trellis's precompiles: `examples/hashes-accel` builds
//! this same source with the three crates patched (guest/patches/sha2,
//! keccak, tiny-keccak), which moves the compression and the permutation
//! onto the `sha256compress` and `keccakf` instructions.
//!
//! Input: a mode byte, then
//! * 0, digests: messages to the end of the input, each a u32 LE length
//!   and that many bytes. Each message goes to each hasher in two
//!   `update`s (split after a third of it); the guest reveals, per
//!   message, SHA-256 (`sha2`), Keccak-256 (`sha3`) and Keccak-256
//!   (`tiny-keccak`): 96 bytes (so at most 10 messages: the public output
//!   holds 1,024 bytes).
//! * 1, Merkle paths: count (u32 LE), depth (u32 LE), then `count`
//!   records: a leaf (32 bytes), its index (u32 LE), `depth` siblings
//!   (32 bytes each, leaf level first) and two expected roots: of the
//!   SHA-256 tree (`sha2`) and of the Keccak-256 tree (`tiny-keccak`).
//!   A parent is `H(left || right)`; bit `i` of the index says whether
//!   the node at level `i` is a right child. The guest recomputes both
//!   roots and reveals one byte per record: bit 0 set iff the SHA-256 root
//!   matches, bit 1 iff the Keccak-256 root does.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use sha2::{Digest, Sha256};
use sha3::Keccak256;
use tiny_keccak::{Hasher, Keccak};
use trellis_guest::{println, read_to_end, reveal};

trellis_guest::entry!(main);

/// A 32-byte digest.
type Hash = [u8; 32];

fn main() {
    let input = read_to_end();
    let Some((&mode, rest)) = input.split_first() else {
        panic!("input: a mode byte (0 digests, 1 Merkle paths) first");
    };
    match mode {
        0 => digests(rest),
        1 => merkle_paths(rest),
        _ => panic!("unknown mode {mode}"),
    }
}

/// Splits `n` bytes off the front of `input`.
fn take<'a>(input: &mut &'a [u8], n: usize) -> &'a [u8] {
    assert!(input.len() >= n, "input ends early");
    let (head, tail) = input.split_at(n);
    *input = tail;
    head
}

fn take_u32(input: &mut &[u8]) -> u32 {
    u32::from_le_bytes(take(input, 4).try_into().unwrap())
}

/// Mode 0: the three digests of each message.
fn digests(mut input: &[u8]) {
    let mut out = Vec::new();
    let (mut messages, mut bytes) = (0, 0);
    while !input.is_empty() {
        let len = take_u32(&mut input) as usize;
        let message = take(&mut input, len);
        let (a, b) = message.split_at(len / 3);

        let mut sha256 = Sha256::new();
        sha256.update(a);
        sha256.update(b);
        out.extend_from_slice(&sha256.finalize());

        let mut keccak = Keccak256::new();
        keccak.update(a);
        keccak.update(b);
        out.extend_from_slice(&keccak.finalize());

        let mut tiny = Keccak::v256();
        tiny.update(a);
        tiny.update(b);
        let mut digest = [0u8; 32];
        tiny.finalize(&mut digest);
        out.extend_from_slice(&digest);

        messages += 1;
        bytes += len;
    }
    println!("hashed {messages} messages ({bytes} bytes) with sha2, sha3 and tiny-keccak");
    reveal(&out);
}

/// `H(left || right)` with `sha2`.
fn sha256_node(left: &Hash, right: &Hash) -> Hash {
    let mut both = [0u8; 64];
    both[..32].copy_from_slice(left);
    both[32..].copy_from_slice(right);
    Sha256::digest(both).into()
}

/// `H(left || right)` with `tiny-keccak`.
fn keccak_node(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Keccak::v256();
    hasher.update(left);
    hasher.update(right);
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    out
}

/// The root of the path from `leaf` at `index` through `siblings`.
fn root(leaf: &Hash, index: u32, siblings: &[Hash], node: fn(&Hash, &Hash) -> Hash) -> Hash {
    let mut at = *leaf;
    for (level, sibling) in siblings.iter().enumerate() {
        at = if index >> level & 1 == 0 {
            node(&at, sibling)
        } else {
            node(sibling, &at)
        };
    }
    at
}

fn hash(bytes: &[u8]) -> Hash {
    bytes.try_into().unwrap()
}

/// Mode 1: checks Merkle paths against both expected roots.
fn merkle_paths(mut input: &[u8]) {
    let count = take_u32(&mut input);
    let depth = take_u32(&mut input) as usize;
    let mut verdicts = Vec::new();
    let mut valid = 0;
    for _ in 0..count {
        let leaf = hash(take(&mut input, 32));
        let index = take_u32(&mut input);
        let siblings: Vec<Hash> = take(&mut input, 32 * depth)
            .chunks_exact(32)
            .map(hash)
            .collect();
        let sha256_root = hash(take(&mut input, 32));
        let keccak_root = hash(take(&mut input, 32));
        let sha256_ok = root(&leaf, index, &siblings, sha256_node) == sha256_root;
        let keccak_ok = root(&leaf, index, &siblings, keccak_node) == keccak_root;
        verdicts.push(u8::from(sha256_ok) | u8::from(keccak_ok) << 1);
        valid += usize::from(sha256_ok && keccak_ok);
    }
    println!("checked {count} Merkle paths of depth {depth}: {valid} valid in both trees");
    reveal(&verdicts);
}
