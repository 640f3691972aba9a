//! The proving pipeline: one executor (this thread) and `workers` provers.

use super::options::{MIN_MEMORY_BUDGET, ProveOptions, resident_memory};
use super::resume::{ResumePlan, execute_ahead, plan};
use super::workdir::{Manifest, WorkDir};
use super::{ProveEvent, ProveReport, SegmentPhase};
use crate::error::SdkError;
use crate::proving::{ProvingKey, TrellisProof};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use trellis_isa::Program;
use trellis_stark::{DynAir, VerifyingKey};
use trellis_vm::memory_tree::MemoryTree;
use trellis_vm::segment::prove::{digest_words, segment_claim};
use trellis_vm::segment::{
    MachineState, SegmentEnd, SegmentLimits, SegmentProof, SegmentRun, SegmentSizer, ShapeCatalog,
    TraceHeights, verify_chain,
};
use trellis_vm::trace::ExecutionTrace;
use trellis_vm::{LoadedProgram, Vm};

/// The memory budget and what it is split between.
#[derive(Clone, Copy)]
struct Budget {
    /// The whole process's budget (bytes).
    total: u64,
    /// Resident memory when proving started (bytes).
    resident: u64,
    /// Workers proving at once.
    workers: u64,
}

/// A traced segment on its way to a worker.
struct Job {
    segment: u32,
    trace: ExecutionTrace,
}

/// Memory the executor holds besides the process's current resident set:
/// the guest's memory (three times: machine, the segment's start state
/// kept to trace the last segments again, checkpoint encoding) and its
/// Merkle tree.
fn executor_memory(state: &MachineState) -> u64 {
    let pages = state.memory.pages().count() as u64;
    let memory = pages * trellis_vm::memory::PAGE_SIZE as u64;
    // Tree: about 2 stored nodes per leaf (8 words), 32 bytes each plus map overhead.
    let tree = pages * (4096 / 32) * 2 * 64;
    3 * memory + tree
}

