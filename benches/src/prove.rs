//! The proving benchmark: each proof runs in a child process of this binary
//! so its peak resident memory (VmHWM) is its own.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use trellis_sdk::{ExecOptions, HostIo, ProofParams, Trellis};
use trellis_stark::{Matrix, Val};

/// One measured proof.
#[derive(Serialize, Deserialize, Debug)]
pub struct ProveRow {
    /// Row label.
    pub program: String,
    /// Instructions executed.
    pub cycles: u64,
    /// Tracing execution and trace generation, seconds.
    pub trace_seconds: f64,
    /// The STARK prover, seconds.
    pub stark_seconds: f64,
    /// The whole prove: tracing + trace generation + STARK, seconds.
    pub prove_seconds: f64,
    /// Key generation (not part of the prove time), seconds.
    pub keygen_seconds: f64,
    /// Proving cycles per second (whole prove: tracing + STARK).
    pub cycles_per_second: f64,
    /// Peak resident memory of the proving process, MiB.
    pub peak_mib: f64,
    /// Proof file size, bytes.
    pub proof_bytes: usize,
    /// Verification, seconds (best of 3).
    pub verify_seconds: f64,
    /// Security of the parameters, bits.
    pub security_bits: f64,
    /// Trace cells (height x width, padded) per cycle, by chip, largest first.
    pub cells_per_cycle: Vec<(String, f64)>,
}

/// Peak resident set size of this process in MiB (Linux VmHWM).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Child side: proves `program` (an ELF path, or the name of an example to
/// build) on `input` with production parameters and prints one JSON row.
pub fn prove_one(label: &str, program: &str, input: Vec<u8>) -> anyhow::Result<()> {
    let trellis = Trellis::rv32im();
    let elf = if Path::new(program).is_file() {
        PathBuf::from(program)
    } else {
        trellis_sdk::build::build_example(program)?
    };
    let program = trellis.load_program(&elf)?;
    let params = ProofParams::production();
    let keygen_start = Instant::now();
    let (pk, vk) = trellis.keygen(&program, &params)?;
    let keygen_seconds = keygen_start.elapsed().as_secs_f64();
    let loaded = trellis.prepare(&program)?;
    let start = Instant::now();
    let options = ExecOptions {
        max_cycles: 1 << 28,
    };
    let (result, traces, public_values) =
        trellis
            .vm()
            .generate_traces(&loaded, HostIo::captured(input), &options)?;
    let trace_seconds = start.elapsed().as_secs_f64();
    let names: Vec<String> = trellis
        .vm()
        .chips(Some(&program))
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let mut cells_per_cycle: Vec<(String, f64)> = names
        .iter()
        .zip(&traces)
        .map(|(n, t): (&String, &trellis_stark::RowMajorMatrix<Val>)| {
            (
                n.clone(),
                (t.height() * t.width()) as f64 / result.cycles as f64,
            )
        })
        .collect();
    cells_per_cycle.sort_by(|a, b| b.1.total_cmp(&a.1));
    let stark_start = Instant::now();
    let stark =
        trellis_stark::prove_unchecked(&pk.stark, &traces, &public_values).context("proving")?;
    let stark_seconds = stark_start.elapsed().as_secs_f64();
    let claim = trellis_sdk::Claim::of_run(program.entry_pc, &result);
    let proof = trellis_sdk::TrellisProof { claim, stark };
    let proof_bytes = proof.to_bytes().len();
    let mut verify_seconds = f64::INFINITY;
    for _ in 0..3 {
        let verify_start = Instant::now();
        trellis.verify(&vk, &proof)?;
        verify_seconds = verify_seconds.min(verify_start.elapsed().as_secs_f64());
    }
    if result.exit_code != 0 {
        bail!("{label} exited with code {}", result.exit_code);
    }
    let row = ProveRow {
        program: label.to_string(),
        cycles: result.cycles,
        trace_seconds,
        stark_seconds,
        prove_seconds: trace_seconds + stark_seconds,
        keygen_seconds,
        cycles_per_second: result.cycles as f64 / (trace_seconds + stark_seconds),
        peak_mib: peak_mib(),
        proof_bytes,
        verify_seconds,
        security_bits: params.security_report().bits(),
        cells_per_cycle,
    };
    println!("{}", serde_json::to_string(&row)?);
    Ok(())
}

/// Parent side: proves `program` (an ELF path or an example name) on
/// `input` in a child process of this binary, so the peak resident memory
/// measured is that proof's alone.
pub fn run_one(label: &str, program: &str, input: &[u8]) -> anyhow::Result<ProveRow> {
    let exe = std::env::current_exe()?;
    eprintln!("proving {label} ...");
    let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
    let out = Command::new(&exe)
        .args(["prove-one", label, program, &hex])
        .output()?;
    if !out.status.success() {
        bail!(
            "proving {label} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let row: ProveRow = serde_json::from_str(line.trim()).context("child output")?;
    eprintln!("{row:?}");
    Ok(row)
}

/// Parent side: one child per workload (label, example, input).
pub fn run_all(workloads: &[(String, String, Vec<u8>)]) -> anyhow::Result<Vec<ProveRow>> {
    workloads
        .iter()
        .map(|(label, example, input)| run_one(label, example, input))
        .collect()
}

/// The rows as a Markdown table (the `--prove` scaling table), then the
/// trace cells per cycle by chip.
pub fn table(rows: &[ProveRow]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    out.push_str(
        "| program | cycles | trace gen (s) | STARK (s) | cycles/s | peak RSS (MiB) | proof (KiB) | verify (s) | security (bits) |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {:.2} | {:.0} | {:.0} | {:.0} | {:.3} | {:.0} |",
            r.program,
            r.cycles,
            r.trace_seconds,
            r.stark_seconds,
            r.cycles_per_second,
            r.peak_mib,
            r.proof_bytes as f64 / 1024.0,
            r.verify_seconds,
            r.security_bits
        );
    }
    out.push('\n');
    out.push_str(&cells_per_cycle(
        rows.iter().map(|r| (r.program.as_str(), r)),
    ));
    out
}

/// "Trace cells per cycle by chip" as a Markdown list, one item per `(label, row)`.
pub fn cells_per_cycle<'a>(rows: impl Iterator<Item = (&'a str, &'a ProveRow)>) -> String {
    use std::fmt::Write;
    let mut out =
        String::from("Trace cells per cycle by chip (padded height x main width / cycles):\n\n");
    for (label, r) in rows {
        let top: Vec<String> = r
            .cells_per_cycle
            .iter()
            .filter(|(_, c)| *c >= 0.5)
            .map(|(n, c)| format!("{n} {c:.1}"))
            .collect();
        let total: f64 = r.cells_per_cycle.iter().map(|(_, c)| c).sum();
        let _ = writeln!(out, "- {label}: total {total:.1}; {}", top.join(", "));
    }
    out
}
