//! The local node, the compiler and the client's errors, on a real anvil node.

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use alloy::primitives::{Address, U256};
use trellis_evm::node::{DEFAULT_CHAIN_ID, DEV_PRIVATE_KEYS};
use trellis_evm::solc::{self, Source};
use trellis_evm::{ClientConfig, EvmClient, EvmError, LocalNode, tools};

const THROWER: &str = r#"// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
contract Thrower {
    error TooBig(uint256 value, uint256 limit);
    uint256 public stored;
    function store(uint256 value) external {
        if (value > 100) revert TooBig(value, 100);
        require(value != 13, "unlucky number");
        stored = value;
    }
}
"#;

fn process_exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

fn config(node: &LocalNode) -> ClientConfig {
    ClientConfig::new(node.url(), node.chain_id(), DEV_PRIVATE_KEYS[0])
}

#[tokio::test]
async fn deploy_send_and_decode_reverts() {
    let node = LocalNode::start().expect("start anvil");
    let compiled = solc::compile(&[Source::new("Thrower.sol", THROWER)]).expect("compile");
    assert!(
        compiled.compiler_version.starts_with("0.8.28"),
        "{}",
        compiled.compiler_version
    );
    let thrower = compiled.contract("Thrower").unwrap();
    let client = EvmClient::connect(config(&node)).await.expect("connect");
    assert_eq!(client.chain_id(), DEFAULT_CHAIN_ID);
    let client = client.with_errors_of(&thrower.abi);
    let deployed = client.deploy(&thrower.bytecode, &[]).await.expect("deploy");
    assert!(deployed.tx.success);
    assert_eq!(deployed.tx.contract_address, Some(deployed.address));

    let store = |v: u64| {
        let mut data = trellis_evm::groth16::function_selector("store(uint256)").to_vec();
        data.extend_from_slice(&U256::from(v).to_be_bytes::<32>());
        data
    };
    let stored = || async {
        let data = trellis_evm::groth16::function_selector("stored()");
        U256::from_be_slice(&client.call(deployed.address, &data).await.expect("stored"))
    };
    let tx = client
        .send(deployed.address, &store(7))
        .await
        .expect("store 7");
    assert!(tx.success && tx.gas_used > 21_000);
    assert_eq!(stored().await, U256::from(7));
    match client.send(deployed.address, &store(13)).await {
        Err(EvmError::Reverted { reason, .. }) => {
            assert!(reason.contains("unlucky number"), "{reason}")
        }
        other => panic!("expected a revert, got {other:?}"),
    }
    match client.send(deployed.address, &store(500)).await {
        Err(EvmError::Reverted { reason, .. }) => assert_eq!(reason, "TooBig(500, 100)"),
        other => panic!("expected a revert, got {other:?}"),
    }
    let mined = client
        .send_with_gas_limit(deployed.address, &store(13), 200_000)
        .await
        .expect("mined");
    assert!(!mined.success);
    assert!(
        mined
            .revert_reason
            .as_deref()
            .unwrap_or_default()
            .contains("unlucky number")
    );
    assert_eq!(stored().await, U256::from(7));
}

#[tokio::test]
async fn wrong_chain_id_and_address_without_code_are_typed_errors() {
    let node = LocalNode::start().expect("start anvil");
    let mut wrong = config(&node);
    wrong.chain_id = 1;
    match EvmClient::connect(wrong).await {
        Err(EvmError::WrongChainId {
            expected: 1,
            actual,
            ..
        }) => assert_eq!(actual, DEFAULT_CHAIN_ID),
        other => panic!("expected WrongChainId, got {other:?}"),
    }
    let client = EvmClient::connect(config(&node)).await.expect("connect");
    let nobody = Address::repeat_byte(0x42);
    for result in [
        client.call(nobody, &[1, 2, 3, 4]).await.map(|_| ()),
        client.send(nobody, &[1, 2, 3, 4]).await.map(|_| ()),
        client.ensure_code(nobody).await,
    ] {
        assert!(matches!(result, Err(EvmError::NoCode { address }) if address == nobody));
    }
}

#[tokio::test]
async fn unreachable_and_silent_nodes_fail_quickly() {
    // A port nothing listens on: connection refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    let url = format!("http://127.0.0.1:{port}");
    let result = EvmClient::connect(ClientConfig::new(&url, 1, DEV_PRIVATE_KEYS[0])).await;
    assert!(
        matches!(result, Err(EvmError::Unreachable { .. })),
        "{result:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(5));

    // A port that accepts connections but never answers: the timeout.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let start = Instant::now();
    let config =
        ClientConfig::new(&url, 1, DEV_PRIVATE_KEYS[0]).with_timeout(Duration::from_millis(500));
    let result = EvmClient::connect(config).await;
    assert!(
        matches!(result, Err(EvmError::Timeout { .. })),
        "{result:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(5));

    let bad_url = EvmClient::connect(ClientConfig::new("not a url", 1, DEV_PRIVATE_KEYS[0])).await;
    assert!(
        matches!(bad_url, Err(EvmError::InvalidUrl { .. })),
        "{bad_url:?}"
    );
    let bad_key = EvmClient::connect(ClientConfig::new(&url, 1, "0x1234")).await;
    assert!(
        matches!(bad_key, Err(EvmError::InvalidInput(_))),
        "{bad_key:?}"
    );
}

#[test]
fn local_node_is_killed_on_drop_even_when_a_test_panics() {
    let node = LocalNode::start().expect("start anvil");
    let pid = node.pid();
    assert!(node.url().starts_with("http://127.0.0.1:"));
    assert!(process_exists(pid));
    drop(node);
    assert!(!process_exists(pid), "anvil {pid} still runs after drop");

    let (tx, rx) = std::sync::mpsc::channel();
    let panicked = std::thread::spawn(move || {
        let node = LocalNode::start().expect("start anvil");
        tx.send(node.pid()).unwrap();
        panic!("a test failing while the node runs");
    })
    .join();
    assert!(panicked.is_err());
    let pid = rx.recv().unwrap();
    assert!(
        !process_exists(pid),
        "anvil {pid} outlived a panicking test"
    );
}

#[test]
fn compiler_errors_and_missing_tools_are_reported_clearly() {
    let broken = Source::new(
        "Broken.sol",
        "pragma solidity ^0.8.24;\ncontract Broken { function f( }\n",
    );
    match solc::compile(&[broken]) {
        Err(EvmError::Compile(message)) => {
            assert!(
                message.contains("ParserError") && message.contains("Broken.sol"),
                "{message}"
            )
        }
        other => panic!("expected a compile error, got {other:?}"),
    }
    let empty = tempfile::tempdir().unwrap();
    for result in [
        tools::anvil_binary_in(empty.path()),
        tools::solc_package_in(empty.path()),
    ] {
        let error = result.expect_err("nothing is installed there");
        assert!(matches!(error, EvmError::ToolMissing { .. }));
        assert!(error.to_string().contains("scripts/setup.sh"), "{error}");
    }
}
