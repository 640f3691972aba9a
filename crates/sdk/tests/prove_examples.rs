//! End to end: every example guest proven and verified (fast test
//! parameters), and every way to tamper with a claim, a proof file or a key
//! rejected with an error, never a panic.

use std::path::Path;
use std::sync::OnceLock;
use trellis_sdk::build::build_example;
use trellis_sdk::{
    Program, ProofParams, ProveEvent, ProveOptions, Trellis, TrellisProof, VerifyingKey,
};

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(Trellis::rv32im)
}

fn program(example: &str) -> Program {
    let elf = build_example(example).unwrap();
    trellis().load_program(&elf).unwrap()
}

/// Proves `example` on `input`; returns the verifying key and the proof.
fn prove(example: &str, input: Vec<u8>) -> (VerifyingKey, TrellisProof, Vec<u8>) {
    let program = program(example);
    let (pk, vk) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let events = std::sync::Mutex::new(Vec::new());
    let (report, proof) = trellis()
        .prove(&pk, &program, &input, &ProveOptions::default(), &|e| {
            events.lock().unwrap().push(e)
        })
        .unwrap_or_else(|e| panic!("proving {example}: {e}"));
    let events = events.into_inner().unwrap();
    let traced = events
        .iter()
        .filter(|e| matches!(e, ProveEvent::Traced { .. }))
        .count();
    let proven = events
        .iter()
        .filter(|e| matches!(e, ProveEvent::Proven { .. }))
        .count();
    assert_eq!((traced, proven), (report.segments, report.segments));
    let whole = trellis()
        .execute(
            &program,
            input.clone(),
            &trellis_sdk::ExecOptions::default(),
        )
        .unwrap();
    assert_eq!(proof.claim.exit_code, whole.exit_code);
    assert_eq!(report.cycles, whole.cycles);
    (vk, proof, whole.public_output)
}

fn roundtrip_verify(
    vk: &VerifyingKey,
    proof: &TrellisProof,
) -> Result<trellis_sdk::Claim, trellis_sdk::SdkError> {
    let vk = VerifyingKey::from_bytes(trellis().vm(), &vk.to_bytes(), Path::new("vk"))?;
    let proof = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("proof"))?;
    trellis().verify(&vk, &proof)
}

#[test]
fn fibonacci_proves_and_verifies() {
    let (vk, proof, output) = prove("fibonacci", 50u32.to_le_bytes().to_vec());
    let claim = roundtrip_verify(&vk, &proof).unwrap();
    assert_eq!(claim.exit_code, 0);
    assert_eq!(claim.public_output, output);
    assert_eq!(output, 12586269025u64.to_le_bytes()[..4].to_vec());
}

#[test]
fn c_fibonacci_proves_and_verifies() {
    let (vk, proof, _) = prove("fibonacci-c", 30u32.to_le_bytes().to_vec());
    roundtrip_verify(&vk, &proof).unwrap();
}

#[test]
fn hashes_sort_and_input_prove_and_verify() {
    for (example, input) in [
        ("sha256", 200u32.to_le_bytes().to_vec()),
        ("keccak", 200u32.to_le_bytes().to_vec()),
        ("sort", 100u32.to_le_bytes().to_vec()),
        ("hash-input", b"prove me".to_vec()),
    ] {
        let (vk, proof, output) = prove(example, input);
        let claim = roundtrip_verify(&vk, &proof).unwrap_or_else(|e| panic!("{example}: {e}"));
        assert_eq!(claim.public_output, output, "{example}");
    }
}

/// std guests (regex + tracing, serde_json, bytes: crates that need atomics)
/// prove and verify like the no_std ones.
#[test]
fn std_guests_prove_and_verify() {
    let log = "2026-12-05T17:02:13Z ERROR db::pool: connection refused (35 ms)\n\
               2026-12-05T17:02:14Z INFO net::peer: reply (12 ms)\n";
    let mut frames = Vec::new();
    for frame in [&b"abc"[..], b"", b"trellis"] {
        frames.extend((frame.len() as u16).to_be_bytes());
        frames.extend(frame);
    }
    for (example, input) in [
        ("logscan", log.as_bytes().to_vec()),
        (
            "json-std",
            br#"{"orders":[{"account":"a","amount":5},{"account":"b","amount":9}]}"#.to_vec(),
        ),
        ("bytes-frames", frames),
    ] {
        let (vk, proof, output) = prove(example, input);
        let claim = roundtrip_verify(&vk, &proof).unwrap_or_else(|e| panic!("{example}: {e}"));
        assert_eq!(claim.exit_code, 0, "{example}");
        assert_eq!(claim.public_output, output, "{example}");
        assert!(!output.is_empty(), "{example}");
    }
}

#[test]
fn panicking_guest_proves_its_exit_code() {
    let (vk, proof, _) = prove("panic", Vec::new());
    assert_eq!(roundtrip_verify(&vk, &proof).unwrap().exit_code, 101);
}

#[test]
fn altered_claims_are_rejected() {
    let (vk, proof, _) = prove("hash-input", b"abc".to_vec());
    let mut bad = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).unwrap();
    bad.claim.exit_code = 1;
    assert!(
        trellis().verify(&vk, &bad).is_err(),
        "altered exit code accepted"
    );
    let mut bad = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).unwrap();
    bad.claim.public_output[0] ^= 1;
    assert!(
        trellis().verify(&vk, &bad).is_err(),
        "altered public output accepted"
    );
    let mut bad = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).unwrap();
    bad.claim.public_output.push(0);
    assert!(
        trellis().verify(&vk, &bad).is_err(),
        "longer public output accepted"
    );
    let mut bad = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).unwrap();
    bad.claim.final_pc += 4;
    assert!(
        trellis().verify(&vk, &bad).is_err(),
        "altered final pc accepted"
    );
    let mut bad = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).unwrap();
    bad.claim.entry_pc += 4;
    assert!(
        trellis().verify(&vk, &bad).is_err(),
        "altered entry pc accepted"
    );
}

#[test]
fn proof_for_another_program_is_rejected() {
    let (vk_fib, _, _) = prove("fibonacci", 5u32.to_le_bytes().to_vec());
    let (_, proof_c, _) = prove("fibonacci-c", 5u32.to_le_bytes().to_vec());
    let err = trellis().verify(&vk_fib, &proof_c).unwrap_err().to_string();
    assert!(!err.is_empty());
}

#[test]
fn flipped_or_truncated_proof_bytes_are_errors_not_panics() {
    let (vk, proof, _) = prove("fibonacci", 7u32.to_le_bytes().to_vec());
    let bytes = proof.to_bytes();
    let step = (bytes.len() / 300).max(1);
    for i in (0..bytes.len()).step_by(step) {
        let mut bad = bytes.clone();
        bad[i] ^= 0x5a;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            TrellisProof::from_bytes(&bad, Path::new("p")).and_then(|p| trellis().verify(&vk, &p))
        }));
        match outcome {
            Ok(result) => assert!(result.is_err(), "flip at byte {i} accepted"),
            Err(_) => panic!("flip at byte {i} panicked"),
        }
    }
    for len in [0, 10, bytes.len() / 2, bytes.len() - 1] {
        assert!(TrellisProof::from_bytes(&bytes[..len], Path::new("p")).is_err());
    }
    let vk_bytes = vk.to_bytes();
    let mut bad = vk_bytes.clone();
    bad[vk_bytes.len() / 2] ^= 1;
    assert!(VerifyingKey::from_bytes(trellis().vm(), &bad, Path::new("vk")).is_err());
}