/// Proves `program` on `input` as a chain of segments (see the module
/// docs); `progress` hears every step, from any thread. The work directory
/// (if any) is kept: remove it with [`super::remove_work_dir`] once the
/// proof is stored, or use [`prove_run_to_file`], which does both.
pub fn prove_run(
    vm: &Vm,
    pk: &ProvingKey,
    program: &Program,
    loaded: &LoadedProgram,
    input: &[u8],
    options: &ProveOptions,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> Result<(ProveReport, TrellisProof), SdkError> {
    prove_keeping_work(vm, pk, program, loaded, input, options, progress)
        .map(|(report, proof, _)| (report, proof))
}

/// [`prove_run`], then writes the proof to `output` atomically (a
/// temporary file, synced, renamed), and only then removes the work
/// directory. Returns the report and the proof file's bytes.
#[allow(clippy::too_many_arguments)]
pub fn prove_run_to_file(
    vm: &Vm,
    pk: &ProvingKey,
    program: &Program,
    loaded: &LoadedProgram,
    input: &[u8],
    options: &ProveOptions,
    output: &Path,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> Result<(ProveReport, Vec<u8>), SdkError> {
    let segment_file = |proof: &TrellisProof, _: Option<&WorkDir>| Ok(proof.to_bytes());
    prove_run_aggregated_to_file(
        vm,
        pk,
        program,
        loaded,
        input,
        options,
        output,
        &segment_file,
        progress,
    )
}

/// Turns a run's segment proofs into the bytes of one aggregated proof file, keeping
/// finished nodes in the work directory it is given.
pub type AggregateRun<'a> =
    dyn Fn(&TrellisProof, Option<&WorkDir>) -> Result<Vec<u8>, SdkError> + 'a;

/// [`prove_run`], then turns the segment proofs into the output file's bytes with
/// `aggregate` (given the work directory, which keeps finished aggregation nodes so
/// that an interrupted aggregation resumes too) and writes them to `output`
/// atomically. The work directory (segment proofs, nodes) is removed only once that
/// file is written.
#[allow(clippy::too_many_arguments)]
pub fn prove_run_aggregated_to_file(
    vm: &Vm,
    pk: &ProvingKey,
    program: &Program,
    loaded: &LoadedProgram,
    input: &[u8],
    options: &ProveOptions,
    output: &Path,
    aggregate: &AggregateRun<'_>,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> Result<(ProveReport, Vec<u8>), SdkError> {
    let (report, proof, work_dir) =
        prove_keeping_work(vm, pk, program, loaded, input, options, progress)?;
    let bytes = aggregate(&proof, work_dir.as_ref())?;
    crate::files::write_atomic(output, &bytes)?;
    if let Some(dir) = work_dir {
        dir.remove()?;
    }
    Ok((report, bytes))
}

/// Proves the run; returns the open work directory too, still locked.
fn prove_keeping_work(
    vm: &Vm,
    pk: &ProvingKey,
    program: &Program,
    loaded: &LoadedProgram,
    input: &[u8],
    options: &ProveOptions,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> Result<(ProveReport, TrellisProof, Option<WorkDir>), SdkError> {
    let workers = options.workers.max(1);
    let vk = VerifyingKey::from_bytes(&pk.stark().verifying_key_bytes(), vm.segment_airs(None))
        .expect("a proving key's own verifying key loads");
    let catalog = match &options.shape_catalog {
        Some(shapes) => Some(Arc::new(
            ShapeCatalog::new(&vk, shapes.clone())
                .map_err(|e| SdkError::ShapeCatalog(e.to_string()))?,
        )),
        None => None,
    };
    // Measured before the execute-ahead pass, whose memory is reused by the executor.
    let resident = resident_memory().unwrap_or(0);
    let work_dir = match &options.work_dir {
        Some(path) => {
            let manifest = Manifest::new(program, input, pk.stark().digest());
            let (dir, reset) = WorkDir::open(path, &manifest)?;
            progress(ProveEvent::WorkDir {
                path: path.clone(),
                reset,
            });
            Some(dir)
        }
        None => None,
    };
    let ahead = execute_ahead(
        vm,
        loaded,
        input,
        &options.exec,
        work_dir.as_ref(),
        progress,
    );
    let (expected, genuine) = match ahead {
        Ok(found) => found,
        Err(e) => {
            // Nothing was proven: leave no empty work directory behind.
            if let Some(dir) = work_dir {
                dir.remove_if_unused()?;
            }
            return Err(e);
        }
    };
    let ResumePlan {
        mut reused,
        mut start,
        start_root,
    } = plan(
        vm,
        &vk,
        catalog.as_deref(),
        MachineState::initial(program),
        pk.initial_root(),
        &genuine,
        work_dir.as_ref(),
        progress,
    );
    let mut tree = MemoryTree::new(&start.registers, &start.memory);
    if start.segment > 0 && digest_words(&tree.root()) != start_root {
        progress(ProveEvent::Discarded {
            reason: format!(
                "proofs of segments 0..{}: their memory roots do not lead to the checkpoint of segment {}",
                start.segment, start.segment
            ),
        });
        reused.clear();
        start = MachineState::initial(program);
        tree = MemoryTree::new(&start.registers, &start.memory);
    }
    let baseline = resident + executor_memory(&start);
    if options.max_memory < MIN_MEMORY_BUDGET || options.max_memory <= baseline + (256 << 20) {
        return Err(SdkError::MemoryBudget {
            budget: options.max_memory,
            needed: (baseline + (256 << 20)).max(MIN_MEMORY_BUDGET),
        });
    }
    let segment_memory = (options.max_memory - baseline) / workers as u64;
    progress(ProveEvent::Plan {
        segment_memory,
        workers,
        baseline,
    });
    let limits = SegmentLimits {
        // No taller than the key's verifier accepts.
        max_height: options
            .max_segment_height
            .min(1 << pk.stark.params().max_log_trace_height),
        max_memory: segment_memory,
        max_cycles: options.max_segment_cycles,
    };

    let reused_count = AtomicUsize::new(reused.len());
    let proofs = Mutex::new(reused);
    let failed = AtomicBool::new(false);
    let first_error: Mutex<Option<SdkError>> = Mutex::new(None);
    let fail = |e: SdkError| {
        failed.store(true, Ordering::SeqCst);
        first_error.lock().expect("error slot").get_or_insert(e);
    };
    let (sender, receiver) = sync_channel::<Job>(0);
    let receiver = Arc::new(Mutex::new(receiver));
    let mut last: Option<(u32, u64)> = None; // (last segment, cycles of the run)
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let receiver = Arc::clone(&receiver);
            let (proofs, failed, fail) = (&proofs, &failed, &fail);
            let work_dir = work_dir.as_ref();
            let heights = catalog
                .as_deref()
                .map_or(TraceHeights::Own, TraceHeights::Catalog);
            scope.spawn(move || {
                worker(
                    vm, pk, program, heights, &receiver, proofs, failed, fail, work_dir, progress,
                )
            });
        }
        let executed = execute(
            vm,
            &vk,
            catalog.as_ref(),
            program,
            loaded,
            input,
            options,
            limits,
            Budget {
                total: options.max_memory,
                resident,
                workers: workers as u64,
            },
            start,
            tree,
            work_dir.as_ref(),
            expected.cycles,
            &proofs,
            &reused_count,
            &failed,
            &sender,
            progress,
        );
        drop(sender);
        match executed {
            Ok(end) => last = Some(end),
            Err(e) => fail(e),
        }
    });
    if let Some(e) = first_error.into_inner().expect("error slot") {
        return Err(e);
    }
    let (last_segment, cycles) = last.expect("the executor finished");
    let mut proofs = proofs.into_inner().expect("proofs");
    let segments: Vec<SegmentProof> = (0..=last_segment)
        .map(|s| proofs.remove(&s).expect("every segment proven"))
        .collect();
    progress(ProveEvent::Chaining {
        segments: segments.len(),
    });
    let claims: Vec<_> = segments.iter().map(|s| &s.claim).collect();
    let claim = verify_chain(pk.entry_pc(), pk.initial_root(), &claims)
        .map_err(|e| SdkError::Chain(e.to_string()))?;
    let ran = (claim.exit_code, claim.final_pc, &claim.public_output);
    if ran
        != (
            expected.exit_code,
            expected.final_pc,
            &expected.public_output,
        )
    {
        return Err(SdkError::Chain(format!(
            "the proven run (exit code {}, final pc {:#010x}, {} bytes of output) differs from the executed one (exit code {}, final pc {:#010x}, {} bytes)",
            claim.exit_code,
            claim.final_pc,
            claim.public_output.len(),
            expected.exit_code,
            expected.final_pc,
            expected.public_output.len()
        )));
    }
    let report = ProveReport {
        cycles,
        segments: segments.len(),
        reused: reused_count.into_inner(),
        exit_code: claim.exit_code,
        public_output: claim.public_output.clone(),
        segment_memory,
    };
    Ok((
        report,
        TrellisProof {
            program_id: pk.program_id(),
            claim,
            segments,
        },
        work_dir,
    ))
}

