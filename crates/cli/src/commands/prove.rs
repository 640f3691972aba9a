//! `trellis prove`.

use super::prove_report::ProveJson;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trellis_sdk::prover::{default_memory_budget, parse_size, peak_resident_memory};
use trellis_sdk::{ExecOptions, ProveEvent, ProveOptions, ProvingKey, ShapeCatalogFile, Trellis};

#[derive(Args, Debug)]
pub struct ProveArgs {
    /// An RV32IM ELF or a Trellis program file.
    program: PathBuf,
    /// The proving key from `trellis keygen`.
    #[arg(long, default_value = "trellis.pk")]
    pk: PathBuf,
    /// The guest's private input.
    #[command(flatten)]
    input: super::input::InputArgs,
    /// Where to write the proof: one aggregated proof of the whole run (or, with
    /// `--segments`, the list of segment proofs).
    #[arg(short, long, default_value = "trellis.proof")]
    output: PathBuf,
    /// Stop with an error after this many instructions.
    #[arg(long, default_value_t = trellis_vm::run::DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
    /// Peak memory of the prover (e.g. 8GiB): segments are sized so that
    /// the workers proving at once stay within it. Default: 60 % of this
    /// machine's memory, at most 16 GiB.
    #[arg(long, value_parser = parse_size)]
    segment_max_memory: Option<u64>,
    /// Segments proven at the same time.
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// Threads for proving (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Most instructions per segment (segments are also cut by memory and
    /// trace height).
    #[arg(long)]
    segment_cycles: Option<u64>,
    /// Where checkpoints, finished segment proofs and finished aggregation
    /// nodes are kept until the proof is written; re-running after an
    /// interruption resumes from them. Default: the output path with `.work` appended. Must be new,
    /// empty, or a work directory Trellis made (it holds a
    /// `.trellis-work-dir` marker); one prover at a time.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Print the proof's summary as one JSON object on stdout (program id,
    /// exit code, public output, cycles, per-segment figures, proof size,
    /// seconds, peak memory); progress stays on stderr.
    #[arg(long)]
    json: bool,
    /// Write that JSON summary to this file instead.
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    json_out: Option<PathBuf>,
    /// Write the list of segment proofs (one STARK proof per segment, checked
    /// by `trellis verify` as a chain) instead of aggregating them into one
    /// proof. Faster to make; its size grows with the run. `trellis aggregate`
    /// turns such a file into one proof later.
    #[arg(long)]
    segments: bool,
    /// A shape catalog file (from `--learn-shapes`): segments are cut so that their
    /// tables fit one of its shapes and are proven at the cheapest that fits, and the
    /// aggregation keys are made from the whole catalog, the same for every run proven
    /// against it (with `--segments`: give it to `trellis aggregate` too).
    #[arg(long, value_name = "FILE")]
    shape_catalog: Option<PathBuf>,
    /// Prove nothing: run the program cut into segments as this command would and write
    /// the shapes its segments take (at most 16; JSON) to FILE, for `--shape-catalog`.
    /// Where FILE is a catalog already, this run's shapes are merged into it (learn from
    /// several runs, one after the other).
    #[arg(long, value_name = "FILE", conflicts_with = "shape_catalog")]
    learn_shapes: Option<PathBuf>,
}

fn mib(bytes: u64) -> u64 {
    bytes >> 20
}

