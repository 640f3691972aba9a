//! What an interrupted proof left behind, checked against the run itself:
//! which checkpoints are states the run really reaches, which segment
//! proofs can be kept, and where execution resumes.
//!
//! Nothing in the work directory is trusted: a checkpoint is used only if
//! the execute-ahead pass reached exactly that state (pc, registers,
//! memory, input position, output count) after that many instructions; a
//! segment proof only if it verifies, runs between two such checkpoints
//! and continues the memory-root chain from the program's initial memory.

use super::ProveEvent;
use super::workdir::WorkDir;
use crate::error::SdkError;
use std::collections::{BTreeMap, BTreeSet};
use trellis_stark::{DynAir, VerifyingKey};
use trellis_vm::run::{ExecOptions, ExecutionResult, Snapshot};
use trellis_vm::segment::{MachineState, SegmentProof};
use trellis_vm::{LoadedProgram, Vm};

/// Least time between two [`ProveEvent::Executing`] reports.
const EXECUTING_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Where a proof starts.
pub(super) struct ResumePlan {
    /// Verified proofs of the segments before `start`, by segment.
    pub reused: BTreeMap<u32, SegmentProof>,
    /// The state execution continues from.
    pub start: MachineState,
    /// Memory root the first segment proven from `start` must begin with.
    pub start_root: [u32; 8],
}

/// Whether a checkpoint is the state the run reaches after as many instructions.
fn matches(state: &MachineState, at: &Snapshot<'_>) -> Result<(), &'static str> {
    if state.pc != at.pc {
        return Err("pc");
    }
    if state.registers != at.registers {
        return Err("registers");
    }
    if state.input_position != at.input_position {
        return Err("input position");
    }
    if state.revealed != at.revealed {
        return Err("public output count");
    }
    if !state.memory.same_contents(at.memory) {
        return Err("memory");
    }
    Ok(())
}

/// Runs the whole program ahead of proving (see
/// [`Vm::execute_ahead`]): a fault, the cycle limit or too much public
/// output is an error now, before anything is proven. With a work
/// directory, each of its checkpoints is compared with the state the run
/// reaches at the checkpoint's cycle count; those that differ are reported
/// and removed. Returns the run's result and the segments whose
/// checkpoints are genuine.
pub(super) fn execute_ahead(
    vm: &Vm,
    loaded: &LoadedProgram,
    input: &[u8],
    exec: &ExecOptions,
    work_dir: Option<&WorkDir>,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> Result<(ExecutionResult, BTreeSet<u32>), SdkError> {
    // cycles → segments whose checkpoint says it starts there.
    let mut at_cycles: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    let mut discard = Vec::new();
    if let Some(dir) = work_dir {
        for segment in dir.checkpoint_segments() {
            match dir.read_checkpoint(segment) {
                Some(Ok(state)) => at_cycles.entry(state.cycles).or_default().push(segment),
                Some(Err(reason)) => discard.push((segment, reason)),
                None => {}
            }
        }
    }
    let pauses: Vec<u64> = at_cycles.keys().copied().collect();
    let mut genuine = BTreeSet::new();
    let started = std::time::Instant::now();
    let mut reported = started;
    let mut report = |cycles: u64| {
        let now = std::time::Instant::now();
        if now.duration_since(reported) >= EXECUTING_EVERY {
            reported = now;
            progress(ProveEvent::Executing {
                cycles,
                seconds: now.duration_since(started).as_secs_f64(),
            });
        }
    };
    let mut visit = |at: &Snapshot<'_>| {
        let (Some(dir), Some(segments)) = (work_dir, at_cycles.get(&at.cycles)) else {
            return;
        };
        for &segment in segments {
            match dir.read_checkpoint(segment) {
                Some(Ok(state)) => match matches(&state, at) {
                    Ok(()) => {
                        genuine.insert(segment);
                    }
                    Err(what) => discard.push((
                        segment,
                        format!(
                            "checkpoint of segment {segment}: its {what} differs from the state the run reaches after {} instructions",
                            at.cycles
                        ),
                    )),
                },
                Some(Err(reason)) => discard.push((segment, reason)),
                None => {}
            }
        }
    };
    let result =
        vm.execute_ahead_with_progress(loaded, input, exec, &pauses, &mut visit, &mut report)?;
    progress(ProveEvent::ExecutedAhead {
        cycles: result.cycles,
        seconds: started.elapsed().as_secs_f64(),
        exit_code: result.exit_code,
    });
    // Checkpoints the run never reaches (past its end) are not genuine either.
    for segments in at_cycles.values() {
        for &segment in segments {
            let reported = discard.iter().any(|(s, _)| *s == segment);
            if !genuine.contains(&segment) && !reported {
                discard.push((
                    segment,
                    format!("checkpoint of segment {segment}: the run never reaches it"),
                ));
            }
        }
    }
    if let Some(dir) = work_dir {
        for (segment, reason) in discard {
            progress(ProveEvent::Discarded { reason });
            dir.remove_checkpoint(segment)?;
        }
    }
    Ok((result, genuine))
}

/// Walks the genuine checkpoints from the first segment on while each
/// segment's proof can be kept (it verifies, starts at the segment's
/// checkpoint, ends at the next one, continues the memory-root chain, and has
/// a shape of `catalog` where there is one);
/// execution resumes at the first segment without such a proof. Without a
/// work directory, the plan is the initial state.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan(
    vm: &Vm,
    vk: &VerifyingKey<DynAir>,
    catalog: Option<&trellis_vm::segment::ShapeCatalog>,
    initial: MachineState,
    initial_root: [u32; 8],
    genuine: &BTreeSet<u32>,
    work_dir: Option<&WorkDir>,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> ResumePlan {
    let mut plan = ResumePlan {
        reused: BTreeMap::new(),
        start: initial,
        start_root: initial_root,
    };
    let Some(dir) = work_dir else {
        return plan;
    };
    loop {
        let segment = plan.start.segment;
        if !genuine.contains(&(segment + 1)) {
            break;
        }
        let Some(Ok(next)) = dir.read_checkpoint(segment + 1) else {
            break;
        };
        if next.cycles <= plan.start.cycles {
            break;
        }
        let proof = match dir.read_proof(segment) {
            None => break,
            Some(Err(reason)) => {
                progress(ProveEvent::Discarded { reason });
                break;
            }
            Some(Ok(proof)) => proof,
        };
        let fits = proof.claim.entry_pc == plan.start.pc
            && proof.claim.final_pc == next.pc
            && proof
                .claim
                .segment
                .is_some_and(|s| !s.terminated && s.initial_root == plan.start_root);
        let verdict = if !fits {
            Err("it does not run between its checkpoints".into())
        } else if !super::pipeline::in_catalog(catalog, &proof) {
            Err("its shape is not one of the shape catalog's".into())
        } else {
            vm.verify_segment(vk, &proof).map_err(|e| e.to_string())
        };
        if let Err(reason) = verdict {
            progress(ProveEvent::Discarded {
                reason: format!("proof of segment {segment}: {reason}"),
            });
            break;
        }
        progress(ProveEvent::Reused {
            segment,
            cycles: next.cycles - plan.start.cycles,
        });
        plan.start_root = proof.claim.segment.expect("checked above").final_root;
        plan.reused.insert(segment, proof);
        plan.start = next;
    }
    if plan.start.segment > 0 {
        progress(ProveEvent::Resumed {
            segment: plan.start.segment,
            cycles: plan.start.cycles,
        });
    }
    plan
}
