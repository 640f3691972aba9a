//! `cargo run --release -p trellis-bench`: pure-mode execution speed of the
//! example guests next to the same ELF under `qemu-riscv32`, as a Markdown
//! table (and JSON with `--json`). Every figure is measured on this machine.

mod prove;
mod workloads;

use anyhow::{Context, bail};
use clap::Parser;
use serde::Serialize;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;
use trellis_sdk::{ExecOptions, HostIo, Trellis};

/// Command-line options.
#[derive(Parser, Debug)]
#[command(about = "Trellis execution benchmark")]
struct Args {
    /// Small workloads (seconds instead of minutes).
    #[arg(long)]
    quick: bool,
    /// Only these programs (default: all).
    #[arg(long, value_delimiter = ',')]
    programs: Vec<String>,
    /// Timed repetitions per program; the best is reported.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Also print the rows as JSON lines.
    #[arg(long)]
    json: bool,
    /// Benchmark proving (production parameters) instead of execution.
    #[arg(long)]
    prove: bool,
    /// Internal: prove one workload in this process (used by --prove).
    #[arg(hide = true, num_args = 0..)]
    internal: Vec<String>,
}

/// One measured row.
#[derive(Serialize, Debug)]
struct Row {
    program: String,
    cycles: u64,
    trellis_seconds: f64,
    trellis_mips: f64,
    qemu_seconds: Option<f64>,
    qemu_mips: Option<f64>,
    speedup_vs_qemu: Option<f64>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.internal.first().map(String::as_str) == Some("prove-one") {
        let [_, label, example, hex] = args.internal.as_slice() else {
            bail!("usage: prove-one LABEL EXAMPLE INPUT_HEX");
        };
        let input = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()?;
        return prove::prove_one(label, example, input);
    }
    if args.prove {
        let rows = prove::run_all(&workloads::proving(args.quick))?;
        prove::print_table(&rows);
        if args.json {
            for row in &rows {
                println!("{}", serde_json::to_string(row)?);
            }
        }
        return Ok(());
    }
    let trellis = Trellis::rv32im();
    let mut rows = Vec::new();
    for workload in workloads::all(args.quick) {
        if !args.programs.is_empty() && !args.programs.iter().any(|p| p == workload.name) {
            continue;
        }
        eprintln!("building {} ...", workload.example);
        let elf = trellis_sdk::build::build_example(workload.example)?;
        let program = trellis.load_program(&elf)?;
        let loaded = trellis.prepare(&program)?;
        let options = ExecOptions {
            max_cycles: u64::MAX,
        };
        let mut best = f64::INFINITY;
        let mut cycles = 0;
        for _ in 0..args.repeat.max(1) {
            let start = Instant::now();
            let result = trellis.vm().execute(
                &loaded,
                HostIo::captured(workload.input.clone()),
                &options,
            )?;
            best = best.min(start.elapsed().as_secs_f64());
            if result.exit_code != 0 {
                bail!("{} exited with code {}", workload.name, result.exit_code);
            }
            cycles = result.cycles;
        }
        let qemu_seconds = time_qemu(&elf, &workload.input, args.repeat)?;
        let row = Row {
            program: workload.name.to_string(),
            cycles,
            trellis_seconds: best,
            trellis_mips: cycles as f64 / best / 1e6,
            qemu_seconds,
            qemu_mips: qemu_seconds.map(|s| cycles as f64 / s / 1e6),
            speedup_vs_qemu: qemu_seconds.map(|s| s / best),
        };
        eprintln!("{row:?}");
        rows.push(row);
    }
    print_table(&rows);
    if args.json {
        for row in &rows {
            println!("{}", serde_json::to_string(row)?);
        }
    }
    Ok(())
}

/// Best wall time of the ELF under qemu-riscv32 (None if qemu is not installed).
fn time_qemu(elf: &std::path::Path, input: &[u8], repeat: usize) -> anyhow::Result<Option<f64>> {
    if Command::new("qemu-riscv32")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("qemu-riscv32 not found (run scripts/setup.sh); skipping the comparison");
        return Ok(None);
    }
    let mut best = f64::INFINITY;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let mut child = Command::new("qemu-riscv32")
            .arg(elf)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting qemu-riscv32")?;
        child.stdin.take().expect("piped").write_all(input)?;
        let status = child.wait()?;
        best = best.min(start.elapsed().as_secs_f64());
        if !status.success() {
            bail!("qemu-riscv32 {} failed: {status}", elf.display());
        }
    }
    Ok(Some(best))
}

fn print_table(rows: &[Row]) {
    println!(
        "| program | cycles | Trellis pure (s) | Trellis M instr/s | qemu-riscv32 (s) | qemu M instr/s | Trellis / qemu speed |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let opt = |v: Option<f64>, prec: usize| v.map_or("n/a".to_string(), |v| format!("{v:.prec$}"));
    for r in rows {
        println!(
            "| {} | {} | {:.3} | {:.0} | {} | {} | {} |",
            r.program,
            r.cycles,
            r.trellis_seconds,
            r.trellis_mips,
            opt(r.qemu_seconds, 3),
            opt(r.qemu_mips, 0),
            opt(r.speedup_vs_qemu, 2)
        );
    }
}
