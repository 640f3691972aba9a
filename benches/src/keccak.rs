//! `keccak-bench`: Keccak-256 with the `keccakf` precompile
//! (examples/keccak-precompile) against the software implementation
//! (examples/keccak, the `sha3` crate) on the same xorshift32 buffer.
//!
//! ```sh
//! cargo run --release -p trellis-bench --bin keccak-bench -- \
//!     --exec-bytes 1048576 --prove-bytes 8192,65536,1048576 --software-prove-bytes 8192
//! ```
//!
//! Prints cycles at the execution size, then one proof per (guest, size),
//! each in a child process of this binary (peak RSS is that proof's), with
//! production parameters unless `--fast` (the insecure test parameters).
//! A software proof of 1 MiB (about 1.5e8 cycles) is out of reach without
//! continuations: its figures are measured at smaller sizes and the
//! per-byte ratio is printed.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use trellis_isa::Program;
use trellis_stark::{Matrix, ProofParams};
use trellis_transpiler::Transpiler;
use trellis_vm::circuit::Claim;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

const PRECOMPILE: &str = "keccak-precompile";
const SOFTWARE: &str = "keccak";

fn vm() -> Vm {
    let config = VmConfig::new()
        .with_extension(trellis_rv32im::Rv32im)
        .with_extension(trellis_keccak::Keccak);
    Vm::new(config).expect("rv32im and keccak have no opcode conflicts")
}

fn program(example: &str) -> anyhow::Result<Program> {
    let elf = trellis_sdk::build::build_example(example)?;
    let transpiler = Transpiler::new()
        .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
        .with_extension(trellis_keccak::decoder());
    Ok(transpiler.transpile(&std::fs::read(&elf)?)?)
}

fn options() -> ExecOptions {
    ExecOptions {
        max_cycles: 1 << 29,
    }
}