/// Whether a kept segment proof may be reused: with a catalog, only at one of its shapes
/// (a proof of an earlier run without it is proven again).
pub(super) fn in_catalog(catalog: Option<&ShapeCatalog>, proof: &SegmentProof) -> bool {
    catalog.is_none_or(|catalog| {
        catalog
            .shapes()
            .contains(&crate::aggregation::segment_shape(&proof.proof))
    })
}

/// Proves the jobs it receives until the executor is done.
#[allow(clippy::too_many_arguments)]
fn worker(
    vm: &Vm,
    pk: &ProvingKey,
    program: &Program,
    heights: TraceHeights<'_>,
    receiver: &Mutex<Receiver<Job>>,
    proofs: &Mutex<BTreeMap<u32, SegmentProof>>,
    failed: &AtomicBool,
    fail: &(dyn Fn(SdkError) + Sync),
    work_dir: Option<&WorkDir>,
    progress: &(dyn Fn(ProveEvent) + Sync),
) {
    loop {
        let job = match receiver.lock().expect("job queue").recv() {
            Ok(job) => job,
            Err(_) => return,
        };
        if failed.load(Ordering::SeqCst) {
            continue;
        }
        let started = Instant::now();
        let cycles = job.trace.steps.len() as u64;
        let segment = job.segment;
        let proven = vm
            .prove_segment_at(pk.stark(), program, &job.trace, heights, &mut |stage| {
                progress(ProveEvent::Phase {
                    segment,
                    phase: SegmentPhase::of_stage(stage),
                })
            })
            .map_err(SdkError::from);
        drop(job.trace);
        let saved = proven.and_then(|proof| {
            if let Some(dir) = work_dir {
                progress(ProveEvent::Phase {
                    segment,
                    phase: SegmentPhase::Saving,
                });
                dir.write_proof(segment, &proof)?;
            }
            Ok(proof)
        });
        match saved {
            Ok(proof) => {
                progress(ProveEvent::Proven {
                    segment: job.segment,
                    cycles,
                    seconds: started.elapsed().as_secs_f64(),
                });
                proofs.lock().expect("proofs").insert(job.segment, proof);
            }
            Err(e) => fail(e),
        }
    }
}

