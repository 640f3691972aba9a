//! `trellis build`.

use super::build_progress::BuildProgress;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_sdk::build::{BuildOptions, VERBOSE_ENV, build_guest_with_progress};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Guest source: a Rust crate directory, a `.c` file or a directory of `.c` files.
    source: PathBuf,
    /// Copy the ELF here (default: print the path in the build directory).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Build without optimizations (cargo's `dev` profile, `-Og -g` for C).
    #[arg(long, conflicts_with = "profile")]
    debug: bool,
    /// Build directory (default: the guest's own: its cargo workspace's
    /// `target/`, or `target/` next to the C sources).
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,
    /// Cargo features of the guest to enable (comma or space separated,
    /// repeatable; Rust guests only).
    #[arg(short = 'F', long, value_name = "FEATURES")]
    features: Vec<String>,
    /// Leave the guest's default features off (Rust guests only).
    #[arg(long)]
    no_default_features: bool,
    /// Build with this cargo profile instead of `release` (Rust guests only).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
}

/// Builds the guest; `verbose` (`-v`, or `TRELLIS_BUILD_VERBOSE` set)
/// prints all the compiler's output.
pub fn build(args: BuildArgs, verbose: bool) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        release: !args.debug,
        target_dir: args.target_dir,
        features: args
            .features
            .iter()
            .flat_map(|f| f.split([',', ' ']))
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect(),
        no_default_features: args.no_default_features,
        profile: args.profile,
    };
    let verbose = verbose || std::env::var_os(VERBOSE_ENV).is_some();
    let mut progress = BuildProgress::new(verbose);
    let result = build_guest_with_progress(&args.source, &options, &mut |line: &str| {
        progress.line(line)
    });
    progress.finish();
    let elf = result?;
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