/// One measured proof.
#[derive(Serialize, Deserialize, Debug)]
struct ProveRow {
    example: String,
    bytes: u32,
    cycles: u64,
    keccakf: u64,
    trace_seconds: f64,
    stark_seconds: f64,
    peak_mib: f64,
    verify_seconds: f64,
    security_bits: f64,
    /// (chip, padded height, width) of the largest traces.
    traces: Vec<(String, usize, usize)>,
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn prove_one(example: &str, bytes: u32, fast: bool) -> anyhow::Result<()> {
    let vm = vm();
    let program = program(example)?;
    let params = if fast {
        ProofParams::insecure_test_fast()
    } else {
        ProofParams::production()
    };
    let (pk, vk) = vm.keygen(&program, &params)?;
    let loaded = vm.load(&program)?;
    let start = Instant::now();
    let (result, traces, public_values) = vm.generate_traces(
        &loaded,
        HostIo::captured(bytes.to_le_bytes().to_vec()),
        &options(),
    )?;
    let trace_seconds = start.elapsed().as_secs_f64();
    if result.exit_code != 0 {
        bail!("{example} exited with code {}", result.exit_code);
    }
    let chips = vm.chips(Some(&program));
    let mut shapes: Vec<(String, usize, usize)> = chips
        .iter()
        .zip(&traces)
        .map(|(c, t)| (c.name().to_string(), t.height(), t.width()))
        .collect();
    shapes.sort_by_key(|(_, h, w)| std::cmp::Reverse(h * w));
    shapes.truncate(4);
    let keccakf = chips
        .iter()
        .zip(&traces)
        .find(|(c, _)| c.name() == trellis_keccak::permute::CHIP)
        .map_or(0, |_| count_keccakf(&vm, &loaded, bytes));
    let stark_start = Instant::now();
    let proof = trellis_stark::prove_unchecked(&pk, &traces, &public_values).context("proving")?;
    let stark_seconds = stark_start.elapsed().as_secs_f64();
    let claim = Claim::of_run(program.entry_pc, &result);
    let verify_start = Instant::now();
    vm.verify(&vk, &proof, &claim)?;
    let row = ProveRow {
        example: example.to_string(),
        bytes,
        cycles: result.cycles,
        keccakf,
        trace_seconds,
        stark_seconds,
        peak_mib: peak_mib(),
        verify_seconds: verify_start.elapsed().as_secs_f64(),
        security_bits: vk.security().proven_bits,
        traces: shapes,
    };
    println!("{}", serde_json::to_string(&row)?);
    Ok(())
}

/// How many `keccakf` instructions a run executes (metered mode).
fn count_keccakf(vm: &Vm, loaded: &trellis_vm::LoadedProgram, bytes: u32) -> u64 {
    let (_, metrics) = vm
        .execute_metered(
            loaded,
            HostIo::captured(bytes.to_le_bytes().to_vec()),
            &options(),
        )
        .expect("the run succeeded once");
    keccakf_rows(&metrics)
}

/// Executed `keccakf` instructions (the metered count of the KeccakF chip).
fn keccakf_rows(metrics: &trellis_vm::Metrics) -> u64 {
    metrics
        .chip_rows
        .get(trellis_keccak::permute::CHIP)
        .copied()
        .unwrap_or(0)
}

fn run_child(example: &str, bytes: u32, fast: bool) -> anyhow::Result<ProveRow> {
    eprintln!("proving {example} on {bytes} bytes ...");
    let exe = std::env::current_exe()?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["prove-one", example, &bytes.to_string()]);
    if fast {
        cmd.arg("--fast");
    }
    let out = cmd.output()?;
    if !out.status.success() {
        bail!(
            "proving {example} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let row: ProveRow = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim())?;
    eprintln!("{row:?}");
    Ok(row)
}

fn sizes(arg: Option<String>, default: &[u32]) -> anyhow::Result<Vec<u32>> {
    match arg {
        None => Ok(default.to_vec()),
        Some(s) if s.is_empty() => Ok(vec![]),
        Some(s) => s
            .split(',')
            .map(|x| x.parse().context("sizes are byte counts"))
            .collect(),
    }
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut exec_bytes = 1u32 << 20;
    let (mut prove, mut software, mut fast) = (None, None, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "prove-one" => {
                let example = args.next().context("example")?;
                let bytes = args.next().context("bytes")?.parse()?;
                return prove_one(&example, bytes, args.next().as_deref() == Some("--fast"));
            }
            "--exec-bytes" => exec_bytes = args.next().context("--exec-bytes N")?.parse()?,
            "--prove-bytes" => prove = args.next(),
            "--software-prove-bytes" => software = args.next(),
            "--fast" => fast = true,
            other => bail!("unknown argument {other}"),
        }
    }
    let prove = sizes(prove, &[8192, 65536])?;
    let software = sizes(software, &[8192])?;

    let vm = vm();
    println!("## Execution: {exec_bytes} bytes\n");
    println!("| guest | cycles | keccakf | pure (s) | digest |");
    println!("|---|---:|---:|---:|---|");
    let mut cycles = Vec::new();
    for example in [SOFTWARE, PRECOMPILE] {
        let loaded = vm.load(&program(example)?)?;
        let input = exec_bytes.to_le_bytes().to_vec();
        let (result, metrics) =
            vm.execute_metered(&loaded, HostIo::captured(input.clone()), &options())?;
        let start = Instant::now();
        vm.execute(&loaded, HostIo::captured(input), &options())?;
        let seconds = start.elapsed().as_secs_f64();
        let keccakf = keccakf_rows(&metrics);
        let digest: String = result
            .public_output
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        println!(
            "| {example} | {} | {keccakf} | {seconds:.3} | {} |",
            result.cycles,
            &digest[..16]
        );
        cycles.push(result.cycles);
    }
    println!(
        "\nCycles, software / precompile: {:.1}x\n",
        cycles[0] as f64 / cycles[1] as f64
    );

    let mut rows = Vec::new();
    for &bytes in &software {
        rows.push(run_child(SOFTWARE, bytes, fast)?);
    }
    for &bytes in &prove {
        rows.push(run_child(PRECOMPILE, bytes, fast)?);
    }
    println!(
        "## Proving ({})\n",
        if fast {
            "insecure test parameters"
        } else {
            "production parameters"
        }
    );
    println!(
        "| guest | bytes | cycles | keccakf | prove (s) = trace gen + STARK | s per KiB | peak RSS (MiB) | verify (s) | security (bits) | largest traces (rows x columns) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for r in &rows {
        let total = r.trace_seconds + r.stark_seconds;
        let traces: Vec<String> = r
            .traces
            .iter()
            .map(|(n, h, w)| format!("{n} {h}x{w}"))
            .collect();
        println!(
            "| {} | {} | {} | {} | {total:.2} = {:.2} + {:.2} | {:.3} | {:.0} | {:.3} | {:.0} | {} |",
            r.example,
            r.bytes,
            r.cycles,
            r.keccakf,
            r.trace_seconds,
            r.stark_seconds,
            total / (f64::from(r.bytes) / 1024.0),
            r.peak_mib,
            r.verify_seconds,
            r.security_bits,
            traces.join(", ")
        );
    }
    for s in rows.iter().filter(|r| r.example == SOFTWARE) {
        for p in rows
            .iter()
            .filter(|r| r.example == PRECOMPILE && r.bytes == s.bytes)
        {
            let t = |r: &ProveRow| r.trace_seconds + r.stark_seconds;
            println!(
                "\nProve time at {} bytes, software / precompile: {:.1}x",
                s.bytes,
                t(s) / t(p)
            );
        }
    }
    Ok(())
}
