//! The metered interpreter loop: pure mode plus a per-opcode counter.

use super::{LoopEnd, op_index};
use crate::error::ExecError;
use crate::executor::Op;
use crate::machine::{Machine, Stop};

/// As [`super::pure::run`], also counting executions per registry slot in `counts`.
pub(super) fn run(
    ops: &[Op],
    pc_base: u32,
    entry: u32,
    m: &mut Machine,
    max_cycles: u64,
    counts: &mut [u64],
) -> LoopEnd {
    let mut pc = entry;
    let mut last_pc = entry;
    let mut cycles = 0u64;
    while let Some(op) = ops.get(op_index(pc, pc_base)) {
        if cycles == max_cycles {
            m.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                limit: max_cycles,
                pc,
            }));
            break;
        }
        cycles += 1;
        counts[op.slot as usize] += 1;
        last_pc = pc;
        pc = (op.handler)(m, op, pc);
    }
    LoopEnd {
        cycles,
        pc,
        last_pc,
    }
}
