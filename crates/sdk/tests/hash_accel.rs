//! `sha2`, `sha3` and `tiny-keccak` patched for the zkVM
//! (guest/patches/{sha2, keccak, tiny-keccak}: SHA-256's compression and
//! Keccak-f[1600] on the `sha256compress` and `keccakf` precompiles) give
//! the digests of the host's upstream crates on seeded messages of many
//! lengths and the same Merkle path verdicts (examples/hashes-accel, the
//! source of examples/hashes), run every compression and permutation on
//! the precompiles, cost a fraction of the upstream crates' cycles in the
//! guest, and prove.
//!
//! `cargo test -p trellis-sdk --test hash_accel -- --nocapture` prints the
//! cycles docs/benchmarks.md quotes ("Precompiles: patched sha2, sha3,
//! tiny-keccak").

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use sha3::Keccak256;
use std::sync::OnceLock;
use tiny_keccak::{Hasher, Keccak};
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, ExecutionResult, Program, ProofParams, ProveOptions, Trellis};

/// The upstream build and the patched one of the same source.
const UPSTREAM: &str = "hashes";
const PATCHED: &str = "hashes-accel";

type Hash = [u8; 32];

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(|| {
        let config = trellis_sdk::TrellisConfig::with_extensions(["rv32im", "sha256", "keccak"]);
        Trellis::from_config(&config).unwrap()
    })
}

fn program(example: &str) -> Program {
    let elf = build_example(example).unwrap();
    trellis().load_program(&elf).unwrap()
}

/// Runs `example` on `input` (metered); returns the result and how many
/// `sha256compress` and `keccakf` instructions ran.
fn run(example: &str, input: &[u8]) -> (ExecutionResult, u64, u64) {
    let (result, metrics) = trellis()
        .execute_metered(&program(example), input.to_vec(), &ExecOptions::default())
        .unwrap();
    assert_eq!(
        result.exit_code,
        0,
        "{example}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let count = |mnemonic: &str| {
        metrics
            .opcodes
            .iter()
            .find(|o| o.mnemonic == mnemonic)
            .map_or(0, |o| o.count)
    };
    (result, count("sha256compress"), count("keccakf"))
}

/// Seeded messages: the empty one, one byte, both sides of SHA-256's
/// (55/56, 63/64/65, 119/120) and Keccak-256's (135/136/137, 271/272)
/// padding boundaries, 10,000 bytes, and a few random lengths.
fn messages(rng: &mut ChaCha8Rng) -> Vec<Vec<u8>> {
    let mut lengths = vec![
        0, 1, 55, 56, 63, 64, 65, 119, 120, 135, 136, 137, 271, 272, 10_000,
    ];
    lengths.extend((0..6).map(|_| rng.random_range(2..1500)));
    lengths
        .into_iter()
        .map(|len| {
            let mut message = vec![0u8; len];
            rng.fill_bytes(&mut message);
            message
        })
        .collect()
}

/// Mode 0's input: the mode byte, then each message framed by its length.
fn digests_input(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut input = vec![0u8];
    for m in messages {
        input.extend((m.len() as u32).to_le_bytes());
        input.extend(m);
    }
    input
}

fn tiny_keccak256(parts: &[&[u8]]) -> Hash {
    let mut hasher = Keccak::v256();
    parts.iter().for_each(|p| hasher.update(p));
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    out
}

/// What the guest reveals for `messages` in mode 0, by the host's
/// upstream crates (one-shot, where the guest updates twice).
fn host_digests(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend(Sha256::digest(m));
        out.extend(Keccak256::digest(m));
        out.extend(tiny_keccak256(&[m]));
    }
    out
}

#[test]
fn patched_crates_give_the_host_digests_on_the_precompiles() {
    let messages = messages(&mut ChaCha8Rng::seed_from_u64(15));
    let (mut upstream_cycles, mut patched_cycles) = (0, 0);
    // 96 bytes revealed per message: 10 per run fit the public output.
    for batch in messages.chunks(10) {
        let input = digests_input(batch);
        let expected = host_digests(batch);
        let compressions: u64 = batch
            .iter()
            .map(|m| (m.len() as u64 + 9).div_ceil(64))
            .sum();
        let permutations: u64 = batch.iter().map(|m| 2 * (m.len() as u64 / 136 + 1)).sum();

        let (patched, sha, keccak) = run(PATCHED, &input);
        assert_eq!(patched.public_output, expected, "patched guest");
        // Every compression and every permutation ran on a precompile.
        assert_eq!((sha, keccak), (compressions, permutations));

        let (upstream, sha, keccak) = run(UPSTREAM, &input);
        assert_eq!(upstream.public_output, expected, "upstream guest");
        assert_eq!((sha, keccak), (0, 0));
        upstream_cycles += upstream.cycles;
        patched_cycles += patched.cycles;
    }

    let bytes: usize = messages.iter().map(Vec::len).sum();
    eprintln!(
        "{} messages, {bytes} bytes, sha2 + sha3 + tiny-keccak: upstream {upstream_cycles} cycles, \
         patched {patched_cycles} ({:.1}x fewer)",
        messages.len(),
        upstream_cycles as f64 / patched_cycles as f64
    );
    assert!(
        upstream_cycles > 10 * patched_cycles,
        "upstream {upstream_cycles}, patched {patched_cycles}"
    );
}