/// Runs from `start` (whose memory tree is `tree`) to the exit, writing a
/// checkpoint at every boundary and handing every segment that needs a
/// proof to the workers (a segment whose proof in the work directory
/// claims exactly what it runs is kept). `run_cycles` (the run's length,
/// from the execute-ahead pass) lets the last segments be balanced instead
/// of leaving a tiny tail ([`trellis_vm::segment::tail`]). Returns the
/// last segment and the run's instruction count.
#[allow(clippy::too_many_arguments)]
fn execute(
    vm: &Vm,
    vk: &VerifyingKey<DynAir>,
    catalog: Option<&Arc<ShapeCatalog>>,
    program: &Program,
    loaded: &LoadedProgram,
    input: &[u8],
    options: &ProveOptions,
    limits: SegmentLimits,
    budget: Budget,
    start: MachineState,
    mut tree: MemoryTree,
    work_dir: Option<&WorkDir>,
    run_cycles: u64,
    proofs: &Mutex<BTreeMap<u32, SegmentProof>>,
    reused: &AtomicUsize,
    failed: &AtomicBool,
    sender: &std::sync::mpsc::SyncSender<Job>,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> Result<(u32, u64), SdkError> {
    let send = |job: Job| {
        // A closed channel means every worker stopped: an error is recorded.
        let _ = sender.send(job);
    };
    let mut state = start;
    // The chips' row shapes are worked out once, for every segment.
    let mut shapes = SegmentSizer::new(vm, program, limits);
    if let Some(catalog) = catalog {
        shapes = shapes.with_catalog(Arc::clone(catalog));
    }
    loop {
        if failed.load(Ordering::SeqCst) {
            return Ok((0, 0));
        }
        let segment = state.segment;
        let cycles_before = state.cycles;
        // The guest's memory (and its tree) may have grown: re-split what is left.
        let held = budget.resident + executor_memory(&state);
        let limits = SegmentLimits {
            max_memory: budget
                .total
                .saturating_sub(held)
                .checked_div(budget.workers)
                .unwrap_or(0)
                .min(limits.max_memory),
            ..limits
        };
        let mut sizer = shapes.fresh(limits);
        progress(ProveEvent::Phase {
            segment,
            phase: SegmentPhase::Tracing,
        });
        let started = Instant::now();
        let SegmentRun {
            trace,
            end,
            estimated_memory,
        } = vm.execute_segment_of_run(
            loaded,
            state,
            input,
            &mut tree,
            &mut sizer,
            &options.exec,
            run_cycles,
        )?;
        let cycles = trace.steps.len() as u64;
        progress(ProveEvent::Traced {
            segment,
            cycles,
            seconds: started.elapsed().as_secs_f64(),
            estimated_memory,
        });
        let next = match end {
            SegmentEnd::Continue(next) => {
                if let Some(dir) = work_dir {
                    dir.write_checkpoint(&next)?;
                }
                Some(*next)
            }
            SegmentEnd::Exit => None,
        };
        let claim = segment_claim(&trace);
        let kept = work_dir
            .and_then(|d| d.read_proof(segment))
            .and_then(Result::ok)
            .filter(|p| {
                p.claim == claim
                    && in_catalog(catalog.map(|c| &**c), p)
                    && vm.verify_segment(vk, p).is_ok()
            });
        match kept {
            Some(proof) => {
                progress(ProveEvent::Reused { segment, cycles });
                reused.fetch_add(1, Ordering::SeqCst);
                proofs.lock().expect("proofs").insert(segment, proof);
            }
            None => send(Job { segment, trace }),
        }
        match next {
            Some(next) => state = next,
            None => return Ok((segment, cycles_before + cycles)),
        }
    }
}
