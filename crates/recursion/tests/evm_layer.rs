//! The EVM-facing last layer (test parameters): one node over a root proof, proven with
//! the BN254 hash family, states the root's statement; it cannot be made over an altered
//! root proof, and it does not verify against another statement.

use std::time::Instant;

use p3_field::PrimeCharacteristicRing;
use trellis_recursion::aggregate::{
    AggregationConfig, Aggregator, EvmLayerKeys, EvmLayerProof, SegmentInput,
};
use trellis_recursion::air::RecursionProofError;
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::{BaseAir, Bn254Poseidon2, Challenge, DynAir, Val};

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
    let mut aggregator = Aggregator::new(AggregationConfig::new(params, 2, 2));
    let (root, _) = aggregator.aggregate(vk.stark(), &segments).unwrap();

    let t = Instant::now();
    let keys = EvmLayerKeys::generate(&root.keys.vk, root.proof.log_trace_heights(), &params)
        .expect("layer keys");
    let keygen = t.elapsed();
    let t = Instant::now();
    let layer = keys
        .prove(&root.keys.vk, &root.proof, &root.statement)
        .expect("an honest root proof wraps");
    let proving = t.elapsed();
    keys.verify(&layer, &root.statement)
        .expect("the layer proof verifies against the root's statement");
    // The generic verifier (the code a SNARK of this layer is built from), on concrete
    // values, accepts it too, and not against another statement.
    let values = root.statement.to_values();
    let layer_pv: Vec<Vec<Val>> = keys
        .vk
        .airs()
        .iter()
        .map(|a| {
            if <DynAir as BaseAir<Val>>::num_public_values(a) > 0 {
                values.clone()
            } else {
                Vec::new()
            }
        })
        .collect();
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
    keys.verify(&back, &root.statement).unwrap();

    // Another statement (exit code, output length, program digest): rejected.
    for edit in [
        |s: &mut trellis_recursion::aggregate::Statement| s.exit_code ^= 1,
        |s: &mut trellis_recursion::aggregate::Statement| s.output_len += 1,
        |s: &mut trellis_recursion::aggregate::Statement| s.program_digest[0] ^= 1,
    ] {
        let mut forged = root.statement.clone();
        edit(&mut forged);
        assert!(keys.verify(&layer, &forged).is_err());
    }

    // An altered root proof or a statement it does not prove: the layer's program rejects,
    // so no layer proof exists.
    let mut bad = trellis_stark::Proof::from_bytes(&root.proof.to_bytes()).unwrap();
    bad.batch_proof_mut().opened_values.instances[0]
        .base_opened_values
        .trace_local[0] += Challenge::ONE;
    assert!(matches!(
        keys.prove(&root.keys.vk, &bad, &root.statement),
        Err(RecursionProofError::Rejected(_))
    ));
    let mut forged = root.statement.clone();
    forged.exit_code ^= 1;
    assert!(matches!(
        keys.prove(&root.keys.vk, &root.proof, &forged),
        Err(RecursionProofError::Rejected(_))
    ));

    // The layer key is of the BN254 family and differs from the root key.
    let _: &trellis_stark::VerifyingKey<_, Bn254Poseidon2> = &keys.vk;
    assert_ne!(keys.vk.digest(), root.keys.vk.digest());
}
