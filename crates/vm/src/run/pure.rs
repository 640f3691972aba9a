//! The pure-mode interpreter loop: the hot path of every run.

use super::{LoopEnd, op_index};
use crate::error::ExecError;
use crate::executor::Op;
use crate::machine::{Machine, Stop};

/// Runs until a handler stops the machine, control leaves the code, or
/// `max_cycles` instructions have run.
pub(super) fn run(
    ops: &[Op],
    pc_base: u32,
    entry: u32,
    m: &mut Machine,
    max_cycles: u64,
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
        last_pc = pc;
        pc = (op.handler)(m, op, pc);
    }
    LoopEnd {
        cycles,
        pc,
        last_pc,
    }
}
