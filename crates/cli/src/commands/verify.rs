//! `trellis verify`.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{Trellis, TrellisProof, VerifyOptions, VerifyingKey};

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The proof file.
    #[arg(default_value = "trellis.proof")]
    proof: PathBuf,
    /// The verifying key from `trellis keygen`.
    #[arg(long, default_value = "trellis.vk")]
    vk: PathBuf,
    /// Print p3-security's full report (every error term of every regime).
    #[arg(long)]
    security_report: bool,
    /// Accept a key made with the INSECURE test parameters (`keygen
    /// --insecure-test-params`); such a proof proves nothing.
    #[arg(long)]
    allow_insecure_test_params: bool,
}

pub fn verify(args: VerifyArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    let vk = VerifyingKey::from_bytes(trellis.vm(), &super::read_file(&args.vk)?, &args.vk)?;
    super::print_security(vk.security(), args.security_report);
    let proof = TrellisProof::from_bytes(&super::read_file(&args.proof)?, &args.proof)?;
    let options = VerifyOptions {
        allow_insecure_test_params: args.allow_insecure_test_params,
    };
    let start = Instant::now();
    let claim = trellis.verify_with(&vk, &proof, &options)?;
    eprintln!(
        "proof of {} segment(s) verified in {:.3} s",
        proof.segments.len(),
        start.elapsed().as_secs_f64()
    );
    println!("program id: {}", vk.program_id());
    println!("exit code: {}", claim.exit_code);
    println!(
        "entry pc: {:#010x}, final pc: {:#010x}",
        claim.entry_pc, claim.final_pc
    );
    let hex: String = claim
        .public_output
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("public output ({} bytes): {hex}", claim.public_output.len());
    Ok(ExitCode::SUCCESS)
}
