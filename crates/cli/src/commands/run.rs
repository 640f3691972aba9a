//! `trellis run`.

use super::exec_progress::ExecProgress;
use clap::Args;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::{ExecError, ExecOptions, ExecutionResult, HostIo, Metrics, Trellis};
use trellis_vm::OutputSink;

#[derive(Args, Debug)]
pub struct RunArgs {
    /// An RV32IM ELF or a Trellis program file.
    program: PathBuf,
    /// The guest's private input.
    #[command(flatten)]
    input: super::input::InputArgs,
    /// Stop with an error after this many instructions (default 2^30).
    #[arg(long, default_value_t = trellis_vm::run::DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
    /// Count opcodes and chip rows, and print the hottest opcodes.
    #[arg(long, conflicts_with = "trace")]
    profile: bool,
    /// Write one JSON line per executed instruction to this file (slow).
    #[arg(long, value_name = "FILE")]
    trace: Option<PathBuf>,
    /// Write a per-function cycle profile to this file and print the top
    /// functions (names from the ELF's symbols): pprof's gzipped protobuf
    /// if FILE ends in `.pb.gz` or `.pprof` (go tool pprof, speedscope),
    /// else folded stacks (inferno-flamegraph, flamegraph.pl, speedscope).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["trace", "profile"])]
    profile_out: Option<PathBuf>,
    /// Print the report as JSON on stdout, alone: the guest's stdout goes
    /// to stderr instead.
    #[arg(long)]
    json: bool,
    /// Write the report as JSON to this file (kept apart from the guest's
    /// stdout); the human report still goes to stderr.
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    json_out: Option<PathBuf>,
}

pub fn run(
    args: RunArgs,
    matches: Option<&clap::ArgMatches>,
    trellis: &Trellis,
) -> anyhow::Result<ExitCode> {
    let program = trellis.load_program(&args.program)?;
    let input = args.input.assemble(matches)?;
    if let Some(path) = &args.json_out {
        let files = args.input.files().collect::<Vec<_>>();
        super::check_distinct(path, "--json-out", &args.program, &files)?;
    }
    let loaded = trellis.prepare(&program)?;
    let options = ExecOptions {
        max_cycles: args.max_cycles,
    };
    let progress = ExecProgress::new();
    let mut io = HostIo::streaming(input);
    // With --json, stdout carries the report alone.
    let (guest_stdout, stdout_terminal): (Box<dyn Write + Send>, bool) = if args.json {
        (Box::new(std::io::stderr()), std::io::stderr().is_terminal())
    } else {
        (Box::new(std::io::stdout()), std::io::stdout().is_terminal())
    };
    io.stdout = OutputSink::Stream(progress.guest_stream(guest_stdout, stdout_terminal));
    io.stderr = OutputSink::Stream(
        progress.guest_stream(Box::new(std::io::stderr()), std::io::stderr().is_terminal()),
    );
    let start = Instant::now();
    let (result, metrics) = if let Some(path) = &args.trace {
        super::check_distinct(
            path,
            "--trace",
            &args.program,
            &args.input.files().collect::<Vec<_>>(),
        )?;
        // Written to a temporary file and renamed when complete, also when
        // the guest faults (the log of a failing run is the useful one).
        let mut file = trellis_sdk::files::AtomicFile::create(path)?;
        let logged = {
            let mut log = BufWriter::new(file.writer());
            let logged = trellis.vm().execute_logged(&loaded, io, &options, &mut log);
            let flushed = log.flush();
            match (logged, flushed) {
                (Err(ExecError::TraceLog(e)), _) => {
                    return Err(anyhow::anyhow!("{}: {e}", path.display()));
                }
                (_, Err(e)) => return Err(anyhow::anyhow!("{}: {e}", path.display())),
                (logged, Ok(())) => logged,
            }
        };
        file.commit()?;
        (logged?, None)
    } else if let Some(path) = &args.profile_out {
        let files = args.input.files().collect::<Vec<_>>();
        super::check_distinct(path, "--profile-out", &args.program, &files)?;
        let bytes = super::read_file(&args.program)?;
        let elf = trellis_sdk::is_elf(&bytes).then_some(bytes.as_slice());
        let (result, profile) = trellis_sdk::profile::CallProfile::record(
            trellis.vm(),
            &program,
            &loaded,
            elf,
            io,
            &options,
        )?;
        let name = path.to_string_lossy();
        let bytes = if name.ends_with(".pb.gz") || name.ends_with(".pprof") {
            profile.pprof()
        } else {
            profile.folded().into_bytes()
        };
        super::write_file(path, &bytes)?;
        print_profile(&profile, path);
        (result, None)
    } else if args.profile {
        let (result, metrics) = trellis.vm().execute_metered(&loaded, io, &options)?;
        (result, Some(metrics))
    } else {
        let executed = trellis
            .vm()
            .execute_with_progress(&loaded, io, &options, &mut |cycles| progress.update(cycles));
        progress.finish();
        (executed?, None)
    };
    let seconds = start.elapsed().as_secs_f64();
    if args.json || args.json_out.is_some() {
        let report = json_report(&result, metrics.as_ref(), seconds);
        super::emit_json(&report, args.json_out.as_deref())?;
    }
    if !args.json {
        print_report(&result, metrics.as_ref(), seconds);
    }
    Ok(guest_exit_status(result.exit_code))
}

