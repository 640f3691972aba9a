//! The generated Groth16 verifier and the example application on a real anvil node.

mod common;

use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::sol_types::{SolCall, SolEvent, SolValue};
use ark_bn254::G1Affine;
use ark_ec::AffineRepr;
use common::{VERIFIER_NAME, contracts, fixture, node_and_client};
use trellis_evm::groth16::{
    self, EXAMPLE_APP_NAME, SCALAR_FIELD_MODULUS, VERIFY_FUNCTION, call_data, encode_proof,
    encode_public_inputs,
};
use trellis_evm::{EvmClient, EvmError};

alloy::sol! {
    interface IVerifiedResults {
        event ResultVerified(address indexed submitter, bytes32 indexed inputsHash, uint256[2] input);
        function verifiedCount() external view returns (uint256);
        function verified(bytes32 inputsHash) external view returns (bool);
    }
}

async fn deploy_verifier(client: &EvmClient) -> Address {
    let verifier = contracts().contract(VERIFIER_NAME).unwrap();
    client
        .deploy(&verifier.bytecode, &[])
        .await
        .expect("deploy verifier")
        .address
}

fn valid_call() -> ([U256; 8], Vec<U256>) {
    let f = fixture();
    (encode_proof(&f.proof), encode_public_inputs(&f.inputs))
}

