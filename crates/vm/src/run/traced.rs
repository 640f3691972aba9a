//! The tracing interpreter loop: records every step and access.

use super::{LoopEnd, op_index};
use crate::error::ExecError;
use crate::executor::{Op, TracedHandler};
use crate::machine::Stop;
use crate::trace::{StepRecord, Tracer};

/// As [`super::pure::run`], recording one [`StepRecord`] per instruction.
pub(super) fn run(
    ops: &[Op],
    traced: &[TracedHandler],
    pc_base: u32,
    entry: u32,
    t: &mut Tracer,
    max_cycles: u64,
    steps: &mut Vec<StepRecord>,
) -> LoopEnd {
    let mut pc = entry;
    let mut last_pc = entry;
    let mut cycles = 0u64;
    while let Some(op) = ops.get(op_index(pc, pc_base)) {
        let handler = traced[op_index(pc, pc_base)];
        if cycles == max_cycles {
            t.machine.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                limit: max_cycles,
                pc,
            }));
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
    LoopEnd {
        cycles,
        pc,
        last_pc,
    }
}
