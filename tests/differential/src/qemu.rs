//! Running a test ELF under `qemu-riscv32` (Linux user mode).

use crate::toolchain::Toolchain;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a program did under qemu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QemuOutcome {
    /// The exit status (Linux keeps only the low 8 bits of the code).
    pub exit_status: u8,
    /// Everything written to fd 1.
    pub stdout: Vec<u8>,
    /// Everything written to fd 2 (guest and qemu messages).
    pub stderr: Vec<u8>,
}

/// Runs `elf` under qemu with an empty stdin; stdout and stderr go to files
/// next to the ELF. Fails if qemu cannot start, is killed by a signal or
/// runs longer than `timeout`.
pub fn run(toolchain: &Toolchain, elf: &Path, timeout: Duration) -> Result<QemuOutcome, String> {
    let stdout_path = elf.with_extension("qemu.stdout");
    let stderr_path = elf.with_extension("qemu.stderr");
    let create = |path: &Path| {
        std::fs::File::create(path).map_err(|e| format!("creating {}: {e}", path.display()))
    };
    let mut child = Command::new(&toolchain.qemu)
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(create(&stdout_path)?)
        .stderr(create(&stderr_path)?)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", toolchain.qemu.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                // Killing our own child by its handle; it may have exited meanwhile.
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "qemu-riscv32 {} ran longer than {timeout:?}",
                    elf.display()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(format!("waiting for qemu-riscv32: {e}")),
        }
    };
    let read =
        |path: &Path| std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()));
    let (stdout, stderr) = (read(&stdout_path)?, read(&stderr_path)?);
    let Some(code) = status.code() else {
        return Err(format!(
            "qemu-riscv32 {} was stopped by a signal ({status}); stderr:\n{}",
            elf.display(),
            String::from_utf8_lossy(&stderr)
        ));
    };
    Ok(QemuOutcome {
        exit_status: code as u8,
        stdout,
        stderr,
    })
}
