//! The execution columns: Trellis pure mode, the same ELF under
//! `qemu-riscv32`, and the same C source compiled for the host.

use crate::native;
use crate::workloads::Workload;
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;
use trellis_sdk::{ExecOptions, HostIo, Trellis};

/// The execution half of a row.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ExecRow {
    /// The input, described.
    pub input: String,
    /// Instructions executed.
    pub cycles: u64,
    /// Best wall time of Trellis's pure mode, seconds.
    pub trellis_seconds: f64,
    /// Millions of instructions per second in pure mode.
    pub trellis_mips: f64,
    /// Best wall time of the ELF under qemu-riscv32 (process start to exit).
    pub qemu_seconds: Option<f64>,
    /// Millions of (Trellis-counted) instructions per second under qemu.
    pub qemu_mips: Option<f64>,
    /// qemu time / Trellis time (above 1: Trellis is faster).
    pub trellis_vs_qemu: Option<f64>,
    /// Best wall time of the same C source compiled for the host (gcc -O2).
    pub native_seconds: Option<f64>,
    /// Trellis time / native time.
    pub trellis_vs_native_slowdown: Option<f64>,
}

/// Times `workload` at its execution size; `repeat` runs each, best kept.
pub fn measure(
    trellis: &Trellis,
    workload: &Workload,
    elf: &Path,
    repeat: usize,
) -> anyhow::Result<ExecRow> {
    let program = trellis.load_program(elf)?;
    let loaded = trellis.prepare(&program)?;
    let options = ExecOptions {
        max_cycles: u64::MAX,
    };
    let input = &workload.exec.input;
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let result = trellis
            .vm()
            .execute(&loaded, HostIo::captured(input.clone()), &options)?;
        best = best.min(start.elapsed().as_secs_f64());
        if result.exit_code != 0 {
            bail!("{} exited with code {}", workload.name, result.exit_code);
        }
        last = Some(result);
    }
    let result = last.expect("at least one run");
    let cycles = result.cycles;
    let qemu_seconds = time_qemu(elf, input, repeat)?;
    let native_seconds = match workload.native_c {
        None => None,
        Some(source) => {
            let exe = native::build(source)?;
            let run = native::time(&exe, input, repeat)?;
            if run.stdout != result.stdout || run.revealed != result.public_output {
                bail!(
                    "{}: the native build disagrees with Trellis (stdout {:?} vs {:?}, revealed {:02x?} vs {:02x?})",
                    workload.name,
                    String::from_utf8_lossy(&run.stdout),
                    String::from_utf8_lossy(&result.stdout),
                    run.revealed,
                    result.public_output
                );
            }
            Some(run.seconds)
        }
    };
    Ok(ExecRow {
        input: workload.exec.label.clone(),
        cycles,
        trellis_seconds: best,
        trellis_mips: cycles as f64 / best / 1e6,
        qemu_seconds,
        qemu_mips: qemu_seconds.map(|s| cycles as f64 / s / 1e6),
        trellis_vs_qemu: qemu_seconds.map(|s| s / best),
        native_seconds,
        trellis_vs_native_slowdown: native_seconds.map(|s| best / s),
    })
}

/// Best wall time of the ELF under qemu-riscv32 (None if qemu is not installed).
fn time_qemu(elf: &Path, input: &[u8], repeat: usize) -> anyhow::Result<Option<f64>> {
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