/// The process status for a guest exit code: 0 stays 0, anything else is
/// passed through when it fits a byte and is 1 otherwise.
fn guest_exit_status(code: u32) -> ExitCode {
    match code {
        0 => ExitCode::SUCCESS,
        1..=255 => ExitCode::from(code as u8),
        _ => ExitCode::FAILURE,
    }
}

fn print_report(result: &ExecutionResult, metrics: Option<&Metrics>, seconds: f64) {
    eprintln!("exit code: {}", result.exit_code);
    eprintln!("cycles: {}", result.cycles);
    eprintln!(
        "time: {:.3} s ({:.1} M instructions/s)",
        seconds,
        result.cycles as f64 / seconds.max(1e-9) / 1e6
    );
    eprintln!(
        "public output ({} bytes): {}",
        result.public_output.len(),
        super::hex(&result.public_output)
    );
    if let Some(metrics) = metrics {
        eprintln!("hottest opcodes:");
        for op in metrics.opcodes.iter().take(15) {
            let share = 100.0 * op.count as f64 / metrics.cycles.max(1) as f64;
            eprintln!(
                "  {:<8} {:>14} {:>6.2}%  ({})",
                op.mnemonic, op.count, share, op.chip
            );
        }
        eprintln!("rows per chip:");
        for (chip, rows) in &metrics.chip_rows {
            eprintln!("  {chip:<10} {rows:>14}");
        }
        eprintln!("touched memory: {} KiB", metrics.touched_pages * 4);
    }
}

/// The top functions of a profile, on stderr.
fn print_profile(profile: &trellis_sdk::profile::CallProfile, path: &std::path::Path) {
    let total = profile.cycles.max(1) as f64;
    eprintln!("profile: {}; top functions by own cycles:", path.display());
    eprintln!("  {:>7} {:>7}  function", "self %", "total %");
    for f in profile.functions().iter().take(15) {
        eprintln!(
            "  {:>6.2}% {:>6.2}%  {}",
            100.0 * f.exclusive as f64 / total,
            100.0 * f.inclusive as f64 / total,
            f.name
        );
    }
}

/// The run's report as JSON.
fn json_report(
    result: &ExecutionResult,
    metrics: Option<&Metrics>,
    seconds: f64,
) -> serde_json::Value {
    serde_json::json!({
        "exit_code": result.exit_code,
        "cycles": result.cycles,
        "seconds": seconds,
        "public_output_hex": super::hex(&result.public_output),
        "metrics": metrics,
    })
}
