//! Ed25519 signature verification with `ed25519-dalek` 2.x, in software: the
//! kind of guest a user writes first (upstream crates, `no_std`, the
//! default "fast" precomputed basepoint tables).
//!
//! Input (optional): n as 4 little-endian bytes; default 1.
//! * n < 2^30: verifies n signatures from [`SIGNATURES`] (entry i % 4 for
//!   the i-th) with the public key [`PUBLIC_KEY`]; entry 3 is checked
//!   against a tampered message (the last byte of its message flipped) and
//!   must fail. Prints and reveals the count of valid signatures (u32 LE):
//!   n - n / 4.
//! * n = 2^31 + k: signs messages 0..k with the key derived from the seed
//!   and prints the public key and the signatures in hex (this is how the
//!   tables below were made); reveals k.
//! * n = 2^30 + k: records mode. k records follow, each a public key
//!   (32 bytes, compressed Edwards y), a message (32 bytes) and a signature
//!   R || s (64 bytes), any bytes; the guest checks each with
//!   `VerifyingKey::verify` and with `VerifyingKey::verify_strict` (a key
//!   that does not decompress counts as invalid for both) and reveals two
//!   bitmaps of ceil(k / 8) bytes each, first `verify`'s then
//!   `verify_strict`'s: bit i % 8 of byte i / 8 set iff record i verified.
//!   The SDK test `ed25519_accel` compares them with the host's
//!   `ed25519-dalek`.
//!
//! The same source builds `examples/ed25519-accel`, whose workspace patches
//! `curve25519-dalek` with `guest/patches/curve25519-dalek` (the field
//! modulo 2^255 - 19 through the bigint precompile).
//!
//! The secret key is 32 bytes of the xorshift32 stream (seed 0x2545_f491,
//! each word little-endian); message i is `trellis ed25519 message #`
//! followed by i as 4 little-endian bytes; signatures are Ed25519 (RFC 8032,
//! deterministic), 64 bytes R || s.
#![no_std]
#![no_main]

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use trellis_guest::{print, println, read_exact, reveal, reveal_u32};

trellis_guest::entry!(main);

const DEFAULT_N: u32 = 1;
/// Input flag of the signing mode.
const SIGN: u32 = 1 << 31;
/// Input flag of the records mode.
const RECORDS: u32 = 1 << 30;
/// Bytes of one record: key, message, signature.
const RECORD: usize = 32 + 32 + 64;
/// Length of the built-in messages.
const MESSAGE: usize = 29;

/// The public key of the seeded secret key (compressed Edwards y).
const PUBLIC_KEY: &str = "3cb55d71f2fc413110c01748ab0f69e1b65491364081059a76a99548cd4a0ff0";

/// Signatures of messages 0..4 under [`PUBLIC_KEY`], R || s in hex.
const SIGNATURES: [&str; 4] = [
    concat!(
        "ffb30dfc5085af189a4a916f909987ddacd3f58b2f7ef70b7acfd760a0c461e6",
        "ae4272a19b9b2289dd8e946ce20b80c33fcfc7fc0a6de8c3a55354f844f96409",
    ),
    concat!(
        "6adc70464f9ae7caf8145238d2612192a4949a13675449b8ea2150b7e738dfbb",
        "d5cfd3629bad1aea38d2462a19b2dc8ec47e8f1c5649bb9233c2405465cec80b",
    ),
    concat!(
        "f2bd42f29a276e67e972fdb768cc411a216a06f7036939b7401e35f3c0106e12",
        "89e92f29e88e8572fd400050fa702eda17d82f74a51619d5be141a4257327e0a",
    ),
    concat!(
        "22fb949887b251a4e697facc19d54d3e705deb5fa19d370727b7601be38859c9",
        "60dee69e8d74778eeb3e2c9bfde53b09d1657971e843703fec196d049bcdb202",
    ),
];

/// Message `i`: the prefix, `#`, then i as 4 little-endian bytes.
fn message(i: u32) -> [u8; MESSAGE] {
    let mut msg = [0u8; MESSAGE];
    msg[..MESSAGE - 4].copy_from_slice(b"trellis ed25519 message #");
    msg[MESSAGE - 4..].copy_from_slice(&i.to_le_bytes());
    msg
}

