//! The proving benchmark: each proof runs in a child process of this binary
//! so its peak resident memory (VmHWM) is its own.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use trellis_sdk::{ExecOptions, ProofParams, ProveEvent, ProveOptions, Trellis};
use trellis_stark::Matrix;

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
    /// Proven security of the key (p3-security, better of unique and list decoding), bits.
    pub security_bits: f64,
    /// Conjectured security of the key (p3-security), bits.
    #[serde(default)]
    pub conjectured_bits: f64,
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

/// The parameters proofs are benchmarked with: [`ProofParams::production`], with any
/// field overridden by `TRELLIS_BENCH_PARAMS` (`name=value,...`, field names of
/// `ProofParams`), for parameter studies. Keygen still refuses sets below 100 proven bits.
pub fn bench_params() -> anyhow::Result<ProofParams> {
    let mut params = ProofParams::production();
    let Ok(spec) = std::env::var("TRELLIS_BENCH_PARAMS") else {
        return Ok(params);
    };
    for item in spec.split(',').filter(|s| !s.is_empty()) {
        let (name, value) = item
            .split_once('=')
            .with_context(|| format!("TRELLIS_BENCH_PARAMS: {item:?} is not name=value"))?;
        let value: usize = value.parse()?;
        let field = match name.trim() {
            "log_blowup" => &mut params.log_blowup,
            "num_queries" => &mut params.num_queries,
            "commit_pow_bits" => &mut params.commit_pow_bits,
            "query_pow_bits" => &mut params.query_pow_bits,
            "batch_pow_bits" => &mut params.batch_pow_bits,
            "ood_pow_bits" => &mut params.ood_pow_bits,
            "lookup_pow_bits" => &mut params.lookup_pow_bits,
            "log_final_poly_len" => &mut params.log_final_poly_len,
            "max_log_arity" => &mut params.max_log_arity,
            "max_log_trace_height" => &mut params.max_log_trace_height,
            "max_log_lookup_degree" => &mut params.max_log_lookup_degree,
            other => bail!("TRELLIS_BENCH_PARAMS: no parameter {other:?}"),
        };
        *field = value;
    }
    Ok(params)
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
    let params = bench_params()?;
    let keygen_start = Instant::now();
    let (pk, vk) = trellis.keygen(&program, &params)?;
    let keygen_seconds = keygen_start.elapsed().as_secs_f64();
    let options = ProveOptions {
        exec: ExecOptions {
            max_cycles: 1 << 28,
        },
        ..ProveOptions::default()
    };
    let events = std::sync::Mutex::new(Vec::new());
    let start = Instant::now();
    let (report, proof) = trellis
        .prove(&pk, &program, &input, &options, &|e| {
            events.lock().expect("events").push(e)
        })
        .context("proving")?;
    let prove_seconds = start.elapsed().as_secs_f64();
    let peak_mib = peak_mib();
    let (mut trace_seconds, mut stark_seconds) = (0.0, 0.0);
    for event in events.into_inner().expect("events") {
        match event {
            ProveEvent::Traced { seconds, .. } => trace_seconds += seconds,
            ProveEvent::Proven { seconds, .. } => stark_seconds += seconds,
            _ => {}
        }
    }
    let proof_bytes = proof.to_bytes().len();
    let mut verify_seconds = f64::INFINITY;
    for _ in 0..3 {
        let verify_start = Instant::now();
        trellis.verify(&vk, &proof)?;
        verify_seconds = verify_seconds.min(verify_start.elapsed().as_secs_f64());
    }
    if report.exit_code != 0 {
        bail!("{label} exited with code {}", report.exit_code);
    }
    let cells_per_cycle = first_segment_cells(&trellis, &program, &input)?;
    let row = ProveRow {
        program: format!("{label} ({} segment(s))", report.segments),
        cycles: report.cycles,
        trace_seconds,
        stark_seconds,
        prove_seconds,
        keygen_seconds,
        cycles_per_second: report.cycles as f64 / prove_seconds,
        peak_mib,
        proof_bytes,
        verify_seconds,
        security_bits: vk.security().proven_bits,
        conjectured_bits: vk.security().conjectured_bits(),
        cells_per_cycle,
    };
    println!("{}", serde_json::to_string(&row)?);
    Ok(())
}

/// Trace cells (padded height x main width) per cycle of the first
/// segment's chips, largest first (measured after the proof, so the
/// proof's peak memory is its own).
fn first_segment_cells(
    trellis: &Trellis,
    program: &trellis_sdk::Program,
    input: &[u8],
) -> anyhow::Result<Vec<(String, f64)>> {
    use trellis_vm::memory_tree::MemoryTree;
    use trellis_vm::segment::{MachineState, SegmentLimits, SegmentSizer};
    let vm = trellis.vm();
    let loaded = trellis.prepare(program)?;
    let state = MachineState::initial(program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let mut sizer = SegmentSizer::new(vm, program, SegmentLimits::default());
    let run = vm.execute_segment(
        &loaded,
        state,
        input,
        &mut tree,
        &mut sizer,
        &ExecOptions {
            max_cycles: 1 << 28,
        },
    )?;
    let (traces, _, _) = vm.fill_segment_traces(program, &run.trace);
    let cycles = run.trace.steps.len() as f64;
    let mut cells: Vec<(String, f64)> = vm
        .segment_chips(Some(program))
        .iter()
        .zip(&traces)
        .map(|(c, t)| {
            (
                c.name().to_string(),
                (t.height() * t.width()) as f64 / cycles,
            )
        })
        .collect();
    cells.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(cells)
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
