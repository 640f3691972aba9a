//! `trellis evm`: the route to a chain (docs/evm.md) — a chain key (Groth16 setup), chain
//! proofs, the contracts' sources and their deployment.

use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use trellis_sdk::chain::{ChainEndpoint, ChainKey, deploy_chain_contracts_at};
use trellis_sdk::{AggregatedProof, Trellis, VerifyOptions, VerifyingKey};

#[derive(Args, Debug)]
pub struct EvmArgs {
    #[command(subcommand)]
    command: EvmCommand,
}

#[derive(Subcommand, Debug)]
enum EvmCommand {
    /// Make a chain key (a Groth16 setup) for the aggregation keys of an aggregated proof.
    Setup(SetupArgs),
    /// Make the chain proof of an aggregated proof (what `trellis submit` sends).
    Prove(ProveArgs),
    /// Write the contracts of a chain key: Solidity sources, ABI and bytecode.
    Export(ExportArgs),
    /// Deploy the contracts of a chain key; prints their addresses.
    Deploy(DeployArgs),
}

/// The aggregated proof and program key every proving step starts from.
#[derive(Args, Debug)]
struct RunFiles {
    /// The aggregated proof (`trellis prove`'s default output).
    #[arg(default_value = "trellis.proof")]
    proof: PathBuf,
    /// The program's verifying key.
    #[arg(long, default_value = "trellis.vk")]
    vk: PathBuf,
    /// Accept a program key made with the INSECURE test parameters (tests only).
    #[arg(long)]
    allow_insecure_test_params: bool,
}

impl RunFiles {
    fn load(&self, trellis: &Trellis) -> anyhow::Result<(VerifyingKey, AggregatedProof)> {
        let vk = VerifyingKey::from_bytes(trellis.vm(), &super::read_file(&self.vk)?, &self.vk)?;
        let bytes = super::read_file(&self.proof)?;
        if !AggregatedProof::is_aggregated_file(&bytes) {
            anyhow::bail!(
                "{}: not an aggregated proof (run `trellis prove` without --segments, or `trellis aggregate`)",
                self.proof.display()
            );
        }
        let proof = AggregatedProof::from_bytes(&bytes, &self.proof)?;
        Ok((vk, proof))
    }

    fn options(&self) -> VerifyOptions {
        VerifyOptions {
            allow_insecure_test_params: self.allow_insecure_test_params,
        }
    }
}

#[derive(Args, Debug)]
struct SetupArgs {
    #[command(flatten)]
    run: RunFiles,
    /// Where to write the chain key (hundreds of megabytes).
    #[arg(short, long, default_value = "trellis.chainkey")]
    output: PathBuf,
}

#[derive(Args, Debug)]
struct ProveArgs {
    #[command(flatten)]
    run: RunFiles,
    /// The chain key from `trellis evm setup`.
    #[arg(long, default_value = "trellis.chainkey")]
    key: PathBuf,
    /// Where to write the chain proof.
    #[arg(short, long, default_value = "trellis.chainproof")]
    output: PathBuf,
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// The chain key from `trellis evm setup`.
    #[arg(long, default_value = "trellis.chainkey")]
    key: PathBuf,
    /// The folder to write the contracts into (created if missing).
    #[arg(short, long, default_value = "contracts")]
    output: PathBuf,
}

/// A node and the account that sends transactions to it.
#[derive(Args, Debug)]
pub struct EndpointArgs {
    /// The node's JSON-RPC URL.
    #[arg(long, value_name = "URL")]
    rpc: String,
    /// The chain id the node must serve (31337: anvil's).
    #[arg(long, default_value_t = 31337)]
    chain_id: u64,
    /// The sender's private key (hex); default: $TRELLIS_PRIVATE_KEY, else, on chain
    /// 31337 only, anvil's first development account.
    #[arg(long, value_name = "HEX")]
    private_key: Option<String>,
    /// Seconds to wait for each request and for a receipt.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
}

impl EndpointArgs {
    /// The endpoint, with the key chosen as documented.
    pub fn endpoint(&self) -> anyhow::Result<ChainEndpoint> {
        let private_key = match (&self.private_key, std::env::var("TRELLIS_PRIVATE_KEY")) {
            (Some(key), _) => key.clone(),
            (None, Ok(key)) => key,
            (None, Err(_)) if self.chain_id == trellis_sdk::chain::ANVIL_CHAIN_ID => {
                eprintln!("sender: anvil's first development account (--private-key to change)");
                trellis_sdk::chain::ANVIL_DEV_KEY.to_string()
            }
            (None, Err(_)) => anyhow::bail!(
                "no sender key: pass --private-key or set TRELLIS_PRIVATE_KEY (chain {})",
                self.chain_id
            ),
        };
        Ok(ChainEndpoint {
            rpc_url: self.rpc.clone(),
            chain_id: self.chain_id,
            private_key,
            timeout: Duration::from_secs(self.timeout),
        })
    }
}

