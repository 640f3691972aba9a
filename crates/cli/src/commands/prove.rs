//! `trellis prove`.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{ExecOptions, ProveStage, ProvingKey, Trellis};

#[derive(Args, Debug)]
pub struct ProveArgs {
    /// An RV32IM ELF or a Trellis program file.
    program: PathBuf,
    /// The proving key from `trellis keygen`.
    #[arg(long, default_value = "trellis.pk")]
    pk: PathBuf,
    /// File whose bytes are the guest's private input.
    #[arg(short, long)]
    input: Option<PathBuf>,
    /// Where to write the proof.
    #[arg(short, long, default_value = "trellis.proof")]
    output: PathBuf,
    /// Stop with an error after this many instructions.
    #[arg(long, default_value_t = 1 << 24)]
    max_cycles: u64,
}

pub fn prove(args: ProveArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    let program = trellis.load_program(&args.program)?;
    let input = match &args.input {
        Some(path) => super::read_file(path)?,
        None => Vec::new(),
    };
    let pk = ProvingKey::from_bytes(
        trellis.vm(),
        &program,
        &super::read_file(&args.pk)?,
        &args.pk,
    )?;
    let start = Instant::now();
    let mut last = Instant::now();
    let mut report = |stage: ProveStage| {
        let label = match stage {
            ProveStage::Execution => "execution (tracing mode)",
            ProveStage::TraceGeneration => "trace generation",
            ProveStage::Proving => "commitment, quotient and openings",
        };
        if stage != ProveStage::Execution {
            eprintln!("  done in {:.2} s", last.elapsed().as_secs_f64());
        }
        eprintln!("{label} ...");
        last = Instant::now();
    };
    let options = ExecOptions {
        max_cycles: args.max_cycles,
    };
    let (result, proof) = trellis.prove(&pk, &program, input, &options, &mut report)?;
    eprintln!("  done in {:.2} s", last.elapsed().as_secs_f64());
    let bytes = proof.to_bytes();
    super::write_file(&args.output, &bytes)?;
    eprintln!(
        "proved {} cycles in {:.2} s ({:.0} cycles/s); exit code {}; {} bytes of public output; proof {} ({} bytes)",
        result.cycles,
        start.elapsed().as_secs_f64(),
        result.cycles as f64 / start.elapsed().as_secs_f64(),
        result.exit_code,
        result.public_output.len(),
        args.output.display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