pub fn prove(
    args: ProveArgs,
    matches: Option<&clap::ArgMatches>,
    trellis: &Trellis,
) -> anyhow::Result<ExitCode> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()?;
    }
    super::check_distinct(
        &args.output,
        "-o",
        &args.program,
        &args.input.files().collect::<Vec<_>>(),
    )?;
    trellis_sdk::files::check_distinct(&args.output, "-o", &[(&args.pk, "the proving key")])?;
    if let Some(path) = &args.json_out {
        let files = args.input.files().collect::<Vec<_>>();
        super::check_distinct(path, "--json-out", &args.program, &files)?;
        trellis_sdk::files::check_distinct(
            path,
            "--json-out",
            &[(&args.pk, "the proving key"), (&args.output, "the proof")],
        )?;
    }
    let program = trellis.load_program(&args.program)?;
    let input = args.input.assemble(matches)?;
    let pk = ProvingKey::from_bytes(
        trellis.vm(),
        &program,
        &super::read_file(&args.pk)?,
        &args.pk,
    )?;
    let work_dir = args.work_dir.clone().unwrap_or_else(|| {
        let mut name = args.output.clone().into_os_string();
        name.push(".work");
        PathBuf::from(name)
    });
    let shape_catalog = match &args.shape_catalog {
        Some(path) => {
            let vk = pk.verifying_key(trellis.vm())?;
            let shapes = ShapeCatalogFile::read(path)?
                .shapes_for(&vk)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Some(shapes)
        }
        None => None,
    };
    let options = ProveOptions {
        exec: ExecOptions {
            max_cycles: args.max_cycles,
        },
        max_memory: args
            .segment_max_memory
            .unwrap_or_else(default_memory_budget),
        workers: args.workers,
        max_segment_cycles: args.segment_cycles.unwrap_or(u64::MAX),
        work_dir: Some(work_dir),
        shape_catalog,
        ..ProveOptions::default()
    };
    if let Some(path) = &args.learn_shapes {
        return learn_shapes(trellis, &pk, &program, &input, &options, path);
    }
    eprintln!(
        "proving with a memory budget of {} MiB, {} worker(s)",
        mib(options.max_memory),
        options.workers.max(1)
    );
    let start = Instant::now();
    let display = super::prove_progress::ProveProgress::new();
    let log = super::prove_report::SegmentLog::default();
    let report = |event: ProveEvent| {
        log.record(&event);
        display.event(&event)
    };
    eprintln!("program id: {}", pk.program_id());
    let proven = if args.segments {
        trellis.prove_to_file(&pk, &program, &input, &options, &args.output, &report)
    } else {
        trellis.prove_aggregated_to_file(&pk, &program, &input, &options, &args.output, &report)
    };
    display.finish();
    let (summary, bytes) = proven?;
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_resident_memory();
    let (nodes, nodes_kept, aggregation_seconds) = log.aggregation();
    let what = if args.segments {
        format!("{} segment proof(s)", summary.segments)
    } else {
        format!(
            "one aggregated proof ({nodes} aggregation node(s), {nodes_kept} kept; {:.2} s aggregating)",
            aggregation_seconds.unwrap_or(0.0)
        )
    };
    eprintln!(
        "proved {} cycles in {} segment(s) ({} kept) in {seconds:.2} s ({:.0} cycles/s), peak memory {} MiB; exit code {}; {} bytes of public output; {what}: {} ({} bytes)",
        summary.cycles,
        summary.segments,
        summary.reused,
        summary.cycles as f64 / seconds,
        peak.map_or(0, mib),
        summary.exit_code,
        summary.public_output.len(),
        args.output.display(),
        bytes.len()
    );
    if args.json || args.json_out.is_some() {
        let json = ProveJson {
            program_id: pk.program_id().to_string(),
            exit_code: summary.exit_code,
            public_output_hex: super::hex(&summary.public_output),
            cycles: summary.cycles,
            segments: summary.segments,
            segments_kept: summary.reused,
            per_segment: log.segments(summary.segments),
            aggregated: !args.segments,
            aggregation_nodes: nodes,
            aggregation_nodes_kept: nodes_kept,
            aggregation_seconds,
            proof_path: args.output.display().to_string(),
            proof_bytes: bytes.len(),
            seconds,
            execute_ahead_seconds: log.ahead_seconds(),
            segment_memory_bytes: summary.segment_memory,
            workers: options.workers.max(1),
            peak_memory_bytes: peak,
        };
        super::emit_json(&json, args.json_out.as_deref())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--learn-shapes`: the shapes of the run's segments, written to `path`.
fn learn_shapes(
    trellis: &Trellis,
    pk: &ProvingKey,
    program: &trellis_sdk::Program,
    input: &[u8],
    options: &ProveOptions,
    path: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let learned = trellis.learn_shape_catalog(pk, program, input, options)?;
    // An existing catalog learns this run too.
    let (catalog, merged) = if path.exists() {
        let earlier = ShapeCatalogFile::read(path)?;
        let merged = earlier
            .merged_with(&learned.catalog)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        (merged, true)
    } else {
        (learned.catalog, false)
    };
    super::write_file(path, &catalog.to_bytes())?;
    eprintln!(
        "{} segment(s), {} distinct shape(s){}: {} shape(s) written to {} in {:.2} s",
        learned.segments,
        learned.distinct,
        if merged {
            ", merged with the catalog already there"
        } else {
            ""
        },
        catalog.shapes.len(),
        path.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
