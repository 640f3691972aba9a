//! Pure mode in chunks, for progress reports: the same interpreter loop
//! ([`super::pure::run`]), stopped every [`PROGRESS_INTERVAL`] instructions
//! by its own cycle limit and re-entered, so a caller hears how far the
//! run got without any check added to the loop itself.

use super::{ExecOptions, ExecutionResult, LoopEnd, finish, pure, start};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::io::HostIo;
use crate::loaded::LoadedProgram;
use crate::machine::{Machine, Stop};

/// Instructions between two progress reports: about 10 ms of pure mode at
/// full speed (~400 M instructions/s); the cost of a report is one return
/// from the interpreter loop.
pub const PROGRESS_INTERVAL: u64 = 1 << 22;

/// Runs pure mode from `pc` (after `cycles` instructions) until the run
/// ends or `target` instructions in all have run. Returns where it stopped
/// and whether it stopped only because of `target` (the machine is then
/// still running: its stop reason is cleared).
pub(super) fn run_until(
    program: &LoadedProgram,
    machine: &mut Machine,
    pc: u32,
    cycles: u64,
    target: u64,
) -> (LoopEnd, bool) {
    let end = pure::run(&program.ops, program.pc_base, pc, machine, target - cycles);
    let paused = matches!(
        machine.stop,
        Some(Stop::Error(ExecError::CycleLimitExceeded { .. }))
    );
    if paused {
        machine.stop = None;
    }
    (end, paused)
}

impl Vm {
    /// [`Vm::execute`], calling `progress` with the number of instructions
    /// executed so far every [`PROGRESS_INTERVAL`] instructions (never
    /// after the last one). Same result, same speed.
    pub fn execute_with_progress(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ExecutionResult, ExecError> {
        let mut machine = start(program, io);
        let mut cycles = 0u64;
        let mut pc = program.entry_pc;
        let mut last_pc = pc;
        loop {
            let target = cycles
                .saturating_add(PROGRESS_INTERVAL)
                .min(options.max_cycles);
            let (end, paused) = run_until(program, &mut machine, pc, cycles, target);
            cycles += end.cycles;
            if end.cycles > 0 {
                last_pc = end.last_pc;
            }
            pc = end.pc;
            if paused && cycles < options.max_cycles {
                progress(cycles);
                continue;
            }
            if paused {
                machine.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                    limit: options.max_cycles,
                    pc,
                }));
            }
            return finish(machine, cycles, pc, last_pc);
        }
    }
}
