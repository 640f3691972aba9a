//! `trellis verify` on a proof whose STARK the verifier rejects: one clear
//! error line that says "proof rejected" once and names the segment.

use std::path::Path;
use std::process::Command;
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, TrellisProof};
use trellis_stark::{PROOF_FILE, Proof};

/// `proof` with one bit of segment 0's STARK payload flipped at `at` and
/// both envelopes re-sealed (so only the verifier can object).
fn tampered(proof: &TrellisProof, at: usize) -> Option<TrellisProof> {
    let stark = proof.segments[0].proof.to_bytes();
    let mut payload = PROOF_FILE.open(&stark).ok()?.to_vec();
    payload[at] ^= 1;
    let altered = Proof::from_bytes(&PROOF_FILE.seal(&payload)).ok()?;
    let mut bytes = TrellisProof::from_bytes(&proof.to_bytes(), Path::new("p")).ok()?;
    bytes.segments[0].proof = altered;
    Some(bytes)
}

#[test]
fn a_rejected_proof_says_rejected_once() {
    let trellis = Trellis::rv32im();
    let elf = build_example("fibonacci").unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let input = 10u32.to_le_bytes();
    let (_, proof) = trellis
        .prove(&pk, &program, &input, &ProveOptions::default(), &|_| {})
        .unwrap();
    let len = PROOF_FILE
        .open(&proof.segments[0].proof.to_bytes())
        .unwrap()
        .len();
    // The last bytes are FRI openings: a flipped bit there decodes and is
    // caught by the checks themselves.
    let bad = (0..len)
        .rev()
        .filter_map(|at| tampered(&proof, at))
        .find(|bad| {
            trellis
                .verify(&vk, bad)
                .is_err_and(|e| e.to_string().contains("proof rejected"))
        })
        .expect("some bit flip reaches the verifier's checks");

    let dir = tempfile::tempdir().unwrap();
    let (vk_file, proof_file) = (dir.path().join("vk"), dir.path().join("bad.proof"));
    std::fs::write(&vk_file, vk.to_bytes()).unwrap();
    std::fs::write(&proof_file, bad.to_bytes()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["verify", proof_file.to_str().unwrap(), "--vk"])
        .arg(&vk_file)
        .arg("--allow-insecure-test-params")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line: {stderr}"));
    assert!(
        line.starts_with("error: segment 0: proof rejected: "),
        "{line}"
    );
    assert_eq!(line.matches("rejected").count(), 1, "{line}");
    assert!(out.stdout.is_empty(), "nothing verified, nothing printed");
}
