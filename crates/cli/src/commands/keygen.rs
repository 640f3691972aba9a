//! `trellis keygen`.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_sdk::{ProofParams, Trellis};

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// An RV32IM ELF or a Trellis program file.
    program: PathBuf,
    /// Where to write the proving key.
    #[arg(long, default_value = "trellis.pk")]
    pk: PathBuf,
    /// Where to write the verifying key.
    #[arg(long, default_value = "trellis.vk")]
    vk: PathBuf,
    /// Print p3-security's full report (every error term of every regime).
    #[arg(long)]
    security_report: bool,
    /// INSECURE: fast parameters for tests only (a few bits of security).
    #[arg(long, hide = true)]
    insecure_test_params: bool,
}

pub fn keygen(args: KeygenArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    let program = trellis.load_program(&args.program)?;
    let params = if args.insecure_test_params {
        eprintln!("WARNING: insecure test parameters: proofs made with this key prove nothing");
        ProofParams::insecure_test_fast()
    } else {
        ProofParams::production()
    };
    let (pk, vk) = trellis.keygen(&program, &params)?;
    super::print_security(vk.security(), args.security_report);
    super::write_file(&args.pk, &pk.to_bytes())?;
    super::write_file(&args.vk, &vk.to_bytes())?;
    eprintln!("wrote {} and {}", args.pk.display(), args.vk.display());
    println!("program id: {}", vk.program_id());
    Ok(ExitCode::SUCCESS)
}
