//! The generic verifier on concrete values accepts real segment proofs of real guests
//! exactly where `trellis_stark::verify` does.

use trellis_recursion::{PreparedKey, verify_prepared};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};

/// Proves `example` on `input` and checks every segment with both verifiers.
fn prove_and_check(trellis: &Trellis, example: &str, input: Vec<u8>) -> usize {
    let elf = build_example(example).unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let (_, proof) = trellis
        .prove(&pk, &program, &input, &ProveOptions::default(), &|_| {})
        .unwrap();
    let key = PreparedKey::new(vk.stark()).unwrap();
    for segment in &proof.segments {
        let pv = trellis.vm().segment_public_values(&segment.claim);
        trellis_stark::verify(vk.stark(), &segment.proof, &pv).unwrap();
        verify_prepared(&key, &segment.proof, &pv)
            .unwrap_or_else(|e| panic!("{example}: the generic verifier rejects: {e}"));
    }
    proof.segments.len()
}

#[test]
fn fibonacci_segments_are_accepted() {
    let n = prove_and_check(
        &Trellis::rv32im(),
        "fibonacci",
        30u32.to_le_bytes().to_vec(),
    );
    assert!(n >= 1);
}

#[test]
fn sha256_precompile_segments_are_accepted() {
    let config = trellis_sdk::TrellisConfig::with_extensions(["rv32im", "sha256"]);
    let trellis = Trellis::from_config(&config).unwrap();
    // Mode 2: 300 bytes of xorshift data hashed with the precompile.
    let mut input = vec![2u8];
    input.extend(300u32.to_le_bytes());
    let n = prove_and_check(&trellis, "sha256-precompile", input);
    assert!(n >= 1);
}