/// A seeded Merkle path record (mode 1) of `depth` levels and the verdict
/// byte the guest must reveal for it. Kind `i % 4`: 0 valid; 1 a sibling
/// bit flipped (both roots miss); 2 a wrong SHA-256 root; 3 a wrong
/// Keccak-256 root.
fn merkle_record(rng: &mut ChaCha8Rng, depth: usize, i: usize) -> (Vec<u8>, u8) {
    let leaf: Hash = rng.random();
    let index: u32 = rng.random_range(0..1 << depth);
    let mut siblings: Vec<Hash> = (0..depth).map(|_| rng.random()).collect();
    let root = |node: &dyn Fn(&Hash, &Hash) -> Hash, siblings: &[Hash]| {
        siblings.iter().enumerate().fold(leaf, |at, (level, s)| {
            if index >> level & 1 == 0 {
                node(&at, s)
            } else {
                node(s, &at)
            }
        })
    };
    let sha = |l: &Hash, r: &Hash| -> Hash {
        Sha256::new()
            .chain_update(l)
            .chain_update(r)
            .finalize()
            .into()
    };
    let kec = |l: &Hash, r: &Hash| tiny_keccak256(&[l, r]);
    let mut sha_root = root(&sha, &siblings);
    let mut kec_root = root(&kec, &siblings);
    let verdict = match i % 4 {
        1 => {
            siblings[rng.random_range(0..depth)][rng.random_range(0..32)] ^=
                1 << rng.random_range(0..8);
            0
        }
        2 => {
            sha_root[rng.random_range(0..32)] ^= 1;
            2
        }
        3 => {
            kec_root[0] ^= 0x80;
            1
        }
        _ => 3,
    };
    let mut record = leaf.to_vec();
    record.extend(index.to_le_bytes());
    siblings.iter().for_each(|s| record.extend(s));
    record.extend(sha_root);
    record.extend(kec_root);
    (record, verdict)
}

/// Mode 1's input for `count` seeded paths of `depth`, and the verdicts.
fn merkle_input(count: usize, depth: usize, seed: u64) -> (Vec<u8>, Vec<u8>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut input = vec![1u8];
    input.extend((count as u32).to_le_bytes());
    input.extend((depth as u32).to_le_bytes());
    let mut verdicts = Vec::new();
    for i in 0..count {
        let (record, verdict) = merkle_record(&mut rng, depth, i);
        input.extend(record);
        verdicts.push(verdict);
    }
    (input, verdicts)
}

#[test]
fn patched_merkle_checks_agree_with_the_host_in_a_fraction_of_the_cycles() {
    let (count, depth) = (8, 16);
    let (input, verdicts) = merkle_input(count, depth, 16);
    let (patched, sha, keccak) = run(PATCHED, &input);
    assert_eq!(patched.public_output, verdicts);
    // Two compressions (64 bytes and the padding block) and one
    // permutation per level of each path.
    let levels = (count * depth) as u64;
    assert_eq!((sha, keccak), (2 * levels, levels));
    let (upstream, ..) = run(UPSTREAM, &input);
    assert_eq!(upstream.public_output, verdicts);
    eprintln!(
        "{count} Merkle paths of depth {depth} (SHA-256 with sha2, Keccak-256 with tiny-keccak): \
         upstream {} cycles, patched {} ({:.1}x fewer)",
        upstream.cycles,
        patched.cycles,
        upstream.cycles as f64 / patched.cycles as f64
    );
    assert!(
        upstream.cycles > 10 * patched.cycles,
        "upstream {}, patched {}",
        upstream.cycles,
        patched.cycles
    );
}

#[test]
fn a_patched_run_proves_and_verifies() {
    let program = program(PATCHED);
    let messages = [b"abc".to_vec(), vec![7u8; 137], vec![1u8; 64]];
    let input = digests_input(&messages);
    let (pk, vk) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let (report, proof) = trellis()
        .prove(&pk, &program, &input, &ProveOptions::default(), &|_| {})
        .unwrap();
    let claim = trellis().verify(&vk, &proof).unwrap();
    assert_eq!(claim.exit_code, 0);
    assert_eq!(claim.public_output, host_digests(&messages));
    assert!(report.cycles > 0);
}
