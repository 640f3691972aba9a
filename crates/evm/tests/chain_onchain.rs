//! The seed's full-stack test, for real (test parameters): a guest built from source →
//! executed and proven in segments → aggregated → EVM layer → Groth16 chain proof →
//! submitted to `TrellisResults` on a real anvil node. The receipt succeeds and its event
//! carries the program id and output digest; a flipped proof byte, another program's id
//! and a wrong public output each revert and leave the contract's state unchanged.

mod common;

use std::time::Instant;

use alloy::primitives::{B256, Bytes, FixedBytes, U256};
use alloy::sol_types::SolCall;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use sha2::{Digest, Sha256};
use trellis_evm::chain::{
    ChainContracts, ChainKeys, ChainProof, Submission, compile_chain_contracts,
    deploy_chain_contracts, submit_call_data, submit_chain_proof, with_chain_errors,
};
use trellis_evm::node::DEV_PRIVATE_KEYS;
use trellis_evm::{ClientConfig, EvmClient, EvmError, LocalNode};
use trellis_recursion::aggregate::{ChainStatement, EvmLayerKeys, EvmLayerProof};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, VerifyOptions};

alloy::sol! {
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
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let options = ProveOptions {
        max_segment_cycles: 1024,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, &30u32.to_le_bytes(), &options, &|_| {})
        .unwrap();
    let aggregated = trellis.aggregate(&vk, &proof).unwrap();
    let run = trellis
        .prove_evm_layer(
            &vk,
            &aggregated,
            &VerifyOptions::allowing_insecure_test_params(),
        )
        .unwrap();
    assert!(
        !run.statement.public_output.is_empty(),
        "fibonacci reveals its result"
    );
    (run.keys, run.proof, run.statement)
}

fn submit_data(proof: &[u8], program_id: [u8; 32], output: &[u8]) -> Vec<u8> {
    submit_call_data(proof, &program_id, output)
}

#[tokio::test]
#[ignore = "the library-level twin of crates/cli/tests/evm_chain.rs, CI's one Groth16 setup (about 5 minutes on 2 cores): run with --ignored"]
async fn a_real_run_is_verified_on_chain_and_forgeries_revert() {
    let (layer_keys, layer, chain) = layer_of_a_real_run();
    let mut rng = StdRng::seed_from_u64(2026);
    let t = Instant::now();
    let keys = ChainKeys::setup(&layer_keys.vk, &layer, &chain, &mut rng).expect("setup");
    let setup = t.elapsed();
    let t = Instant::now();
    let proof = keys
        .prove(&layer_keys.vk, &layer, &chain, &mut rng)
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
    let refused = keys.prove(&layer_keys.vk, &layer, &forged, &mut rng);
    assert!(
        matches!(&refused, Err(EvmError::InvalidInput(m)) if m.contains("rejects")),
        "{:?}",
        refused.err()
    );

    let compiled = compile_chain_contracts(&keys.vk).expect("compile");
    let node = LocalNode::start().expect("anvil");
    let config = ClientConfig::new(node.url(), node.chain_id(), DEV_PRIVATE_KEYS[0]);
    let client = EvmClient::connect(config).await.expect("connect");
    let client = with_chain_errors(client, &compiled).unwrap();
    let ChainContracts { verifier, app, .. } = deploy_chain_contracts(&client, &compiled)
        .await
        .expect("deploy");

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
            let data = trellis_evm::groth16::function_selector("verifiedCount()");
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
    let Submission { tx, event } = submit_chain_proof(&client, app, &bytes, &program_id, &output)
        .await
        .expect("the honest proof is accepted");
    assert!(tx.success);
    assert_ne!(tx.tx_hash, B256::ZERO);
    assert_eq!(event.program_id.0, program_id);
    assert_eq!(event.exit_code, chain.exit_code);
    let digest: [u8; 32] = Sha256::digest(&output).into();
    assert_eq!(event.output_digest.0, digest);
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
