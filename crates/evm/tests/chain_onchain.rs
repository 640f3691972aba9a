//! The seed's full-stack test, for real (test parameters): a guest built from source →
//! executed and proven in segments → aggregated → EVM layer → Groth16 chain proof →
//! submitted to `TrellisResults` on a real anvil node. The receipt succeeds and its event
//! carries the program id and output digest; a flipped proof byte, another program's id
//! and a wrong public output each revert and leave the contract's state unchanged.

mod common;

use std::time::Instant;

use alloy::primitives::{Address, B256, Bytes, FixedBytes, U256};
use alloy::sol_types::{SolCall, SolEvent};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use sha2::{Digest, Sha256};
use trellis_evm::chain::{
    CHAIN_GROTH16_VERIFIER_NAME, ChainKeys, ChainProof, TRELLIS_APP_NAME, TRELLIS_VERIFIER_NAME,
    chain_sources,
};
use trellis_evm::node::DEV_PRIVATE_KEYS;
use trellis_evm::{ClientConfig, EvmClient, EvmError, LocalNode, solc};
use trellis_recursion::aggregate::{
    AggregationConfig, Aggregator, ChainStatement, EvmLayerKeys, EvmLayerProof, SegmentInput,
};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};

alloy::sol! {
    interface ITrellisResults {
        event RunVerified(bytes32 indexed programId, uint32 exitCode, bytes32 outputDigest);
        function submit(bytes proof, bytes32 programId, bytes publicOutput) external returns (bytes32);
        function verifiedCount() external view returns (uint256);
    }
    interface ITrellisVerifier {
        function verify(bytes proof, bytes32 programId, bytes publicOutput) external view returns (uint32);
        function commitment(bytes32 programId, uint32 exitCode, bytes publicOutput) external pure returns (bytes32);
    }
}

/// A run of the fibonacci guest (built from source) up to its EVM-layer proof.
fn layer_of_a_real_run() -> (EvmLayerKeys, EvmLayerProof, ChainStatement) {
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
        .prove(&pk, &program, &30u32.to_le_bytes(), &options, &|_| {})
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
    let (root, output) = aggregator.aggregate(vk.stark(), &segments).unwrap();
    let keys = EvmLayerKeys::generate(
        &root.keys.vk,
        root.proof.log_trace_heights(),
        root.statement.keys_root,
        &params,
    )
    .unwrap();
    let (layer, chain) = keys
        .prove(&root.keys.vk, &root.proof, &root.statement, &output)
        .unwrap();
    assert!(
        !chain.public_output.is_empty(),
        "fibonacci reveals its result"
    );
    (keys, layer, chain)
}

async fn deploy(client: &EvmClient, code: &[u8], args: &[u8]) -> Address {
    client.deploy(code, args).await.expect("deploy").address
}

fn submit_data(proof: &[u8], program_id: [u8; 32], output: &[u8]) -> Vec<u8> {
    ITrellisResults::submitCall {
        proof: Bytes::copy_from_slice(proof),
        programId: FixedBytes(program_id),
        publicOutput: Bytes::copy_from_slice(output),
    }
    .abi_encode()
}

