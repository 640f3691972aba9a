//! What an interrupted proof left behind: which segment proofs can be
//! kept, which finished segments must be proven again from their
//! checkpoints, and where execution resumes.

use super::ProveEvent;
use super::workdir::WorkDir;
use std::collections::BTreeMap;
use trellis_stark::{DynAir, VerifyingKey};
use trellis_vm::Vm;
use trellis_vm::segment::{MachineState, SegmentProof};

/// Where a proof starts.
pub(super) struct ResumePlan {
    /// Verified proofs of segments before `start`, by segment.
    pub reused: BTreeMap<u32, SegmentProof>,
    /// Segments before `start` without a usable proof: (segment, its
    /// instruction count), re-executed from their own checkpoints.
    pub replays: Vec<(u32, u64)>,
    /// The state execution continues from.
    pub start: MachineState,
}

/// Walks the checkpoints from the first segment on while each one is
/// valid and follows the previous; every segment between two valid
/// checkpoints keeps its proof if that proof verifies and runs from the
/// one to the other, else it is replayed. Without a work directory, the
/// plan is the initial state.
pub(super) fn plan(
    vm: &Vm,
    vk: &VerifyingKey<DynAir>,
    initial: MachineState,
    work_dir: Option<&WorkDir>,
    progress: &(dyn Fn(ProveEvent) + Sync),
) -> ResumePlan {
    let mut plan = ResumePlan {
        reused: BTreeMap::new(),
        replays: Vec::new(),
        start: initial,
    };
    let Some(dir) = work_dir else {
        return plan;
    };
    loop {
        let segment = plan.start.segment;
        let next = match dir.read_checkpoint(segment + 1) {
            None => break,
            Some(Err(reason)) => {
                progress(ProveEvent::Discarded { reason });
                break;
            }
            Some(Ok(next)) if next.cycles <= plan.start.cycles => {
                progress(ProveEvent::Discarded {
                    reason: format!("checkpoint of segment {}: no progress", segment + 1),
                });
                break;
            }
            Some(Ok(next)) => next,
        };
        match dir.read_proof(segment) {
            Some(Ok(proof)) => {
                let fits = proof.claim.entry_pc == plan.start.pc
                    && proof.claim.final_pc == next.pc
                    && proof.claim.segment.is_some_and(|s| !s.terminated);
                match (fits, vm.verify_segment(vk, &proof)) {
                    (true, Ok(())) => {
                        progress(ProveEvent::Reused { segment });
                        plan.reused.insert(segment, proof);
                    }
                    (false, _) => {
                        progress(ProveEvent::Discarded {
                            reason: format!(
                                "proof of segment {segment}: does not run between its checkpoints"
                            ),
                        });
                        plan.replays
                            .push((segment, next.cycles - plan.start.cycles));
                    }
                    (true, Err(e)) => {
                        progress(ProveEvent::Discarded {
                            reason: format!("proof of segment {segment}: {e}"),
                        });
                        plan.replays
                            .push((segment, next.cycles - plan.start.cycles));
                    }
                }
            }
            Some(Err(reason)) => {
                progress(ProveEvent::Discarded { reason });
                plan.replays
                    .push((segment, next.cycles - plan.start.cycles));
            }
            None => plan
                .replays
                .push((segment, next.cycles - plan.start.cycles)),
        }
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
