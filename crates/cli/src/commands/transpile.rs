//! `trellis transpile`.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_sdk::Trellis;

#[derive(Args, Debug)]
pub struct TranspileArgs {
    /// The RV32IM ELF.
    elf: PathBuf,
    /// Where to write the program file.
    #[arg(short, long)]
    output: PathBuf,
    /// Write JSON instead of the binary program format.
    #[arg(long)]
    json: bool,
}

pub fn transpile(args: TranspileArgs, trellis: &Trellis) -> anyhow::Result<ExitCode> {
    super::check_distinct(&args.output, "-o", &args.elf, &[])?;
    let bytes =
        std::fs::read(&args.elf).map_err(|e| anyhow::anyhow!("{}: {e}", args.elf.display()))?;
    let program = trellis.transpile(&bytes, &args.elf)?;
    let encoded = if args.json {
        program.to_json().into_bytes()
    } else {
        program.to_file_bytes()
    };
    super::write_file(&args.output, &encoded)?;
    eprintln!(
        "{}: {} instructions, entry {:#010x}, {} initial memory bytes",
        args.output.display(),
        program.instructions.len(),
        program.entry_pc,
        program
            .memory_image
            .iter()
            .map(|s| s.bytes.len())
            .sum::<usize>()
    );
    Ok(ExitCode::SUCCESS)
}