/// The signing key: 32 bytes of xorshift32 words from the seed (every 32
/// bytes are an Ed25519 secret key).
fn signing_key() -> SigningKey {
    let mut s = 0x2545_f491u32;
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(4) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        chunk.copy_from_slice(&s.to_le_bytes());
    }
    SigningKey::from_bytes(&bytes)
}

fn print_hex(bytes: &[u8]) {
    for b in bytes {
        print!("{b:02x}");
    }
    println!();
}

/// Decodes `N` bytes of hex.
fn unhex<const N: usize>(hex: &str) -> [u8; N] {
    assert_eq!(hex.len(), 2 * N, "hex of {N} bytes expected");
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not a hex digit: {c}"),
    };
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
        *o = digit(pair[0]) << 4 | digit(pair[1]);
    }
    out
}

/// Signs messages 0..k and prints the public key and the signatures.
fn sign(k: u32) {
    let key = signing_key();
    print!("public key: ");
    print_hex(key.verifying_key().as_bytes());
    for i in 0..k {
        let sig: Signature = key.sign(&message(i));
        print!("signature {i}: ");
        print_hex(&sig.to_bytes());
    }
    reveal_u32(k);
}

/// Whether `sig` is a valid signature of `msg` under `key` (`verify`).
#[inline(never)]
fn verify(key: &VerifyingKey, msg: &[u8], sig: &Signature) -> bool {
    key.verify(msg, sig).is_ok()
}

/// Whether `sig` is a valid signature of `msg` under `key` (`verify_strict`).
#[inline(never)]
fn verify_strict(key: &VerifyingKey, msg: &[u8], sig: &Signature) -> bool {
    key.verify_strict(msg, sig).is_ok()
}

/// Verifies `k` records from the input and reveals the verdict bits.
fn records(k: u32) {
    const MAX: usize = 1024;
    let mut verdicts = [0u8; 2 * MAX / 8];
    assert!(k as usize <= MAX, "at most {MAX} records, got {k}");
    let bytes = (k as usize).div_ceil(8);
    let (mut valid, mut strict) = (0u32, 0u32);
    for i in 0..k as usize {
        let mut rec = [0u8; RECORD];
        assert_eq!(read_exact(&mut rec), RECORD, "record {i} is short");
        let key: [u8; 32] = rec[..32].try_into().unwrap();
        let sig: [u8; 64] = rec[64..].try_into().unwrap();
        let sig = Signature::from_bytes(&sig);
        let (ok, ok_strict) = match VerifyingKey::from_bytes(&key) {
            Ok(key) => (
                verify(&key, &rec[32..64], &sig),
                verify_strict(&key, &rec[32..64], &sig),
            ),
            Err(_) => (false, false),
        };
        verdicts[i / 8] |= u8::from(ok) << (i % 8);
        verdicts[bytes + i / 8] |= u8::from(ok_strict) << (i % 8);
        valid += u32::from(ok);
        strict += u32::from(ok_strict);
    }
    println!("verified {k} Ed25519 records: {valid} valid, {strict} strictly valid");
    reveal(&verdicts[..2 * bytes]);
}

fn main() {
    let mut buf = [0u8; 4];
    let n = match read_exact(&mut buf) {
        0 => DEFAULT_N,
        4 => u32::from_le_bytes(buf),
        k => panic!("input must be empty or n as 4 little-endian bytes, got {k} bytes"),
    };
    if n & SIGN != 0 {
        return sign(n & !SIGN);
    }
    if n & RECORDS != 0 {
        return records(n & !RECORDS);
    }
    let key = VerifyingKey::from_bytes(&unhex::<32>(PUBLIC_KEY)).expect("a valid public key");
    let mut valid = 0u32;
    for i in 0..n {
        let entry = i % SIGNATURES.len() as u32;
        let sig = Signature::from_bytes(&unhex::<64>(SIGNATURES[entry as usize]));
        let mut msg = message(entry);
        let tampered = entry == 3;
        if tampered {
            msg[MESSAGE - 1] ^= 1;
        }
        let ok = verify(&key, &msg, &sig);
        assert_eq!(ok, !tampered, "signature {i}: verification gave {ok}");
        valid += u32::from(ok);
    }
    println!("verified {n} Ed25519 signatures: {valid} valid");
    reveal_u32(valid);
}