#[derive(Args, Debug)]
struct DeployArgs {
    /// The chain key from `trellis evm setup`.
    #[arg(long, default_value = "trellis.chainkey")]
    key: PathBuf,
    #[command(flatten)]
    endpoint: EndpointArgs,
}

pub fn evm(args: EvmArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    match args.command {
        EvmCommand::Setup(a) => setup(a, trellis),
        EvmCommand::Prove(a) => prove(a, trellis),
        EvmCommand::Export(a) => export(a),
        EvmCommand::Deploy(a) => deploy(a),
    }
}

fn load_key(path: &Path) -> anyhow::Result<ChainKey> {
    eprintln!("loading the chain key {}", path.display());
    Ok(ChainKey::from_bytes(&super::read_file(path)?, path)?)
}

/// A Groth16 RNG seeded from the operating system (its state is dropped on return).
fn os_rng() -> ark_std::rand::rngs::StdRng {
    use ark_std::rand::SeedableRng;
    let mut seed = [0u8; 32];
    rand::fill(&mut seed);
    ark_std::rand::rngs::StdRng::from_seed(seed)
}

fn setup(args: SetupArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    trellis_sdk::files::check_distinct(
        &args.output,
        "--output",
        &[
            (&args.run.proof, "the proof"),
            (&args.run.vk, "the verifying key"),
        ],
    )?;
    let (vk, proof) = args.run.load(trellis)?;
    eprintln!(
        "Groth16 setup for the aggregation keys of {} (minutes). TRUSTED SETUP: this machine \
         draws the setup's secret randomness and forgets it when done; whoever could read it \
         could forge proofs (docs/evm.md)",
        args.run.proof.display()
    );
    let start = Instant::now();
    let key = {
        let mut rng = os_rng();
        trellis.chain_setup(&vk, &proof, &args.run.options(), &mut rng)?
    };
    let bytes = key.to_bytes()?;
    super::write_file(&args.output, &bytes)?;
    eprintln!(
        "chain key {} ({} bytes) made in {:.1} s",
        args.output.display(),
        bytes.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn prove(args: ProveArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    trellis_sdk::files::check_distinct(
        &args.output,
        "--output",
        &[
            (&args.run.proof, "the proof"),
            (&args.run.vk, "the verifying key"),
            (&args.key, "the chain key"),
        ],
    )?;
    let (vk, proof) = args.run.load(trellis)?;
    // The key is read once the EVM layer is proven (its head and checksum first, to refuse
    // a key that does not fit or is damaged before proving), so that the key's gigabytes
    // at production parameters and the layer prover's peak do not add up.
    eprintln!(
        "proving the EVM layer, then reading the chain key {} and making the Groth16 proof \
         (minutes)",
        args.key.display()
    );
    let start = Instant::now();
    let chain = trellis.chain_prove_with_key_file(
        &vk,
        &proof,
        &args.key,
        &args.run.options(),
        &mut os_rng(),
    )?;
    super::write_file(&args.output, &chain.to_bytes())?;
    eprintln!(
        "chain proof {} made in {:.1} s",
        args.output.display(),
        start.elapsed().as_secs_f64()
    );
    println!("program id: 0x{}", super::hex(&chain.program_id));
    println!("exit code: {}", chain.exit_code);
    println!("public output: 0x{}", super::hex(&chain.public_output));
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let key = load_key(&args.key)?;
    let sources = key.contract_sources()?;
    let compiled = trellis_evm::solc::compile(&sources)?;
    std::fs::create_dir_all(&args.output)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.output.display()))?;
    for source in &sources {
        super::write_file(&args.output.join(&source.name), source.content.as_bytes())?;
    }
    let artifacts: serde_json::Map<String, serde_json::Value> = compiled
        .contracts
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                serde_json::json!({
                    "abi": c.abi,
                    "bytecode": format!("0x{}", super::hex(&c.bytecode)),
                    "deployedBytecode": format!("0x{}", super::hex(&c.deployed_bytecode)),
                }),
            )
        })
        .collect();
    let path = args.output.join("contracts.json");
    super::write_file(&path, serde_json::to_string_pretty(&artifacts)?.as_bytes())?;
    for source in &sources {
        println!("{}", args.output.join(&source.name).display());
    }
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn deploy(args: DeployArgs) -> anyhow::Result<ExitCode> {
    let key = load_key(&args.key)?;
    let endpoint = args.endpoint.endpoint()?;
    let deployed = super::block_on(deploy_chain_contracts_at(&endpoint, &key))??;
    println!("TrellisGroth16Verifier: {}", deployed.groth16);
    println!("TrellisVerifier: {}", deployed.verifier);
    println!("TrellisResults: {}", deployed.app);
    eprintln!(
        "submit chain proofs with: trellis submit PROOF --rpc {} --contract {}",
        endpoint.rpc_url, deployed.app
    );
    Ok(ExitCode::SUCCESS)
}
