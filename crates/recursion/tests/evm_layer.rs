//! The EVM-facing last layer (test parameters): one node over a root proof, proven with
//! the BN254 hash family, states the root's statement; it cannot be made over an altered
//! root proof, and it does not verify against another statement.

use std::time::Instant;

use p3_field::PrimeCharacteristicRing;
use trellis_recursion::aggregate::{
    AggregationConfig, Aggregator, ChainStatement, EvmLayerKeys, EvmLayerProof, SegmentInput,
};
use trellis_recursion::air::RecursionProofError;
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::{Bn254Poseidon2, Challenge, Val};

#[test]
fn the_evm_layer_restates_the_root_and_rejects_what_the_root_verifier_rejects() {
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let params = ProofParams::insecure_test_fast();
    let (pk, vk) = trellis.keygen(&program, &params).unwrap();
    let options = ProveOptions {
        max_segment_cycles: 1024,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, &100u32.to_le_bytes(), &options, &|_| {})
        .unwrap();
    let segments: Vec<SegmentInput<'_>> = proof
        .segments
        .iter()
        .map(|s| SegmentInput {
            proof: &s.proof,
            public_values: trellis.vm().segment_public_values(&s.claim),
            public_output: s.claim.public_output.clone(),
        })
        .collect();
    let output: Vec<u8> = segments
        .iter()
        .flat_map(|s| s.public_output.iter().copied())
        .collect();
    let mut aggregator = Aggregator::new(AggregationConfig::new(params, 2, 2));
    let (root, _) = aggregator.aggregate(vk.stark(), &segments).unwrap();
    let chain = ChainStatement::of(&root.statement, &output).expect("a finished run");

    let t = Instant::now();
    let keys = EvmLayerKeys::generate(
        &root.keys.vk,
        root.proof.log_trace_heights(),
        root.statement.keys_root,
        &params,
    )
    .expect("layer keys");
    let keygen = t.elapsed();
    let t = Instant::now();
    let (layer, stated) = keys
        .prove(&root.keys.vk, &root.proof, &root.statement, &output)
        .expect("an honest root proof wraps");
    let proving = t.elapsed();
    assert_eq!(stated, chain, "the layer states the run's chain statement");
    keys.verify(&layer, &chain)
        .expect("the layer proof verifies against the run's chain statement");
    // The generic verifier (the code a SNARK of this layer is built from), on concrete
    // values, accepts it too, and not against another statement.
    let layer_pv = keys.public_values(&chain);
    trellis_recursion::verify_native(&keys.vk, &layer, &layer_pv)
        .expect("the generic verifier accepts the layer proof");
    let mut other_pv = layer_pv.clone();
    let with_values = other_pv.iter_mut().find(|v| !v.is_empty()).unwrap();
    with_values[0] += Val::ONE;
    assert!(trellis_recursion::verify_native(&keys.vk, &layer, &other_pv).is_err());
    let bytes = layer.to_bytes();
    println!(
        "evm layer: keygen {keygen:.2?}, prove {proving:.2?}, {} bytes, heights {:?}",
        bytes.len(),
        layer.log_trace_heights()
    );
    // Its file reads back as a proof of the BN254 family.
    let back = EvmLayerProof::from_family_bytes(&bytes).unwrap();
    keys.verify(&back, &chain).unwrap();

    // Another statement (exit code, output, program identity): rejected.
    for edit in [
        |s: &mut ChainStatement| s.exit_code ^= 1,
        |s: &mut ChainStatement| s.public_output.push(0),
        |s: &mut ChainStatement| s.public_output[0] ^= 1,
        |s: &mut ChainStatement| s.program_digest[0] ^= 1,
        |s: &mut ChainStatement| s.program_commitment[3] ^= 1,
        |s: &mut ChainStatement| s.entry_pc += 4,
        |s: &mut ChainStatement| s.initial_root[7] ^= 1,
    ] {
        let mut forged = chain.clone();
        edit(&mut forged);
        assert_ne!(forged.commitment(), chain.commitment());
        assert!(keys.verify(&layer, &forged).is_err());
    }

    // An altered root proof or a statement it does not prove: the layer's program rejects,
    // so no layer proof exists.
    let mut bad = trellis_stark::Proof::from_bytes(&root.proof.to_bytes()).unwrap();
    bad.batch_proof_mut().opened_values.instances[0]
        .base_opened_values
        .trace_local[0] += Challenge::ONE;
    assert!(matches!(
        keys.prove(&root.keys.vk, &bad, &root.statement, &output),
        Err(RecursionProofError::Rejected(_))
    ));
    let mut forged = root.statement.clone();
    forged.exit_code ^= 1;
    assert!(matches!(
        keys.prove(&root.keys.vk, &root.proof, &forged, &output),
        Err(RecursionProofError::Rejected(_))
    ));
    // Output bytes other than the run's (same length, or a nonzero byte past its end):
    // rejected. (A zero past the end is the padding itself: the layer states the run's
    // output, which is what it returns.)
    let mut other = output.clone();
    other[0] ^= 1;
    assert!(matches!(
        keys.prove(&root.keys.vk, &root.proof, &root.statement, &other),
        Err(RecursionProofError::Rejected(_))
    ));
    other = output.clone();
    other.push(1);
    assert!(matches!(
        keys.prove(&root.keys.vk, &root.proof, &root.statement, &other),
        Err(RecursionProofError::Rejected(_))
    ));
    // Layer keys made for another allowlist reject this root.
    let mut other_root = root.statement.keys_root;
    other_root[0] ^= 1;
    let other_keys = EvmLayerKeys::generate(
        &root.keys.vk,
        root.proof.log_trace_heights(),
        other_root,
        &params,
    )
    .unwrap();
    assert!(matches!(
        other_keys.prove(&root.keys.vk, &root.proof, &root.statement, &output),
        Err(RecursionProofError::Rejected(_))
    ));

    // The layer key is of the BN254 family and differs from the root key.
    let _: &trellis_stark::VerifyingKey<_, Bn254Poseidon2> = &keys.vk;
    assert_ne!(keys.vk.digest(), root.keys.vk.digest());
}
