//! `trellis aggregate`: one proof for a whole run.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{Trellis, VerifyingKey};

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
    /// Where finished aggregation nodes are kept until the proof is written;
    /// re-running after an interruption resumes from them. Default: the
    /// output path with `.work` appended (same rules as `trellis prove`'s).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// The shape catalog the segments were proven against (`trellis prove --segments
    /// --shape-catalog FILE`): the aggregation keys are made from all of it, the same
    /// for every run proven against it.
    #[arg(long, value_name = "FILE")]
    shape_catalog: Option<PathBuf>,
}

pub fn aggregate(args: AggregateArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    trellis_sdk::files::check_distinct(
        &args.output,
        "--output",
        &[(&args.proof, "the proof"), (&args.vk, "the verifying key")],
    )?;
    let vk = VerifyingKey::from_bytes(trellis.vm(), &super::read_file(&args.vk)?, &args.vk)?;
    let proof_bytes = super::read_file(&args.proof)?;
    let catalog = match &args.shape_catalog {
        Some(path) => Some(
            trellis_sdk::ShapeCatalogFile::read(path)?
                .shapes_for(&vk)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => None,
    };
    let work_dir = args.work_dir.clone().unwrap_or_else(|| {
        let mut name = args.output.clone().into_os_string();
        name.push(".work");
        PathBuf::from(name)
    });
    eprintln!(
        "aggregating the segment proofs of {} (work directory {})",
        args.proof.display(),
        work_dir.display()
    );
    let start = Instant::now();
    let aggregated = trellis.aggregate_to_file(
        &vk,
        &proof_bytes,
        &args.proof,
        &args.output,
        Some(&work_dir),
        catalog.as_deref(),
        &|step| eprintln!("{}", super::aggregate_progress::describe_aggregation(&step)),
    )?;
    eprintln!(
        "aggregated in {:.1} s: {} ({} bytes, {} segment shape(s))",
        start.elapsed().as_secs_f64(),
        args.output.display(),
        aggregated.to_bytes().len(),
        aggregated.shapes.len()
    );
    Ok(ExitCode::SUCCESS)
}
