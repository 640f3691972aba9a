//! Execution modes.
//!
//! * [`crate::Vm::execute`] (pure): as fast as possible; exit code, output, cycles.
//!   [`crate::Vm::execute_with_progress`] is the same loop, re-entered every
//!   [`PROGRESS_INTERVAL`] instructions to report how far it got.
//! * [`crate::Vm::execute_metered`]: also counts every opcode and the rows each
//!   chip's trace will need.
//! * [`crate::Vm::execute_logged`]: also writes one JSON line per instruction
//!   (for debugging; slow).

mod ahead;
mod chunked;
mod logged;
mod metered;
mod pure;
mod stepped;
pub(crate) mod traced;

use crate::error::ExecError;
use crate::extension::Vm;
use crate::io::HostIo;
use crate::loaded::LoadedProgram;
use crate::machine::{Machine, Stop};
use crate::memory::GuestMemory;
use serde::Serialize;
use std::collections::BTreeMap;

pub use ahead::Snapshot;
pub use chunked::PROGRESS_INTERVAL;

/// Default cycle limit: 2^30, about 1.07 billion instructions (10–20 s of
/// `run`, hours of proving); `--max-cycles` / [`ExecOptions::max_cycles`]
/// raises it. Small enough that a guest stuck in a loop is reported soon.
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 30;

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// The run fails with [`ExecError::CycleLimitExceeded`] instead of executing more instructions.
    pub max_cycles: u64,
}

impl Default for ExecOptions {
    fn default() -> Self {
        Self {
            max_cycles: DEFAULT_MAX_CYCLES,
        }
    }
}

/// What a finished run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutionResult {
    /// The code the guest passed to `exit`.
    pub exit_code: u32,
    /// Instructions executed, including the exiting one.
    pub cycles: u64,
    /// Bytes the guest revealed.
    pub public_output: Vec<u8>,
    /// Captured guest stdout (empty when streamed).
    pub stdout: Vec<u8>,
    /// Captured guest stderr (empty when streamed).
    pub stderr: Vec<u8>,
    /// `x0..x31` at exit.
    pub registers: [u32; 32],
    /// pc of the exiting instruction.
    pub final_pc: u32,
}

/// How often one opcode ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpcodeCount {
    /// Mnemonic.
    pub mnemonic: &'static str,
    /// Global opcode number.
    pub opcode: u16,
    /// Chip that proves it.
    pub chip: &'static str,
    /// Executions.
    pub count: u64,
}

/// What metered execution measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metrics {
    /// Instructions executed.
    pub cycles: u64,
    /// Opcodes that ran at least once, most frequent first.
    pub opcodes: Vec<OpcodeCount>,
    /// Rows each chip's trace needs (one per executed instruction of its opcodes).
    pub chip_rows: BTreeMap<&'static str, u64>,
    /// Host memory pages (4 KiB) the guest touched.
    pub touched_pages: usize,
}

/// Fresh machine for a loaded program.
fn start(program: &LoadedProgram, io: HostIo) -> Machine {
    Machine::new(GuestMemory::with_image(&program.program.memory_image), io)
}

/// Turns the loop's end state into the run's result.
pub(crate) fn finish(
    mut machine: Machine,
    cycles: u64,
    pc: u32,
    last_pc: u32,
) -> Result<ExecutionResult, ExecError> {
    match machine.stop.take() {
        Some(Stop::Exit(exit_code)) => {
            let registers = machine.registers();
            let io = machine.io;
            Ok(ExecutionResult {
                exit_code,
                cycles,
                public_output: io.public_output,
                stdout: io.stdout.into_captured(),
                stderr: io.stderr.into_captured(),
                registers,
                final_pc: last_pc,
            })
        }
        Some(Stop::Error(error)) => Err(name_stack_overflow(error, machine.reg(2))),
        None if !pc.is_multiple_of(4) => Err(ExecError::MisalignedJump {
            pc: last_pc,
            target: pc,
        }),
        None => Err(ExecError::PcOutOfCode { pc }),
    }
}

impl Vm {
    /// Runs a program in pure mode.
    pub fn execute(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
    ) -> Result<ExecutionResult, ExecError> {
        let mut machine = start(program, io);
        let end = pure::run(
            &program.ops,
            program.pc_base,
            program.entry_pc,
            &mut machine,
            options.max_cycles,
        );
        finish(machine, end.cycles, end.pc, end.last_pc)
    }

