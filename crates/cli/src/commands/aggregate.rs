//! `trellis aggregate`: one proof for a whole run.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{Trellis, TrellisProof, VerifyingKey};

#[derive(Args, Debug)]
pub struct AggregateArgs {
    /// The proof file from `trellis prove` (its segment proofs are aggregated).
    #[arg(default_value = "trellis.proof")]
    proof: PathBuf,
    /// The verifying key from `trellis keygen`.
    #[arg(long, default_value = "trellis.vk")]
    vk: PathBuf,
    /// Where to write the aggregated proof.
    #[arg(short, long, default_value = "trellis.agg")]
    output: PathBuf,
}

pub fn aggregate(args: AggregateArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    trellis_sdk::files::check_distinct(
        &args.output,
        "--output",
        &[(&args.proof, "the proof"), (&args.vk, "the verifying key")],
    )?;
    let vk = VerifyingKey::from_bytes(trellis.vm(), &super::read_file(&args.vk)?, &args.vk)?;
    let proof = TrellisProof::from_bytes(&super::read_file(&args.proof)?, &args.proof)?;
    eprintln!(
        "aggregating {} segment proof(s) (keys from their shapes, then leaves and internal nodes)",
        proof.segments.len()
    );
    let start = Instant::now();
    let aggregated = trellis.aggregate(&vk, &proof)?;
    let bytes = aggregated.to_bytes();
    super::write_file(&args.output, &bytes)?;
    eprintln!(
        "aggregated in {:.1} s: {} ({} bytes, {} segment shape(s))",
        start.elapsed().as_secs_f64(),
        args.output.display(),
        bytes.len(),
        aggregated.shapes.len()
    );
    Ok(ExitCode::SUCCESS)
}
