//! The tracing interpreter loop: records every step and access.

use super::{LoopEnd, op_index};
use crate::error::ExecError;
use crate::executor::{Op, TracedHandler};
use crate::machine::Stop;
use crate::trace::{StepRecord, Tracer};

/// Instructions between two calls of the pause check.
pub(crate) const PAUSE_CHECK_INTERVAL: u64 = 1024;

/// As [`super::pure::run`], recording one [`StepRecord`] per instruction.
/// Every [`PAUSE_CHECK_INTERVAL`] instructions `pause` is asked whether to
/// stop here (a segment boundary); if it says yes the loop ends with the
/// machine still running (`stop` unset, `pc` the next instruction) and
/// `paused` set.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    ops: &[Op],
    traced: &[TracedHandler],
    pc_base: u32,
    entry: u32,
    t: &mut Tracer,
    max_cycles: u64,
    steps: &mut Vec<StepRecord>,
    mut pause: impl FnMut(&Tracer, &[StepRecord]) -> bool,
) -> (LoopEnd, bool) {
    let mut pc = entry;
    let mut last_pc = entry;
    let mut cycles = 0u64;
    let mut paused = false;
    while let Some(op) = ops.get(op_index(pc, pc_base)) {
        let handler = traced[op_index(pc, pc_base)];
        if cycles == max_cycles {
            t.machine.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                limit: max_cycles,
                pc,
            }));
            break;
        }
        if cycles.is_multiple_of(PAUSE_CHECK_INTERVAL) && cycles > 0 && pause(t, steps) {
            paused = true;
            break;
        }
        cycles += 1;
        last_pc = pc;
        let timestamp = t.timestamp;
        let first_access = t.accesses.len() as u32;
        pc = handler(t, op, pc);
        let access_count = t.accesses.len() as u32 - first_access;
        if access_count == 0 {
            t.timestamp += 1;
        }
        steps.push(StepRecord {
            pc: last_pc,
            timestamp,
            slot: op.slot,
            first_access,
            access_count,
        });
    }
    (
        LoopEnd {
            cycles,
            pc,
            last_pc,
        },
        paused,
    )
}
