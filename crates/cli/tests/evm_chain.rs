//! The full stack from the command line, on a real local chain (test parameters): a guest
//! built from source → `trellis prove` (one aggregated proof) → `trellis evm setup`
//! (Groth16 keys) → `trellis evm prove` (EVM layer + Groth16) → `trellis evm export` and
//! `trellis evm deploy` on anvil → `trellis submit`: the transaction succeeds and its
//! event carries the program id and output digest. A flipped proof byte, another
//! program's id and a wrong public output are each refused with the contract's revert
//! reason and a nonzero exit, and the contract's state stays unchanged; an unreachable
//! node, a wrong chain id, an address without code and a damaged proof file give clear
//! errors. (This is CI's one Groth16 setup: minutes.)

use std::path::Path;
use std::process::{Command, Output};

use sha2::{Digest, Sha256};
use trellis_evm::node::DEV_PRIVATE_KEYS;
use trellis_evm::{Address, ClientConfig, EvmClient, LocalNode};
use trellis_sdk::build::build_example;
use trellis_sdk::chain::ChainProofFile;

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("trellis runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The value after `label` on a line of `stdout`.
fn field<'a>(stdout: &'a str, label: &str) -> &'a str {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label:?} in {stdout}"))
        .trim()
}

/// `TrellisResults.verifiedCount()`.
fn verified_count(rpc: &str, chain_id: u64, app: Address) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let config = ClientConfig::new(rpc, chain_id, DEV_PRIVATE_KEYS[0]);
        let client = EvmClient::connect(config).await.unwrap();
        let selector = trellis_evm::groth16::function_selector("verifiedCount()");
        let word = client.call(app, &selector).await.unwrap();
        u64::from_be_bytes(word[24..32].try_into().unwrap())
    })
}

