//! ECDSA signature verification over secp256k1 with the `k256` crate, in
//! software: the kind of guest a user writes first. One signature (the
//! default) runs 5.68 M cycles: 0.25 M to decompress the public key, 5.43 M
//! per verification, two thirds of it in k256's field multiplication.
//!
//! Input (optional): n as 4 little-endian bytes; default 1.
//! * n < 2^31: verifies n signatures from [`SIGNATURES`] (entry i % 4 for
//!   the i-th) with the public key [`PUBLIC_KEY`]; entry 3 is checked
//!   against a tampered message (the last byte of its message flipped) and
//!   must fail. Prints and reveals the count of valid signatures (u32 LE):
//!   n - n / 4.
//! * n = 2^31 + k: signs messages 0..k with the key derived from the seed
//!   and prints the public key and the signatures in hex (this is how the
//!   tables below were made); reveals k.
//!
//! * n = 2^30 + k: records mode. k records follow, each a SEC1 compressed
//!   public key (33 bytes), a message (32 bytes) and a signature r || s
//!   (64 bytes), any bytes; the guest verifies each (a key or signature
//!   that does not parse counts as invalid) and reveals the verdicts as
//!   ceil(k / 8) bytes, bit i % 8 of byte i / 8 set iff record i verified.
//!   The SDK test `ecdsa_accel` compares them with the host's `k256`.
//!
//! The same source builds `examples/ecdsa-accel`, whose workspace patches
//! `k256` with `guest/patches/k256` (the base field through the bigint
//! precompile).
//!
//! The secret key is 32 bytes of the xorshift32 stream (seed 0x2545_f491,
//! each word little-endian); message i is `trellis ecdsa message #`
//! followed by i as 4 little-endian bytes; signatures are RFC 6979
//! deterministic ECDSA over SHA-256 (k256 0.13), 64 bytes r || s.
#![no_std]
#![no_main]

use k256::ecdsa::signature::{Signer, Verifier};
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};
use trellis_guest::{print, println, read_exact, reveal, reveal_u32};

trellis_guest::entry!(main);

const DEFAULT_N: u32 = 1;
/// Input flag of the signing mode.
const SIGN: u32 = 1 << 31;
/// Input flag of the records mode.
const RECORDS: u32 = 1 << 30;
/// Bytes of one record: key, message, signature.
const RECORD: usize = 33 + 32 + 64;

/// The public key of the seeded secret key, SEC1 compressed (0x02 or 0x03 || x).
const PUBLIC_KEY: &str = concat!(
    "02b99a85bac585d5866eeafe792dbc9751",
    "e81d84dfc90453d67c55097349fe1a00",
);

/// Signatures of messages 0..4 under [`PUBLIC_KEY`], r || s in hex.
const SIGNATURES: [&str; 4] = [
    concat!(
        "0a29b8e53c4aea66177f4908739d5e3d0c0b3bc758aab095b646a9aeb6bdfb6b",
        "2b9a8f64e7e025b4c783348fedb07291a3d01d5ad8edf0ed0c5bd7dbbb8a420c",
    ),
    concat!(
        "2fe9c2736109c6193d337f01b7bbae01100065bcfedd67cacf5bb8bd192157ae",
        "79f8ac58650034856d590f84eb02f04cbdfcb1b3f2540741ef9668231af23495",
    ),
    concat!(
        "32e3db25b7ef0334e5c98da5e885c11092d9af9de71bd06d4fbbfbc969552fb1",
        "4974a8b3e1732cf6546d21e7088b5fd3f37601ae0c090086bf55cd7d433ae048",
    ),
    concat!(
        "bcfb67ba63cc976eef940fc4a11c8ea1a5201ab25266a24ca7d91c8091285792",
        "7146073fe0431d0e10241fcb510ef5e5d7c9cbbb27b147c1bbbadec04760bd33",
    ),
];

/// Message `i`: the prefix, `#`, then i as 4 little-endian bytes.
fn message(i: u32) -> [u8; 27] {
    let mut msg = [0u8; 27];
    msg[..23].copy_from_slice(b"trellis ecdsa message #");
    msg[23..].copy_from_slice(&i.to_le_bytes());
    msg
}

/// The signing key: xorshift32 words from the seed until they form a valid
/// secret scalar (the first 32 bytes already do).
fn signing_key() -> SigningKey {
    let mut s = 0x2545_f491u32;
    loop {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(4) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            chunk.copy_from_slice(&s.to_le_bytes());
        }
        if let Ok(key) = SigningKey::from_slice(&bytes) {
            return key;
        }
    }
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
    print_hex(key.verifying_key().to_encoded_point(true).as_bytes());
    for i in 0..k {
        let sig: Signature = key.sign(&message(i));
        print!("signature {i}: ");
        print_hex(&sig.to_bytes());
    }
    reveal_u32(k);
}

/// Whether `sig` is a valid signature of `msg` under `key`.
#[inline(never)]
fn verify(key: &VerifyingKey, msg: &[u8], sig: &Signature) -> bool {
    key.verify(msg, sig).is_ok()
}

/// Verifies `k` records from the input and reveals the verdict bits.
fn records(k: u32) {
    let mut verdicts = [0u8; 128];
    assert!(
        k as usize <= 8 * verdicts.len(),
        "at most 1024 records, got {k}"
    );
    let mut valid = 0u32;
    for i in 0..k as usize {
        let mut rec = [0u8; RECORD];
        assert_eq!(read_exact(&mut rec), RECORD, "record {i} is short");
        let ok = match (
            VerifyingKey::from_sec1_bytes(&rec[..33]),
            Signature::from_slice(&rec[65..]),
        ) {
            (Ok(key), Ok(sig)) => verify(&key, &rec[33..65], &sig),
            _ => false,
        };
        verdicts[i / 8] |= u8::from(ok) << (i % 8);
        valid += u32::from(ok);
    }
    println!("verified {k} ECDSA records (secp256k1): {valid} valid");
    reveal(&verdicts[..(k as usize).div_ceil(8)]);
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
    let key = VerifyingKey::from_sec1_bytes(&unhex::<33>(PUBLIC_KEY)).expect("a valid public key");
    let mut valid = 0u32;
    for i in 0..n {
        let entry = i % SIGNATURES.len() as u32;
        let sig = Signature::from_slice(&unhex::<64>(SIGNATURES[entry as usize]))
            .expect("a well-formed signature");
        let mut msg = message(entry);
        let tampered = entry == 3;
        if tampered {
            msg[26] ^= 1;
        }
        let ok = verify(&key, &msg, &sig);
        assert_eq!(ok, !tampered, "signature {i}: verification gave {ok}");
        valid += u32::from(ok);
    }
    println!("verified {n} ECDSA signatures (secp256k1): {valid} valid");
    reveal_u32(valid);
}
