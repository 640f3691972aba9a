//! `trellis submit`: a chain proof sent to a `TrellisResults` contract.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_sdk::chain::{ChainProofFile, submit_chain_proof_at};

use super::evm::EndpointArgs;

#[derive(Args, Debug)]
pub struct SubmitArgs {
    /// The chain proof from `trellis evm prove`.
    #[arg(default_value = "trellis.chainproof")]
    proof: PathBuf,
    /// The `TrellisResults` contract (`trellis evm deploy` prints it).
    #[arg(long, value_name = "ADDRESS")]
    contract: String,
    #[command(flatten)]
    endpoint: EndpointArgs,
}

pub fn submit(args: SubmitArgs) -> anyhow::Result<ExitCode> {
    let proof = ChainProofFile::from_bytes(&super::read_file(&args.proof)?, &args.proof)?;
    let app: trellis_evm::Address = args
        .contract
        .parse()
        .map_err(|e| anyhow::anyhow!("--contract {}: {e}", args.contract))?;
    let endpoint = args.endpoint.endpoint()?;
    let submission = super::block_on(submit_chain_proof_at(&endpoint, app, &proof))??;
    println!("transaction: {}", submission.tx.tx_hash);
    println!("block: {}", submission.tx.block_number);
    println!("gas used: {}", submission.tx.gas_used);
    println!(
        "event RunVerified: program id {}, exit code {}, output digest {}",
        submission.event.program_id, submission.event.exit_code, submission.event.output_digest
    );
    Ok(ExitCode::SUCCESS)
}
