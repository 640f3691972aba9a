//! The report: a Markdown table for people, a JSON document for tracking.

use crate::exec::ExecRow;
use crate::prove::{self, ProveRow};
use crate::workloads::Preset;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where and when the figures were taken, and how.
#[derive(Serialize, Debug)]
pub struct Context {
    /// `quick` or `full`.
    pub preset: &'static str,
    /// Repetitions per execution figure (best kept).
    pub repeat: usize,
    /// The command line, as run.
    pub command: String,
    /// `date -u` at the start.
    pub date: String,
    /// Seconds since the Unix epoch at the start.
    pub unix_time: u64,
    /// `git rev-parse --short HEAD` (with `-dirty` for uncommitted changes).
    pub git_commit: Option<String>,
    /// The machine.
    pub machine: Machine,
}

/// The machine the figures were taken on.
#[derive(Serialize, Debug)]
pub struct Machine {
    /// CPU model name.
    pub cpu: Option<String>,
    /// Cores available to this process.
    pub cores: usize,
    /// Physical memory, GiB.
    pub memory_gib: Option<f64>,
    /// Operating system.
    pub os: Option<String>,
    /// `rustc --version`.
    pub rustc: Option<String>,
    /// `qemu-riscv32 --version`, first line.
    pub qemu: Option<String>,
    /// `gcc --version`, first line (the native column's compiler).
    pub gcc: Option<String>,
}

/// First line of a command's standard output, if it ran.
fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .next()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

fn file_field(path: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|l| {
        let (k, v) = l.split_once([':', '='])?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

impl Context {
    /// Reads the clock, the machine and the repository state.
    pub fn gather(preset: Preset, repeat: usize) -> Self {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let command = if args.is_empty() {
            "cargo run --release -p trellis-bench".to_string()
        } else {
            format!("cargo run --release -p trellis-bench -- {}", args.join(" "))
        };
        let root = trellis_sdk::build::repo_root();
        let root = root.to_string_lossy();
        let git_commit =
            first_line("git", &["-C", &root, "rev-parse", "--short", "HEAD"]).map(|hash| {
                let dirty = Command::new("git")
                    .args(["-C", &root, "status", "--porcelain", "--untracked-files=no"])
                    .output()
                    .is_ok_and(|o| !o.stdout.is_empty());
                if dirty { format!("{hash}-dirty") } else { hash }
            });
        Self {
            preset: preset.name(),
            repeat,
            command,
            date: first_line("date", &["-u"]).unwrap_or_default(),
            unix_time: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            git_commit,
            machine: Machine {
                cpu: file_field("/proc/cpuinfo", "model name"),
                cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
                memory_gib: file_field("/proc/meminfo", "MemTotal").and_then(|v| {
                    let kb: f64 = v.trim_end_matches("kB").trim().parse().ok()?;
                    Some((kb / (1024.0 * 1024.0) * 10.0).round() / 10.0)
                }),
                os: file_field("/etc/os-release", "PRETTY_NAME"),
                rustc: first_line("rustc", &["--version"]),
                qemu: first_line("qemu-riscv32", &["--version"]),
                gcc: first_line("gcc", &["--version"]),
            },
        }
    }

    /// The lines above a table: what ran, where and when.
    pub fn header(&self, what: &str) -> String {
        let m = &self.machine;
        let or = |v: &Option<String>| v.clone().unwrap_or_else(|| "unknown".into());
        format!(
            "Trellis benchmark ({what}), preset {}, {}; commit {}.\n\
             Machine: {}, {} cores, {} GiB, {}; {}; {}; {}.\n\
             Command: `{}`\n",
            self.preset,
            self.date,
            or(&self.git_commit),
            or(&m.cpu),
            m.cores,
            m.memory_gib.map_or("unknown".into(), |g| g.to_string()),
            or(&m.os),
            or(&m.rustc),
            or(&m.qemu),
            or(&m.gcc),
            self.command,
        )
    }
}

/// One program: its execution and proving figures.
#[derive(Serialize, Debug)]
pub struct Row {
    /// Program name.
    pub program: String,
    /// Execution columns (at the execution size).
    pub exec: Option<ExecRow>,
    /// The proving size, described.
    pub prove_input: Option<String>,
    /// Proving columns (at the proving size).
    pub prove: Option<ProveRow>,
}

/// The JSON document.
#[derive(Serialize, Debug)]
pub struct Report {
    /// Where, when, how.
    pub context: Context,
    /// One per program (the default mode).
    pub rows: Vec<Row>,
    /// The proving scaling table (`--prove`).
    pub scaling: Vec<ProveRow>,
}

impl Report {
    /// The per-program report.
    pub fn programs(context: Context, rows: Vec<Row>) -> Self {
        Self {
            context,
            rows,
            scaling: Vec::new(),
        }
    }

    /// The scaling report.
    pub fn scaling(context: Context, scaling: Vec<ProveRow>) -> Self {
        Self {
            context,
            rows: Vec::new(),
            scaling,
        }
    }
}

fn opt(v: Option<f64>, prec: usize) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.prec$}"))
}