#[tokio::test]
async fn a_real_run_is_verified_on_chain_and_forgeries_revert() {
    let (layer_keys, layer, chain) = layer_of_a_real_run();
    let mut rng = StdRng::seed_from_u64(2026);
    let t = Instant::now();
    let keys = ChainKeys::setup(&layer_keys, &layer, &chain, &mut rng).expect("setup");
    let setup = t.elapsed();
    let t = Instant::now();
    let proof = keys
        .prove(&layer_keys, &layer, &chain, &mut rng)
        .expect("an honest layer proof proves");
    let proving = t.elapsed();
    let program_id = chain.program_id();
    let output = chain.public_output.clone();
    keys.verify(&proof, &program_id, &output)
        .expect("verifies natively");
    let mut wrong = output.clone();
    wrong[0] ^= 1;
    assert!(keys.verify(&proof, &program_id, &wrong).is_err());
    let bytes = proof.to_bytes();
    assert_eq!(ChainProof::from_bytes(&bytes).unwrap(), proof);
    println!(
        "chain proof: Groth16 setup {setup:.1?}, proving {proving:.1?}, {} bytes",
        bytes.len()
    );

    // A statement the layer proof does not prove: no chain proof.
    let mut forged = chain.clone();
    forged.exit_code ^= 1;
    let refused = keys.prove(&layer_keys, &layer, &forged, &mut rng);
    assert!(
        matches!(&refused, Err(EvmError::InvalidInput(m)) if m.contains("rejects")),
        "{:?}",
        refused.err()
    );

    let compiled = solc::compile(&chain_sources(&keys.vk).unwrap()).expect("compile");
    let node = LocalNode::start().expect("anvil");
    let config = ClientConfig::new(node.url(), node.chain_id(), DEV_PRIVATE_KEYS[0]);
    let mut client = EvmClient::connect(config).await.expect("connect");
    for name in [
        CHAIN_GROTH16_VERIFIER_NAME,
        TRELLIS_VERIFIER_NAME,
        TRELLIS_APP_NAME,
    ] {
        client = client.with_errors_of(&compiled.contract(name).unwrap().abi);
    }
    let groth16 = deploy(
        &client,
        &compiled
            .contract(CHAIN_GROTH16_VERIFIER_NAME)
            .unwrap()
            .bytecode,
        &[],
    )
    .await;
    let verifier = deploy(
        &client,
        &compiled.contract(TRELLIS_VERIFIER_NAME).unwrap().bytecode,
        &groth16.into_word().0,
    )
    .await;
    let app = deploy(
        &client,
        &compiled.contract(TRELLIS_APP_NAME).unwrap().bytecode,
        &verifier.into_word().0,
    )
    .await;

    // The contract's commitment is the Rust one.
    let call = ITrellisVerifier::commitmentCall {
        programId: FixedBytes(program_id),
        exitCode: chain.exit_code,
        publicOutput: Bytes::copy_from_slice(&output),
    };
    let returned = client.call(verifier, &call.abi_encode()).await.unwrap();
    assert_eq!(returned.as_ref(), chain.commitment().as_slice());

    let count = |client: &EvmClient| {
        let client = client.clone();
        async move {
            let data = ITrellisResults::verifiedCountCall {}.abi_encode();
            U256::from_be_slice(&client.call(app, &data).await.unwrap())
        }
    };

    // Forgeries: each reverts (mined with a fixed gas limit, status 0), state unchanged.
    let mut flipped = bytes.clone();
    flipped[100] ^= 1;
    let mut other_program = program_id;
    other_program[31] ^= 1;
    let mut other_exit = bytes.clone();
    other_exit[259] ^= 1;
    let forgeries: [(&str, Vec<u8>); 4] = [
        (
            "a flipped proof byte",
            submit_data(&flipped, program_id, &output),
        ),
        (
            "another program's id",
            submit_data(&bytes, other_program, &output),
        ),
        (
            "a wrong public output",
            submit_data(&bytes, program_id, &wrong),
        ),
        (
            "another exit code",
            submit_data(&other_exit, program_id, &output),
        ),
    ];
    for (what, data) in &forgeries {
        let tx = client
            .send_with_gas_limit(app, data, 1_000_000)
            .await
            .expect("mined");
        assert!(!tx.success, "{what}: the transaction must revert");
        println!("{what}: reverted ({:?})", tx.revert_reason);
        assert_eq!(count(&client).await, U256::ZERO, "{what}: state unchanged");
    }

    // The honest submission.
    let tx = client
        .send(app, &submit_data(&bytes, program_id, &output))
        .await
        .expect("the honest proof is accepted");
    assert!(tx.success);
    assert_ne!(tx.tx_hash, B256::ZERO);
    let event = tx
        .logs
        .iter()
        .find_map(|log| ITrellisResults::RunVerified::decode_log(log).ok())
        .expect("a RunVerified event");
    assert_eq!(event.programId.0, program_id);
    assert_eq!(event.exitCode, chain.exit_code);
    let digest: [u8; 32] = Sha256::digest(&output).into();
    assert_eq!(event.outputDigest.0, digest);
    assert_eq!(count(&client).await, U256::from(1));
    println!(
        "TrellisResults.submit: {} gas (tx {}, block {}), program id {}, output digest {}",
        tx.gas_used,
        tx.tx_hash,
        tx.block_number,
        B256::from(program_id),
        B256::from(digest)
    );
}
