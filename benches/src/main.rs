//! `cargo run --release -p trellis-bench -- [--quick|--full] [--programs a,b]
//! [--json FILE] [--markdown FILE]`: builds the example guests, then prints
//! one row per program: execution (Trellis pure mode, the same ELF under
//! `qemu-riscv32`, the same C source compiled for the host where there is
//! one) and proving (trace generation and STARK in a child process per proof,
//! so its peak resident memory is its own; proof size; verification). Every
//! figure is measured on this machine.
//!
//! `--prove` prints the proving scaling table instead (fibonacci at growing
//! sizes and sha256). Criterion micro-benchmarks of the hot paths live in
//! `benches/benches/` (`cargo bench -p trellis-bench`).

mod exec;
mod native;
mod prove;
mod report;
mod workloads;

use anyhow::{Context, bail};
use clap::Parser;
use std::path::PathBuf;
use workloads::Preset;

/// Command-line options.
#[derive(Parser, Debug)]
#[command(about = "Trellis benchmark: execution and proving of the example guests, one row each")]
struct Args {
    /// Small sizes: the whole table in a few minutes.
    #[arg(long, conflicts_with = "full")]
    quick: bool,
    /// The sizes of docs/benchmarks.md (the default).
    #[arg(long)]
    full: bool,
    /// Only these programs (default: all), comma-separated.
    #[arg(long, value_delimiter = ',')]
    programs: Vec<String>,
    /// Timed repetitions per execution figure; the best is reported.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Also write the report as JSON to FILE (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write the Markdown report to FILE.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    /// Leave out the execution columns.
    #[arg(long, conflicts_with = "no_prove")]
    no_exec: bool,
    /// Leave out the proving columns.
    #[arg(long)]
    no_prove: bool,
    /// Print the proving scaling table instead of the per-program table
    /// (fibonacci at 2^16..2^22 cycles and sha256 of 16 KiB; quick: 2^16 and 1 KiB).
    #[arg(long, conflicts_with_all = ["no_exec", "no_prove", "programs"])]
    prove: bool,
    /// Internal: `prove-one LABEL PROGRAM INPUT_HEX` proves one workload in
    /// this process (what every proving figure runs in).
    #[arg(hide = true, num_args = 0..)]
    internal: Vec<String>,
}

/// Lower-case hex to bytes.
pub fn hex_decode(hex: &str) -> anyhow::Result<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        bail!("odd-length hex {hex:?}");
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).context("bad hex"))
        .collect()
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(first) = args.internal.first() {
        if first != "prove-one" {
            bail!("unknown command {first:?}");
        }
        let [_, label, program, hex] = args.internal.as_slice() else {
            bail!("usage: prove-one LABEL PROGRAM INPUT_HEX");
        };
        return prove::prove_one(label, program, hex_decode(hex)?);
    }
    let preset = if args.quick {
        Preset::Quick
    } else {
        Preset::Full
    };
    let context = report::Context::gather(preset, args.repeat);

    if args.prove {
        let rows = prove::run_all(&workloads::proving_scaling(preset))?;
        let markdown = format!(
            "{}\n{}",
            context.header("the proving scaling table"),
            prove::table(&rows)
        );
        return report::emit(
            &markdown,
            &report::Report::scaling(context, rows),
            &args.json,
            &args.markdown,
        );
    }

    let all = workloads::all(preset);
    for p in &args.programs {
        if !all.iter().any(|w| w.name == p) {
            let names: Vec<&str> = all.iter().map(|w| w.name).collect();
            bail!("unknown program {p:?} (known: {})", names.join(", "));
        }
    }
    let selected: Vec<_> = all
        .into_iter()
        .filter(|w| args.programs.is_empty() || args.programs.iter().any(|p| p == w.name))
        .collect();

    // Build everything first so no build runs while anything is timed.
    let mut elfs = Vec::new();
    for w in &selected {
        eprintln!("building {} ...", w.example);
        elfs.push(trellis_sdk::build::build_example(w.example)?);
        if let Some(source) = w.native_c {
            native::build(source)?;
        }
    }

    let trellis = trellis_sdk::Trellis::rv32im();
    let mut rows: Vec<report::Row> = selected
        .iter()
        .map(|w| report::Row {
            program: w.name.to_string(),
            exec: None,
            prove_input: None,
            prove: None,
        })
        .collect();
    if !args.no_exec {
        for ((w, elf), row) in selected.iter().zip(&elfs).zip(&mut rows) {
            eprintln!("executing {} ({}) ...", w.name, w.exec.label);
            let measured = exec::measure(&trellis, w, elf, args.repeat)?;
            eprintln!("{measured:?}");
            row.exec = Some(measured);
        }
    }
    if !args.no_prove {
        for ((w, elf), row) in selected.iter().zip(&elfs).zip(&mut rows) {
            let elf = elf.to_str().context("ELF path is not UTF-8")?;
            let label = format!("{} ({})", w.name, w.prove.label);
            row.prove = Some(prove::run_one(&label, elf, &w.prove.input)?);
            row.prove_input = Some(w.prove.label.clone());
        }
    }
    let markdown = format!(
        "{}\n{}",
        context.header("one row per program"),
        report::table(&rows, args.repeat)
    );
    report::emit(
        &markdown,
        &report::Report::programs(context, rows),
        &args.json,
        &args.markdown,
    )
}
