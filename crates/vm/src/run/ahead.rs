//! Executing a whole run ahead of proving it, at full interpreter speed:
//! a guest fault, the cycle limit or too much public output is known
//! before any segment is proven, and the machine state at chosen cycle
//! counts (the checkpoints a prover kept) can be compared with what the
//! run really reaches there.

use super::chunked::{PROGRESS_INTERVAL, run_until};
use super::{ExecOptions, ExecutionResult, finish, start};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::io::HostIo;
use crate::loaded::LoadedProgram;
use crate::machine::Stop;
use crate::memory::GuestMemory;

/// The machine state a run reached after `cycles` instructions.
#[derive(Debug)]
pub struct Snapshot<'a> {
    /// Instructions executed so far.
    pub cycles: u64,
    /// The next instruction.
    pub pc: u32,
    /// `x0..x31`.
    pub registers: [u32; 32],
    /// Main memory.
    pub memory: &'a GuestMemory,
    /// Bytes of the private input read so far.
    pub input_position: u64,
    /// Bytes of public output revealed so far.
    pub revealed: u64,
}

impl Vm {
    /// Runs `program` on `input` from its start to its end in pure mode
    /// (guest stdout and stderr are dropped) and returns what [`Vm::execute`]
    /// returns. Before the instruction numbered `c` (for each `c` of
    /// `pauses`, in increasing order, below the run's length) it calls
    /// `visit` with the state at that point.
    pub fn execute_ahead(
        &self,
        program: &LoadedProgram,
        input: &[u8],
        options: &ExecOptions,
        pauses: &[u64],
        visit: &mut dyn FnMut(&Snapshot<'_>),
    ) -> Result<ExecutionResult, ExecError> {
        self.execute_ahead_with_progress(program, input, options, pauses, visit, &mut |_| {})
    }

    /// [`Vm::execute_ahead`], also calling `progress` with the number of
    /// instructions executed so far every [`PROGRESS_INTERVAL`] instructions
    /// (as [`Vm::execute_with_progress`]).
    pub fn execute_ahead_with_progress(
        &self,
        program: &LoadedProgram,
        input: &[u8],
        options: &ExecOptions,
        pauses: &[u64],
        visit: &mut dyn FnMut(&Snapshot<'_>),
        progress: &mut dyn FnMut(u64),
    ) -> Result<ExecutionResult, ExecError> {
        let mut machine = start(program, HostIo::discarding(input.to_vec()));
        let mut cycles = 0u64;
        let mut pc = program.entry_pc;
        let mut last_pc = pc;
        let mut pauses = pauses.iter().copied().filter(|&c| c > 0).peekable();
        loop {
            while pauses.next_if(|&c| c <= cycles).is_some() {}
            let target = pauses
                .peek()
                .copied()
                .unwrap_or(u64::MAX)
                .min(cycles.saturating_add(PROGRESS_INTERVAL))
                .min(options.max_cycles);
            let (end, paused) = run_until(program, &mut machine, pc, cycles, target);
            cycles += end.cycles;
            if end.cycles > 0 {
                last_pc = end.last_pc;
            }
            pc = end.pc;
            if paused && cycles < options.max_cycles {
                if pauses.peek() == Some(&cycles) {
                    visit(&Snapshot {
                        cycles,
                        pc,
                        registers: machine.registers(),
                        memory: &machine.memory,
                        input_position: machine.io.input_position(),
                        revealed: machine.io.revealed(),
                    });
                } else {
                    progress(cycles);
                }
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
