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
    super::check_distinct(&args.pk, "--pk", &args.program, &[])?;
    super::check_distinct(&args.vk, "--vk", &args.program, &[])?;
    trellis_sdk::files::check_distinct(&args.vk, "--vk", &[(&args.pk, "the --pk output")])?;
    if args.pk == args.vk {
        anyhow::bail!("--pk and --vk name the same file {}", args.pk.display());
    }
    let program = trellis.load_program(&args.program)?;
    let params = if args.insecure_test_params {
        eprintln!("WARNING: insecure test parameters: proofs made with this key prove nothing");
        ProofParams::insecure_test_fast()
    } else {
        ProofParams::production()
    };
    let (pk, vk) = trellis.keygen(&program, &params)?;
    super::print_security(vk.security(), args.security_report);
    // Both are complete on disk before either replaces an old file.
    use std::io::Write;
    let mut pk_file = trellis_sdk::files::AtomicFile::create(&args.pk)?;
    let mut vk_file = trellis_sdk::files::AtomicFile::create(&args.vk)?;
    pk_file
        .writer()
        .write_all(&pk.to_bytes())
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.pk.display()))?;
    vk_file
        .writer()
        .write_all(&vk.to_bytes())
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.vk.display()))?;
    pk_file.commit()?;
    vk_file.commit()?;
    eprintln!("wrote {} and {}", args.pk.display(), args.vk.display());
    println!("program id: {}", vk.program_id());
    Ok(ExitCode::SUCCESS)
}
