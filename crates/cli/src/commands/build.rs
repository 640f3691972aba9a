//! `trellis build`.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_sdk::build::{BuildOptions, build_guest};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Guest source: a Rust crate directory, a `.c` file or a directory of `.c` files.
    source: PathBuf,
    /// Copy the ELF here (default: print the path in the build directory).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Build without optimizations.
    #[arg(long)]
    debug: bool,
}

pub fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        release: !args.debug,
        ..BuildOptions::default()
    };
    let elf = build_guest(&args.source, &options)?;
    let elf = match args.output {
        Some(out) => {
            let bytes = super::read_file(&elf)?;
            super::write_file(&out, &bytes)?;
            out
        }
        None => elf,
    };
    println!("{}", elf.display());
    Ok(ExitCode::SUCCESS)
}
