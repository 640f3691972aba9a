//! Running test programs under both machines and collecting the verdicts.

use crate::assemble::assemble;
use crate::compare::{self, Context, Mismatch};
use crate::frame::Frame;
use crate::generator::{self, GenConfig};
use crate::qemu::{self, QemuOutcome};
use crate::toolchain::Toolchain;
use std::path::PathBuf;
use std::time::Duration;
use trellis_sdk::{ExecutionResult, Trellis};

/// How long qemu may run one test program.
pub const QEMU_TIMEOUT: Duration = Duration::from_secs(30);
/// Set to keep every program's directory (`.S`, `.elf`, qemu output), not only failing ones.
pub const KEEP_ENV: &str = "TRELLIS_DIFF_KEEP";

/// One program to test: its source and how to explain it.
#[derive(Debug, Clone)]
pub struct Case {
    /// Name of the files (`<name>.S`, `<name>.elf`).
    pub name: String,
    /// The seed, for random programs.
    pub seed: Option<u64>,
    /// The frame the source was rendered with.
    pub frame: Frame,
    /// The assembly source.
    pub source: String,
}

/// A program assembled into its own directory.
#[derive(Debug)]
pub struct Built {
    /// The directory; deleted on drop unless kept.
    pub dir: tempfile::TempDir,
    /// The `.S` file.
    pub source_path: PathBuf,
    /// The ELF file.
    pub elf_path: PathBuf,
    /// The ELF bytes.
    pub elf: Vec<u8>,
}

impl Built {
    /// Keeps the directory on disk and returns the path of the `.S` file.
    pub fn keep(self) -> PathBuf {
        let _dir = self.dir.keep();
        self.source_path
    }
}

/// Both runs of an agreeing program.
#[derive(Debug, Clone)]
pub struct Agreement {
    /// The qemu run.
    pub qemu: QemuOutcome,
    /// The Trellis run.
    pub trellis: ExecutionResult,
}

/// Assembles `source` into a fresh temporary directory as `<name>.S`/`<name>.elf`.
pub fn build(toolchain: &Toolchain, name: &str, source: &str) -> Result<Built, String> {
    let dir = tempfile::Builder::new()
        .prefix("trellis-diff-")
        .tempdir()
        .map_err(|e| format!("creating a temporary directory: {e}"))?;
    let (source_path, elf_path, elf) = assemble(toolchain, source, dir.path(), name)?;
    Ok(Built {
        dir,
        source_path,
        elf_path,
        elf,
    })
}

/// Builds `case`, runs it under qemu and Trellis, and compares. On failure
/// the program's directory is kept and the message names the seed and the `.S` file.
pub fn run_case(
    toolchain: &Toolchain,
    trellis: &Trellis,
    case: &Case,
) -> Result<Agreement, String> {
    let built = build(toolchain, &case.name, &case.source)
        .map_err(|e| format!("{}: {e}", describe(case)))?;
    let verdict = run_built(toolchain, trellis, case, &built, |_| {});
    finish(case, built, verdict)
}

/// Like [`run_case`], but lets `alter` change the Trellis result before the
/// comparison: used to check that the harness notices a wrong result.
pub fn run_case_altered(
    toolchain: &Toolchain,
    trellis: &Trellis,
    case: &Case,
    alter: impl FnOnce(&mut ExecutionResult),
) -> Result<Agreement, String> {
    let built = build(toolchain, &case.name, &case.source)
        .map_err(|e| format!("{}: {e}", describe(case)))?;
    let verdict = run_built(toolchain, trellis, case, &built, alter);
    finish(case, built, verdict)
}

fn run_built(
    toolchain: &Toolchain,
    trellis: &Trellis,
    case: &Case,
    built: &Built,
    alter: impl FnOnce(&mut ExecutionResult),
) -> Result<Agreement, String> {
    let qemu = qemu::run(toolchain, &built.elf_path, QEMU_TIMEOUT)?;
    let mut result = crate::trellis::run(
        trellis,
        &built.elf,
        &built.elf_path,
        crate::trellis::MAX_CYCLES,
    )
    .map_err(|e| {
        format!(
            "qemu exited with {} but Trellis failed: {e}",
            qemu.exit_status
        )
    })?;
    alter(&mut result);
    compare::compare(
        Context {
            base: case.frame.base,
        },
        &qemu,
        &result,
    )
    .map_err(|mismatch: Mismatch| format!("Trellis and qemu disagree:\n{mismatch}"))?;
    Ok(Agreement {
        qemu,
        trellis: result,
    })
}

/// Keeps the directory of a failing (or, with [`KEEP_ENV`], every) case and
/// prefixes failures with the case description and the `.S` path.
fn finish(
    case: &Case,
    built: Built,
    verdict: Result<Agreement, String>,
) -> Result<Agreement, String> {
    match verdict {
        Ok(agreement) => {
            if std::env::var_os(KEEP_ENV).is_some() {
                built.keep();
            }
            Ok(agreement)
        }
        Err(e) => {
            let source = built.keep();
            Err(format!(
                "{} (source kept at {}): {e}",
                describe(case),
                source.display()
            ))
        }
    }
}

fn describe(case: &Case) -> String {
    match case.seed {
        Some(seed) => format!("random program seed {seed}"),
        None => format!("program {}", case.name),
    }
}

/// The random program of `seed` as a [`Case`], with its body instruction counts.
pub fn random_case(seed: u64, config: &GenConfig) -> (Case, generator::GeneratedProgram) {
    let program = generator::generate(seed, config);
    let case = Case {
        name: format!("seed-{seed}"),
        seed: Some(seed),
        frame: program.frame.clone(),
        source: program.source.clone(),
    };
    (case, program)
}

/// A hand-written body in the fixed frame ([`Frame::fixed`]: base `x31`,
/// `xi = 0x0101_0101 * i`, exit code = low byte of `a0`). The body may use
/// GNU pseudo-instructions and labels, and must not write `x31`.
pub fn hand_written_case(name: &str, body: &str) -> Case {
    let frame = Frame::fixed();
    let mut asm = crate::asm::Asm::new();
    asm.raw(body);
    let header = format!(
        "trellis-difftest hand-written program {name}\n\
         base register x31 (t6) = scratch + 2048; exit code = low byte of a0"
    );
    let source = frame.render(&header, &asm).text().to_string();
    Case {
        name: name.to_string(),
        seed: None,
        frame,
        source,
    }
}

impl Agreement {
    /// The registers the program dumped (`x0` = 0), as both machines agree.
    pub fn registers(&self) -> [u32; 32] {
        crate::frame::parse_stdout(&self.qemu.stdout)
            .expect("an agreeing run wrote a complete dump")
            .0
    }

    /// The final scratch buffer.
    pub fn scratch(&self) -> &[u8] {
        crate::frame::parse_stdout(&self.qemu.stdout)
            .expect("an agreeing run wrote a complete dump")
            .1
    }
}
