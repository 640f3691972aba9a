//! The subcommands and their arguments.

mod build;
mod run;
mod transpile;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Trellis: build, run and (soon) prove RISC-V guest programs.
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
}

/// Runs the chosen subcommand; the exit code is the guest's for `run`.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::build(args),
        Command::Transpile(args) => transpile::transpile(args),
        Command::Run(args) => run::run(args),
    }
}
