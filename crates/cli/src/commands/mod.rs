//! The subcommands and their arguments.

mod aggregate;
mod aggregate_progress;
mod build;
mod build_progress;
mod evm;
mod exec_progress;
mod input;
mod keygen;
mod new;
mod prove;
mod prove_progress;
mod prove_report;
mod run;
mod submit;
mod templates;
mod transpile;
mod verify;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trellis_sdk::aggregation_cache::AggregationKeyCache;
use trellis_sdk::{SecurityLevel, Trellis, TrellisConfig};

/// Trellis: build, run, prove and verify RISC-V guest programs.
#[derive(Parser, Debug)]
#[command(name = "trellis", version, about)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand takes.
#[derive(clap::Args, Debug)]
pub struct Global {
    /// VM configuration file (default: ./trellis.toml if present, else RV32IM only).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print which configuration is used (keygen and prove always do); for
    /// `build`, all of the compiler's output.
    #[arg(short, long, global = true)]
    verbose: bool,
}

impl Global {
    /// The configuration: `--config FILE`, else `./trellis.toml`, else the default.
    fn config(&self, announce: bool) -> anyhow::Result<TrellisConfig> {
        let config = TrellisConfig::discover(self.config.as_deref(), Path::new("."))?;
        if announce || self.verbose {
            eprintln!("config: {}", config.describe());
        }
        Ok(config)
    }

    /// The transpiler and VM of the configuration; `announce` prints which
    /// configuration it is even without `--verbose`.
    fn trellis(&self, announce: bool) -> anyhow::Result<Trellis> {
        Ok(Trellis::from_config(&self.config(announce)?)?
            .with_aggregation_key_cache(AggregationKeyCache::from_env()))
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build a guest (a Rust crate directory, a C file or a directory of C files) into an RV32IM ELF.
    Build(build::BuildArgs),
    /// Create a guest project (Rust guest + host program, or C) that builds, runs and proves out of the box.
    New(new::NewArgs),
    /// Transpile an ELF into a Trellis program file.
    Transpile(transpile::TranspileArgs),
    /// Run an ELF or a program file.
    Run(run::RunArgs),
    /// Make the proving and verifying keys of a program.
    Keygen(keygen::KeygenArgs),
    /// Run a program and prove the run.
    Prove(prove::ProveArgs),
    /// Check a proof (or an aggregated proof) with a verifying key; prints the exit code and public output.
    Verify(verify::VerifyArgs),
    /// Aggregate a run's segment proofs into one proof (checked by `verify` like a proof).
    Aggregate(aggregate::AggregateArgs),
    /// The route to a chain: chain key (Groth16 setup), chain proof, contracts, deployment.
    Evm(evm::EvmArgs),
    /// Submit a chain proof to a TrellisResults contract; prints the transaction and event.
    Submit(submit::SubmitArgs),
}

/// Runs the chosen subcommand; the exit code is the guest's for `run`.
/// `matches` (when parsed from a command line) give the order of the
/// input options.
pub fn dispatch(cli: Cli, matches: Option<&clap::ArgMatches>) -> anyhow::Result<ExitCode> {
    let global = &cli.global;
    let sub = matches.and_then(|m| m.subcommand()).map(|(_, m)| m);
    match cli.command {
        Command::Build(args) => {
            global.config(false)?;
            build::build(args, global.verbose)
        }
        Command::New(args) => new::new(args),
        Command::Transpile(args) => transpile::transpile(args, &global.trellis(false)?),
        Command::Run(args) => run::run(args, sub, &global.trellis(false)?),
        Command::Keygen(args) => keygen::keygen(args, &global.trellis(true)?),
        Command::Prove(args) => prove::prove(args, sub, &global.trellis(true)?),
        Command::Verify(args) => verify::verify(args, &global.trellis(false)?),
        Command::Aggregate(args) => aggregate::aggregate(args, &global.trellis(false)?),
        Command::Evm(args) => evm::evm(args, &global.trellis(false)?),
        Command::Submit(args) => submit::submit(args),
    }
}

/// Reads a whole file, naming it in the error.
fn read_file(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Writes a whole file atomically (a temporary file, synced, renamed: a
/// failed write leaves no truncated file), naming it in the error.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(trellis_sdk::files::write_atomic(path, bytes)?)
}

/// Runs a future of the chain client to completion on a runtime of its own.
fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("async runtime: {e}"))?;
    Ok(runtime.block_on(future))
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A command's JSON report, one line: written atomically to `file` if
/// given, else printed on stdout.
fn emit_json(report: &impl serde::Serialize, file: Option<&Path>) -> anyhow::Result<()> {
    let line = format!("{}\n", serde_json::to_string(report)?);
    match file {
        Some(path) => write_file(path, line.as_bytes()),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(line.as_bytes())?;
            Ok(stdout.flush()?)
        }
    }
}

/// Refuses an output path (`option`) that names the program or an input
/// file of the command.
fn check_distinct(
    output: &Path,
    option: &str,
    program: &Path,
    inputs: &[&Path],
) -> anyhow::Result<()> {
    let mut named = vec![(program, "the program")];
    named.extend(inputs.iter().map(|&i| (i, "the input")));
    Ok(trellis_sdk::files::check_distinct(output, option, &named)?)
}

/// Prints a key's security (one line, or p3-security's whole report) to stderr.
fn print_security(security: &SecurityLevel, full: bool) {
    if full {
        eprint!("{}", security.report());
    } else {
        eprintln!("security: {}", security.summary());
    }
    if !security.meets_requirement() {
        eprintln!(
            "WARNING: below the required {:.0} bits proven: test parameters",
            trellis_sdk::REQUIRED_PROVEN_BITS
        );
    }
}
