//! The stepped interpreter loop: pure mode plus a callback with the pc of
//! every instruction before it runs (for profilers; slower than pure mode
//! by the callback's cost, far faster than the logged mode).

use super::{ExecOptions, ExecutionResult, LoopEnd, finish, op_index, start};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::io::HostIo;
use crate::loaded::LoadedProgram;
use crate::machine::Stop;

impl Vm {
    /// Runs a program in pure mode, calling `step` with the pc of each
    /// instruction before it executes.
    pub fn execute_stepped(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
        step: &mut dyn FnMut(u32),
    ) -> Result<ExecutionResult, ExecError> {
        let mut m = start(program, io);
        let mut pc = program.entry_pc;
        let mut last_pc = pc;
        let mut cycles = 0u64;
        while let Some(op) = program.ops.get(op_index(pc, program.pc_base)) {
            if cycles == options.max_cycles {
                m.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                    limit: options.max_cycles,
                    pc,
                }));
                break;
            }
            step(pc);
            cycles += 1;
            last_pc = pc;
            pc = (op.handler)(&mut m, op, pc);
        }
        let end = LoopEnd {
            cycles,
            pc,
            last_pc,
        };
        finish(m, end.cycles, end.pc, end.last_pc)
    }
}