#[test]
fn a_run_goes_from_source_to_a_verified_transaction_on_anvil() {
    let dir = tempfile::tempdir().unwrap();
    let d = |name: &str| dir.path().join(name);
    let elf = build_example("fibonacci").unwrap();
    let (pk, vk, proof) = (d("pk"), d("vk"), d("run.proof"));
    let (key, chain_proof, contracts) = (d("chain.key"), d("run.chainproof"), d("contracts"));
    ok(&trellis(&[
        "keygen",
        p(&elf),
        "--pk",
        p(&pk),
        "--vk",
        p(&vk),
        "--insecure-test-params",
    ]));
    ok(&trellis(&[
        "prove",
        p(&elf),
        "--pk",
        p(&pk),
        "--input-u32",
        "30",
        "--segment-cycles",
        "1024",
        "-o",
        p(&proof),
    ]));
    // Test keys are refused unless allowed.
    let out = trellis(&["evm", "setup", p(&proof), "--vk", p(&vk), "-o", p(&key)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("test parameters"),
        "{}",
        text(&out.stderr)
    );

    let out = trellis(&[
        "evm",
        "setup",
        p(&proof),
        "--vk",
        p(&vk),
        "-o",
        p(&key),
        "--allow-insecure-test-params",
    ]);
    ok(&out);
    assert!(text(&out.stderr).contains("TRUSTED SETUP"));
    let stdout = ok(&trellis(&[
        "evm",
        "prove",
        p(&proof),
        "--vk",
        p(&vk),
        "--key",
        p(&key),
        "-o",
        p(&chain_proof),
        "--allow-insecure-test-params",
    ]));
    let program_id = field(&stdout, "program id:").to_string();

    // A key made for other aggregation keys is refused from its head, a key whose head
    // fits but whose body is damaged from its checksum, both before proving; nothing is
    // written either time.
    let key_bytes = std::fs::read(&key).unwrap();
    let (other_key, damaged_key, unwritten) = (d("other.key"), d("damaged.key"), d("no.proof"));
    let mut other = key_bytes.clone();
    other[trellis_isa::container::HEADER_LEN + 32] ^= 1; // keys_root[0]
    std::fs::write(&other_key, &other).unwrap();
    let mut damaged = key_bytes;
    *damaged.last_mut().unwrap() ^= 1;
    std::fs::write(&damaged_key, &damaged).unwrap();
    for (bad_key, expected) in [
        (&other_key, "made for other aggregation keys"),
        (&damaged_key, "damaged.key"),
    ] {
        let out = trellis(&[
            "evm",
            "prove",
            p(&proof),
            "--vk",
            p(&vk),
            "--key",
            p(bad_key),
            "-o",
            p(&unwritten),
            "--allow-insecure-test-params",
        ]);
        assert!(!out.status.success(), "{}", text(&out.stdout));
        assert!(
            text(&out.stderr).contains(expected),
            "expected {expected:?}: {}",
            text(&out.stderr)
        );
        assert!(!unwritten.exists());
    }
    let file =
        ChainProofFile::from_bytes(&std::fs::read(&chain_proof).unwrap(), &chain_proof).unwrap();
    assert_eq!(program_id, format!("0x{}", hex(&file.program_id)));
    assert_eq!(file.proof.len(), trellis_evm::chain::CHAIN_PROOF_LEN);

    let listed = ok(&trellis(&[
        "evm",
        "export",
        "--key",
        p(&key),
        "-o",
        p(&contracts),
    ]));
    for name in [
        "TrellisVerifier.sol",
        "TrellisResults.sol",
        "TrellisGroth16Verifier.sol",
    ] {
        assert!(contracts.join(name).is_file(), "{name} in {listed}");
    }
    let artifacts: serde_json::Value =
        serde_json::from_slice(&std::fs::read(contracts.join("contracts.json")).unwrap()).unwrap();
    assert!(
        artifacts["TrellisVerifier"]["bytecode"]
            .as_str()
            .unwrap()
            .len()
            > 100
    );

    let node = LocalNode::start().expect("anvil");
    let rpc = node.url();
    let chain_id = node.chain_id().to_string();
    let deployed = ok(&trellis(&[
        "evm",
        "deploy",
        "--key",
        p(&key),
        "--rpc",
        &rpc,
        "--chain-id",
        &chain_id,
    ]));
    let app = field(&deployed, "TrellisResults:").to_string();
    let app_address: Address = app.parse().unwrap();
    // `trellis submit FILE` to `node` (`rpc`, `chain`) and `contract`, then `extra`.
    let submit_to = |file: &Path, rpc: &str, chain: &str, contract: &str, extra: &[&str]| {
        let mut args = vec![
            "submit",
            p(file),
            "--rpc",
            rpc,
            "--contract",
            contract,
            "--chain-id",
            chain,
        ];
        args.extend_from_slice(extra);
        trellis(&args)
    };
    let submit = |file: &Path| submit_to(file, &rpc, &chain_id, &app, &[]);
    /// A refusal whose message says `expected`.
    fn refused(out: &Output, expected: &str) {
        assert!(!out.status.success(), "{}", text(&out.stdout));
        assert!(
            text(&out.stderr).contains(expected),
            "expected {expected:?}: {}",
            text(&out.stderr)
        );
    }

    // Forgeries: refused with the contract's reason, nothing recorded.
    let forge = |name: &str, edit: &dyn Fn(&mut ChainProofFile)| {
        let mut forged = file.clone();
        edit(&mut forged);
        let path = d(name);
        std::fs::write(&path, forged.to_bytes()).unwrap();
        path
    };
    for (what, path) in [
        (
            "a flipped proof byte",
            forge("flipped", &|f| f.proof[77] ^= 1),
        ),
        (
            "another program's id",
            forge("other-program", &|f| f.program_id[0] ^= 1),
        ),
        (
            "a wrong public output",
            forge("other-output", &|f| f.public_output[0] ^= 1),
        ),
        (
            "another exit code",
            forge("other-exit", &|f| {
                f.exit_code ^= 1;
                f.proof[259] ^= 1;
            }),
        ),
    ] {
        println!("{what}: refused");
        refused(&submit(&path), "ProofInvalid()");
        assert_eq!(
            verified_count(&rpc, node.chain_id(), app_address),
            0,
            "{what}"
        );
    }

    // The honest proof.
    let stdout = ok(&submit(&chain_proof));
    let tx = field(&stdout, "transaction:");
    assert!(tx.starts_with("0x") && !tx.trim_start_matches(['0', 'x']).is_empty());
    let gas: u64 = field(&stdout, "gas used:").parse().unwrap();
    assert!(gas < 350_000, "{gas} gas");
    let event = field(&stdout, "event RunVerified:");
    let digest = format!("0x{}", hex(&Sha256::digest(&file.public_output)));
    assert!(
        event.contains(&program_id) && event.contains(&digest),
        "{event} (program id {program_id}, output digest {digest})"
    );
    assert_eq!(verified_count(&rpc, node.chain_id(), app_address), 1);
    println!("trellis submit: {gas} gas, tx {tx}");

    // Clear errors: a damaged file, an unreachable node, a wrong chain id, no code.
    let truncated = d("truncated");
    std::fs::write(&truncated, &std::fs::read(&chain_proof).unwrap()[..100]).unwrap();
    refused(&submit(&truncated), "truncated");
    refused(
        &submit_to(
            &chain_proof,
            "http://127.0.0.1:9",
            &chain_id,
            &app,
            &["--timeout", "5"],
        ),
        "unreachable",
    );
    refused(
        &submit_to(
            &chain_proof,
            &rpc,
            "1",
            &app,
            &["--private-key", DEV_PRIVATE_KEYS[0]],
        ),
        "chain id",
    );
    refused(
        &submit_to(
            &chain_proof,
            &rpc,
            &chain_id,
            "0x00000000000000000000000000000000000000aa",
            &[],
        ),
        "no contract code",
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