    /// Runs a program in metered mode.
    pub fn execute_metered(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
    ) -> Result<(ExecutionResult, Metrics), ExecError> {
        let mut machine = start(program, io);
        let mut counts = vec![0u64; self.registered().len()];
        let end = metered::run(
            &program.ops,
            program.pc_base,
            program.entry_pc,
            &mut machine,
            options.max_cycles,
            &mut counts,
        );
        let touched_pages = machine.memory.touched_pages();
        let result = finish(machine, end.cycles, end.pc, end.last_pc)?;
        Ok((result, self.metrics(&counts, end.cycles, touched_pages)))
    }

    /// Runs a program in tracing mode: the result plus every step and memory
    /// access, for trace generation.
    pub fn execute_traced(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
    ) -> Result<crate::trace::ExecutionTrace, ExecError> {
        let mut tracer = crate::trace::Tracer::new(start(program, io));
        let mut steps = Vec::new();
        let (end, _) = traced::run(
            &program.ops,
            &program.traced,
            program.pc_base,
            program.entry_pc,
            &mut tracer,
            options.max_cycles,
            &mut steps,
            |_, _| false,
        );
        let touched = tracer.touched_words(&program.program.memory_image);
        let final_timestamp = tracer.timestamp;
        let accesses = std::mem::take(&mut tracer.accesses);
        let result = finish(tracer.machine, end.cycles, end.pc, end.last_pc)?;
        Ok(crate::trace::ExecutionTrace {
            result,
            steps,
            accesses,
            touched,
            final_timestamp,
            segment: None,
        })
    }

    /// Runs a program writing one JSON line per executed instruction to `log`.
    pub fn execute_logged(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
        log: &mut dyn std::io::Write,
    ) -> Result<ExecutionResult, ExecError> {
        let mut machine = start(program, io);
        let end = logged::run(self, program, &mut machine, options.max_cycles, log)?;
        finish(machine, end.cycles, end.pc, end.last_pc)
    }

    fn metrics(&self, counts: &[u64], cycles: u64, touched_pages: usize) -> Metrics {
        let mut opcodes: Vec<OpcodeCount> = counts
            .iter()
            .zip(self.registered())
            .filter(|(count, _)| **count > 0)
            .map(|(&count, reg)| OpcodeCount {
                mnemonic: reg.entry.mnemonic,
                opcode: reg.entry.opcode.as_u16(),
                chip: reg.entry.chip,
                count,
            })
            .collect();
        opcodes.sort_by(|x, y| y.count.cmp(&x.count).then(x.opcode.cmp(&y.opcode)));
        let mut chip_rows = BTreeMap::new();
        for op in &opcodes {
            *chip_rows.entry(op.chip).or_insert(0) += op.count;
        }
        Metrics {
            cycles,
            opcodes,
            chip_rows,
            touched_pages,
        }
    }
}

/// An access outside guest memory made while the stack pointer (`sp`) has
/// left guest memory (below it, or wrapped past 0) is a stack overflow:
/// says so. `sp = 0` is a program that never set up a stack, not an overflow.
fn name_stack_overflow(error: ExecError, sp: u32) -> ExecError {
    match error {
        ExecError::MemoryOutOfBounds {
            pc,
            addr,
            size,
            access,
        } if sp != 0
            && !(crate::memory::MEMORY_GUARD..=crate::memory::MEMORY_LIMIT).contains(&sp) =>
        {
            ExecError::StackOverflow {
                pc,
                addr,
                size,
                access,
                sp,
            }
        }
        error => error,
    }
}

/// Where an interpreter loop stopped.
pub(crate) struct LoopEnd {
    pub(crate) cycles: u64,
    /// The pc that could not be fetched (STOP_PC after a handler stopped the machine).
    pub(crate) pc: u32,
    /// pc of the last instruction executed.
    pub(crate) last_pc: u32,
}

/// Index of the op at `pc`, or an index past any table for a misaligned pc:
/// the rotation moves the two low bits to the top.
#[inline(always)]
fn op_index(pc: u32, pc_base: u32) -> usize {
    pc.wrapping_sub(pc_base).rotate_right(2) as usize
}