fn assert_reverts_with(result: Result<impl std::fmt::Debug, EvmError>, expected: &str) {
    match result {
        Err(EvmError::Reverted { reason, .. }) => assert_eq!(reason, expected),
        other => panic!("expected a revert with {expected}, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_proof_verifies_and_reports_gas() {
    let (_node, client) = node_and_client().await;
    let verifier = deploy_verifier(&client).await;
    let (proof, inputs) = valid_call();
    let data = call_data(VERIFY_FUNCTION, &proof, &inputs);
    let returned = client
        .call(verifier, &data)
        .await
        .expect("a valid proof verifies");
    assert!(returned.is_empty(), "verifyProof returns nothing");
    let tx = client.send(verifier, &data).await.expect("transaction");
    assert!(tx.success);
    assert_ne!(tx.tx_hash, B256::ZERO);
    assert!(tx.block_number > 0);
    assert!(
        tx.gas_used > 150_000 && tx.gas_used < 350_000,
        "gas {}",
        tx.gas_used
    );
    println!(
        "groth16 verifyProof (2 public inputs): {} gas for the whole transaction (tx {}, block {})",
        tx.gas_used, tx.tx_hash, tx.block_number
    );
}

#[tokio::test]
async fn tampered_proofs_and_inputs_revert() {
    let (_node, client) = node_and_client().await;
    let verifier = deploy_verifier(&client).await;
    let (proof, inputs) = valid_call();

    // One flipped bit in each coordinate: a point off the curve or a wrong point.
    for i in 0..8 {
        let mut bad = proof;
        bad[i] ^= U256::from(1);
        let data = call_data(VERIFY_FUNCTION, &bad, &inputs);
        assert_reverts_with(client.call(verifier, &data).await, "ProofInvalid()");
    }
    // A valid curve point in the wrong place: C replaced by C + G1.
    let f = fixture();
    let mut moved = f.proof.clone();
    moved.c = (moved.c + G1Affine::generator()).into();
    let data = call_data(VERIFY_FUNCTION, &encode_proof(&moved), &inputs);
    assert_reverts_with(client.call(verifier, &data).await, "ProofInvalid()");
    // B with its coordinates in (re, im) order instead of (im, re).
    let mut swapped = proof;
    swapped.swap(2, 3);
    swapped.swap(4, 5);
    let data = call_data(VERIFY_FUNCTION, &swapped, &inputs);
    assert_reverts_with(client.call(verifier, &data).await, "ProofInvalid()");

    // A mined transaction with a bad proof reverts (status 0) with the reason.
    let mut bad = proof;
    bad[6] ^= U256::from(1);
    let data = call_data(VERIFY_FUNCTION, &bad, &inputs);
    let tx = client
        .send_with_gas_limit(verifier, &data, 1_000_000)
        .await
        .expect("mined");
    assert!(!tx.success);
    assert_eq!(tx.revert_reason.as_deref(), Some("ProofInvalid()"));

    // Wrong public inputs.
    for i in 0..inputs.len() {
        let mut wrong = inputs.clone();
        wrong[i] += U256::from(1);
        let data = call_data(VERIFY_FUNCTION, &proof, &wrong);
        assert_reverts_with(client.call(verifier, &data).await, "ProofInvalid()");
    }
}

#[tokio::test]
async fn public_inputs_not_below_the_modulus_are_rejected() {
    let (_node, client) = node_and_client().await;
    let verifier = deploy_verifier(&client).await;
    let (proof, inputs) = valid_call();
    let r: U256 = SCALAR_FIELD_MODULUS.parse().unwrap();
    // input + r is the same scalar to the precompile: without the check it would verify.
    for (i, value) in [(1, inputs[1] + r), (0, r), (0, U256::MAX)] {
        let mut big = inputs.clone();
        big[i] = value;
        let data = call_data(VERIFY_FUNCTION, &proof, &big);
        assert_reverts_with(
            client.call(verifier, &data).await,
            &format!("PublicInputNotInField({i})"),
        );
    }
}

#[tokio::test]
async fn example_app_records_only_valid_proofs_and_emits_an_event() {
    let (_node, client) = node_and_client().await;
    let verifier = deploy_verifier(&client).await;
    let app_code = &contracts().contract(EXAMPLE_APP_NAME).unwrap().bytecode;
    let app = client
        .deploy(app_code, &verifier.abi_encode())
        .await
        .expect("deploy app")
        .address;
    let count = || async {
        let data = IVerifiedResults::verifiedCountCall {}.abi_encode();
        let out = client.call(app, &data).await.expect("verifiedCount");
        IVerifiedResults::verifiedCountCall::abi_decode_returns(&out).unwrap()
    };
    let (proof, inputs) = valid_call();
    // Solidity's abi.encode(uint256[2]): the two words, no length.
    let fixed: [U256; 2] = inputs.clone().try_into().unwrap();
    let inputs_hash = keccak256(fixed.abi_encode());
    let is_verified = || async {
        let data = IVerifiedResults::verifiedCall {
            inputsHash: inputs_hash,
        }
        .abi_encode();
        let out = client.call(app, &data).await.expect("verified");
        IVerifiedResults::verifiedCall::abi_decode_returns(&out).unwrap()
    };

    // Invalid: rejected before sending, and reverted when mined anyway; no state change.
    let mut bad = proof;
    bad[0] ^= U256::from(1);
    let bad_data = call_data("submit", &bad, &inputs);
    assert_reverts_with(client.send(app, &bad_data).await, "ProofInvalid()");
    let tx = client
        .send_with_gas_limit(app, &bad_data, 1_000_000)
        .await
        .expect("mined");
    assert!(!tx.success && tx.logs.is_empty());
    assert_eq!(tx.revert_reason.as_deref(), Some("ProofInvalid()"));
    let mut wrong = inputs.clone();
    wrong[1] += U256::from(1);
    let tx = client
        .send_with_gas_limit(app, &call_data("submit", &proof, &wrong), 1_000_000)
        .await
        .expect("mined");
    assert!(!tx.success);
    assert_eq!(count().await, U256::ZERO);
    assert!(!is_verified().await);

    // Valid: recorded, counted, and announced.
    let tx = client
        .send(app, &call_data("submit", &proof, &inputs))
        .await
        .expect("submit");
    assert!(tx.success);
    println!(
        "example app submit (verify + record + event): {} gas",
        tx.gas_used
    );
    assert_eq!(tx.logs.len(), 1);
    let event = IVerifiedResults::ResultVerified::decode_log(&tx.logs[0]).expect("event");
    assert_eq!(event.address, app);
    assert_eq!(event.submitter, client.sender());
    assert_eq!(event.inputsHash, inputs_hash);
    assert_eq!(event.input.to_vec(), inputs);
    assert_eq!(count().await, U256::from(1));
    assert!(is_verified().await);
}

#[test]
fn generated_verifier_rejects_keys_without_public_inputs_and_bad_names() {
    let mut vk = fixture().vk.clone();
    assert!(matches!(
        groth16::verifier_source(&vk, "Not A Name"),
        Err(EvmError::InvalidInput(_))
    ));
    vk.gamma_abc_g1.truncate(1);
    assert!(matches!(
        groth16::verifier_source(&vk, "V"),
        Err(EvmError::InvalidInput(_))
    ));
}
