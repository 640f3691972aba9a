//! The subcommands and their arguments.

mod build;
mod keygen;
mod prove;
mod run;
mod transpile;
mod verify;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Trellis: build, run, prove and verify RISC-V guest programs.
#[derive(Parser, Debug)]
#[command(name = "trellis", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build a guest (a Rust crate directory, a C file or a directory of C files) into an RV32IM ELF.
    Build(build::BuildArgs),
    /// Transpile an ELF into a Trellis program file.
    Transpile(transpile::TranspileArgs),
    /// Run an ELF or a program file.
    Run(run::RunArgs),
    /// Make the proving and verifying keys of a program.
    Keygen(keygen::KeygenArgs),
    /// Run a program and prove the run.
    Prove(prove::ProveArgs),
    /// Check a proof with a verifying key; prints the exit code and public output.
    Verify(verify::VerifyArgs),
}

/// Runs the chosen subcommand; the exit code is the guest's for `run`.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::build(args),
        Command::Transpile(args) => transpile::transpile(args),
        Command::Run(args) => run::run(args),
        Command::Keygen(args) => keygen::keygen(args),
        Command::Prove(args) => prove::prove(args),
        Command::Verify(args) => verify::verify(args),
    }
}

/// Reads a whole file, naming it in the error.
fn read_file(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Writes a whole file, naming it in the error.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
