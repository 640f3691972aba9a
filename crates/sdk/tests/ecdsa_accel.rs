//! `k256` patched for the zkVM (guest/patches/k256, the secp256k1 base and
//! scalar fields on the bigint precompile) gives the verdicts of the host's
//! upstream `k256` on seeded valid and invalid signatures
//! (examples/ecdsa-accel, records mode of examples/ecdsa's source), and
//! costs a fraction of the cycles of the upstream crate in the guest.
//!
//! The bar is at least 1,000 random signatures, valid and invalid:
//! 1,024 records, a second seed with `--ignored`.

use k256::ecdsa::signature::{Signer, Verifier};
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::OnceLock;
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, Program, ProofParams, ProveOptions, Trellis, TrellisConfig};

/// Input flag of the guest's records mode (examples/ecdsa).
const RECORDS: u32 = 1 << 30;
/// Bytes of one record: SEC1 compressed key, message, signature r || s.
const RECORD: usize = 33 + 32 + 64;

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(|| {
        Trellis::from_config(&TrellisConfig::with_extensions(["rv32im", "bigint"])).unwrap()
    })
}

fn program(example: &str) -> Program {
    let elf = build_example(example).unwrap();
    trellis().load_program(&elf).unwrap()
}

/// A random signing key (the first valid 32 random bytes).
fn key(rng: &mut ChaCha8Rng) -> SigningKey {
    loop {
        if let Ok(k) = SigningKey::from_slice(&rng.random::<[u8; 32]>()) {
            return k;
        }
    }
}

/// A seeded record of kind `i % 8`: 0–2 valid; 3 message bit flipped;
/// 4 signature bit flipped; 5 another key; 6 high `s` (`n - s`, which
/// `k256` rejects); 7 a random x coordinate as the key.
fn record(rng: &mut ChaCha8Rng, i: usize) -> [u8; RECORD] {
    let signer = key(rng);
    let mut msg: [u8; 32] = rng.random();
    let sig: Signature = signer.sign(&msg);
    let mut pk: [u8; 33] = signer
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .try_into()
        .unwrap();
    let mut sig_bytes: [u8; 64] = sig.to_bytes().into();
    match i % 8 {
        3 => msg[rng.random_range(0..32)] ^= 1 << rng.random_range(0..8),
        4 => sig_bytes[rng.random_range(0..64)] ^= 1 << rng.random_range(0..8),
        5 => {
            pk = key(rng)
                .verifying_key()
                .to_encoded_point(true)
                .as_bytes()
                .try_into()
                .unwrap()
        }
        6 => {
            let (r, s) = sig.split_scalars();
            sig_bytes = Signature::from_scalars(r, -*s).unwrap().to_bytes().into();
        }
        7 => pk[1..].copy_from_slice(&rng.random::<[u8; 32]>()),
        _ => {}
    }
    let mut out = [0u8; RECORD];
    out[..33].copy_from_slice(&pk);
    out[33..65].copy_from_slice(&msg);
    out[65..].copy_from_slice(&sig_bytes);
    out
}

/// The host's upstream `k256` verdict (a key or signature that does not
/// parse is invalid), as the guest decides it.
fn host_verdict(rec: &[u8; RECORD]) -> bool {
    match (
        VerifyingKey::from_sec1_bytes(&rec[..33]),
        Signature::from_slice(&rec[65..]),
    ) {
        (Ok(key), Ok(sig)) => key.verify(&rec[33..65], &sig).is_ok(),
        _ => false,
    }
}

/// Runs the patched guest on `n` seeded records and compares every verdict
/// with the host's; returns the number of valid ones.
fn guest_matches_host(n: usize, seed: u64) -> usize {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let records: Vec<[u8; RECORD]> = (0..n).map(|i| record(&mut rng, i)).collect();
    let mut input = (RECORDS + n as u32).to_le_bytes().to_vec();
    records.iter().for_each(|r| input.extend(r));
    let result = trellis()
        .execute(&program("ecdsa-accel"), input, &ExecOptions::default())
        .unwrap();
    assert_eq!(
        result.exit_code,
        0,
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(result.public_output.len(), n.div_ceil(8));
    let mut valid = 0;
    for (i, rec) in records.iter().enumerate() {
        let guest = result.public_output[i / 8] >> (i % 8) & 1 == 1;
        assert_eq!(guest, host_verdict(rec), "record {i} (kind {})", i % 8);
        valid += usize::from(guest);
    }
    // Kinds 0–2 are valid, 3–6 invalid; 7 almost surely invalid.
    assert!(
        valid >= 3 * n / 8 && valid <= 3 * n / 8 + n / 8,
        "{valid} of {n}"
    );
    valid
}

#[test]
fn patched_k256_agrees_with_the_host_on_1024_seeded_signatures() {
    guest_matches_host(1024, 15);
}

/// Another 1,024 records (`--ignored`).
#[test]
#[ignore]
fn patched_k256_agrees_with_the_host_on_1024_more_signatures() {
    guest_matches_host(1024, 16);
}

/// Cycles of the default run (n fixed signatures, the last of every 4
/// tampered) of `example`.
fn cycles(example: &str, n: u32) -> u64 {
    let result = trellis()
        .execute(
            &program(example),
            n.to_le_bytes().to_vec(),
            &ExecOptions::default(),
        )
        .unwrap();
    assert_eq!(result.exit_code, 0);
    assert_eq!(result.public_output, (n - n / 4).to_le_bytes());
    result.cycles
}

#[test]
fn patched_k256_verifies_in_a_fraction_of_the_cycles() {
    // Per verification: the difference of 5 and 1 signatures, over 4.
    let accel = (cycles("ecdsa-accel", 5) - cycles("ecdsa-accel", 1)) / 4;
    let upstream = cycles("ecdsa", 2) - cycles("ecdsa", 1);
    eprintln!("cycles per k256 ECDSA verify: upstream {upstream}, patched {accel}");
    assert!(accel < 400_000, "patched: {accel} cycles per verify");
    assert!(
        upstream > 10 * accel,
        "upstream {upstream}, patched {accel}"
    );
}

/// One verification with the patched crate, proven and verified (test parameters):
/// the bigint rows it adds are provable, and the claim is the run's.
#[test]
fn patched_k256_verification_proves() {
    let program = program("ecdsa-accel");
    let (pk, vk) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let input = 1u32.to_le_bytes().to_vec();
    let (_, proof) = trellis()
        .prove(&pk, &program, &input, &ProveOptions::default(), &|_| {})
        .unwrap();
    let claim = trellis().verify(&vk, &proof).unwrap();
    // One signature, valid: the guest reveals the count of valid ones.
    assert_eq!(
        (claim.exit_code, claim.public_output),
        (0, 1u32.to_le_bytes().to_vec())
    );
}
