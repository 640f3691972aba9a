//! The proving benchmark: each proof runs in a child process of this binary
//! so its peak resident memory (VmHWM) is its own.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
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
    /// Proving cycles per second (whole prove: tracing + STARK).
    pub cycles_per_second: f64,
    /// Peak resident memory of the proving process, MiB.
    pub peak_mib: f64,
    /// Proof file size, bytes.
    pub proof_bytes: usize,
    /// Verification, seconds.
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

/// Child side: proves `example` on `input` with production parameters and prints one JSON row.
pub fn prove_one(label: &str, example: &str, input: Vec<u8>) -> anyhow::Result<()> {
    let trellis = Trellis::rv32im();
    let elf = trellis_sdk::build::build_example(example)?;
    let program = trellis.load_program(&elf)?;
    let params = ProofParams::production();
    let (pk, vk) = trellis.keygen(&program, &params)?;
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
    let verify_start = Instant::now();
    trellis.verify(&vk, &proof)?;
    let verify_seconds = verify_start.elapsed().as_secs_f64();
    let row = ProveRow {
        program: label.to_string(),
        cycles: result.cycles,
        trace_seconds,
        stark_seconds,
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

/// Parent side: runs one child per workload and collects the rows.
pub fn run_all(workloads: &[(String, String, Vec<u8>)]) -> anyhow::Result<Vec<ProveRow>> {
    let exe = std::env::current_exe()?;
    let mut rows = Vec::new();
    for (label, example, input) in workloads {
        eprintln!("proving {label} ...");
        let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
        let out = Command::new(&exe)
            .args(["prove-one", label, example, &hex])
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
        rows.push(row);
    }
    Ok(rows)
}

/// Prints the rows as a Markdown table.
pub fn print_table(rows: &[ProveRow]) {
    println!(
        "| program | cycles | trace gen (s) | STARK (s) | cycles/s | peak RSS (MiB) | proof (KiB) | verify (s) | security (bits) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        println!(
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
    println!();
    println!("Trace cells per cycle by chip (padded height x width / cycles):");
    println!();
    for r in rows {
        let top: Vec<String> = r
            .cells_per_cycle
            .iter()
            .filter(|(_, c)| *c >= 0.5)
            .map(|(n, c)| format!("{n} {c:.1}"))
            .collect();
        let total: f64 = r.cells_per_cycle.iter().map(|(_, c)| c).sum();
        println!("- {}: total {:.1}; {}", r.program, total, top.join(", "));
    }
}