/// The per-program Markdown table, a legend, and the cells per cycle by chip.
pub fn table(rows: &[Row], repeat: usize) -> String {
    let mut out = String::new();
    out.push_str(
        "| program | exec input | exec cycles | pure (s) | pure M instr/s | qemu (s) | qemu M instr/s | Trellis / qemu speed | native x86 (s) \
         | prove input | prove cycles | prove (s) = trace gen + STARK | prove cycles/s | prover peak RSS (MiB) | proof (KiB) | verify (ms) |\n",
    );
    out.push_str(
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let exec = match &r.exec {
            Some(e) => format!(
                "{} | {} | {:.3} | {:.0} | {} | {} | {} | {}",
                e.input,
                e.cycles,
                e.trellis_seconds,
                e.trellis_mips,
                opt(e.qemu_seconds, 3),
                opt(e.qemu_mips, 0),
                opt(e.trellis_vs_qemu, 2),
                opt(e.native_seconds, 3),
            ),
            None => ["–"; 8].join(" | "),
        };
        let prove = match &r.prove {
            Some(p) => format!(
                "{} | {} | {:.2} = {:.2} + {:.2} | {:.0} | {:.0} | {:.0} | {:.1}",
                r.prove_input.as_deref().unwrap_or("–"),
                p.cycles,
                p.prove_seconds,
                p.trace_seconds,
                p.stark_seconds,
                p.cycles_per_second,
                p.peak_mib,
                p.proof_bytes as f64 / 1024.0,
                p.verify_seconds * 1e3,
            ),
            None => ["–"; 7].join(" | "),
        };
        let _ = writeln!(out, "| {} | {exec} | {prove} |", r.program);
    }
    let security = rows
        .iter()
        .find_map(|r| r.prove.as_ref())
        .map_or(String::new(), |p| {
            format!(
                " ({:.1} bits proven, {:.1} conjectured, p3-security)",
                p.security_bits, p.conjectured_bits
            )
        });
    let _ = write!(
        out,
        "\nColumns from \"exec input\" to \"native x86\" ran the execution input (best of {repeat} runs each): \
         Trellis pure mode, the same ELF under qemu-riscv32 (process start to exit; M instr/s counts \
         Trellis's instructions), and the guest's C source compiled for the host with gcc -O2 \
         (process start to exit; output checked against Trellis's). \
         Columns from \"prove input\" on ran the proving input, one proof each in a child process \
         with production parameters{security}: trace gen is the tracing execution plus filling every \
         chip's trace, STARK the prover (without its debugging row checks), cycles/s is cycles over \
         both; peak RSS is that child's VmHWM (key generation included); verify is the best of 3.\n\n"
    );
    let proved: Vec<(&str, &ProveRow)> = rows
        .iter()
        .filter_map(|r| r.prove.as_ref().map(|p| (r.program.as_str(), p)))
        .collect();
    if !proved.is_empty() {
        out.push_str(&prove::cells_per_cycle(proved.into_iter()));
    }
    out
}

/// Prints the Markdown report and writes the files asked for.
pub fn emit(
    markdown: &str,
    report: &Report,
    json: &Option<PathBuf>,
    markdown_file: &Option<PathBuf>,
) -> anyhow::Result<()> {
    println!("{markdown}");
    if let Some(path) = markdown_file {
        std::fs::write(path, markdown)?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(report)?;
        if path.as_os_str() == "-" {
            println!("{text}");
        } else {
            std::fs::write(path, text + "\n")?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> usize {
        line.trim().trim_matches('|').split('|').count()
    }

    #[test]
    fn every_row_has_the_header_columns() {
        let exec = ExecRow {
            input: "n = 1".into(),
            cycles: 10,
            trellis_seconds: 1.0,
            trellis_mips: 1e-5,
            qemu_seconds: None,
            qemu_mips: None,
            trellis_vs_qemu: None,
            native_seconds: Some(0.5),
            trellis_vs_native_slowdown: Some(2.0),
        };
        let rows = vec![
            Row {
                program: "a".into(),
                exec: Some(exec),
                prove_input: None,
                prove: None,
            },
            Row {
                program: "b".into(),
                exec: None,
                prove_input: None,
                prove: None,
            },
        ];
        let table = table(&rows, 3);
        let lines: Vec<&str> = table.lines().take(4).collect();
        let header = cells(lines[0]);
        assert_eq!(header, 16);
        for line in &lines[1..] {
            assert_eq!(cells(line), header, "{line}");
        }
        assert!(lines[2].contains("| 0.500 |"), "{}", lines[2]);
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(
            crate::hex_decode("cccc0c00").unwrap(),
            838_860u32.to_le_bytes()
        );
        assert!(crate::hex_decode("abc").is_err());
    }
}
