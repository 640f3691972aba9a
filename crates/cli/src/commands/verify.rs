//! `trellis verify`.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{Trellis, TrellisProof, VerifyingKey};

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The proof file.
    #[arg(default_value = "trellis.proof")]
    proof: PathBuf,
    /// The verifying key from `trellis keygen`.
    #[arg(long, default_value = "trellis.vk")]
    vk: PathBuf,
}

pub fn verify(args: VerifyArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    let vk = VerifyingKey::from_bytes(trellis.vm(), &super::read_file(&args.vk)?, &args.vk)?;
    let proof = TrellisProof::from_bytes(&super::read_file(&args.proof)?, &args.proof)?;
    let start = Instant::now();
    let claim = trellis.verify(&vk, &proof)?;
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
