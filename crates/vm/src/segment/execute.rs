//! Tracing execution of one segment, from a [`MachineState`] to the next.

use super::limits::{SegmentLimits, SegmentSizer};
use super::{MachineState, SegmentBoundary};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::io::HostIo;
use crate::loaded::LoadedProgram;
use crate::machine::{Machine, Stop};
use crate::memory_tree::MemoryTree;
use crate::run::{ExecOptions, ExecutionResult, finish, traced};
use crate::trace::{ExecutionTrace, Tracer};

/// How a segment ended.
#[derive(Debug)]
pub enum SegmentEnd {
    /// The run goes on from this state (the next segment's start).
    Continue(Box<MachineState>),
    /// The guest exited.
    Exit,
}

/// One traced segment: its trace (with its boundary) and how it ended.
#[derive(Debug)]
pub struct SegmentRun {
    /// Steps, accesses and the segment boundary, ready for trace generation.
    pub trace: ExecutionTrace,
    /// The next state, or the exit.
    pub end: SegmentEnd,
    /// The sizer's estimate of the prover memory this segment needs (bytes).
    pub estimated_memory: u64,
}

/// A segment traced but not yet applied to the memory tree: it can still
/// be dropped and traced again with other limits.
pub(super) struct TracedSegment {
    steps: Vec<crate::trace::StepRecord>,
    accesses: Vec<crate::trace::MemoryAccess>,
    blocks: Vec<super::BlockRecord>,
    final_timestamp: u32,
    result: ExecutionResult,
    end: SegmentEnd,
    index: u32,
    start_pc: u32,
    end_pc: u32,
    exit_code: Option<u32>,
    /// The sizer's estimate of the prover memory (bytes), with no margin.
    pub estimated_memory: u64,
    /// The sizer's tallest chip (rows, before padding).
    pub tallest: u64,
    /// Whether the sizer's final estimate of its tables fits the sizer's catalog (true
    /// without one): a segment that does not must be traced again, shorter.
    pub fits_catalog: bool,
}

impl TracedSegment {
    /// Instructions traced.
    pub fn cycles(&self) -> u64 {
        self.steps.len() as u64
    }

    /// Whether the run goes on after this segment.
    pub fn continues(&self) -> bool {
        matches!(self.end, SegmentEnd::Continue(_))
    }

    /// Applies the segment's blocks to `tree` (the memory tree of the state
    /// it started from) and makes the segment's trace and boundary.
    pub fn finish(self, tree: &mut MemoryTree) -> SegmentRun {
        let leaves: Vec<(u32, [u32; 8])> = self
            .blocks
            .iter()
            .map(|b| (b.leaf(), b.final_words))
            .collect();
        let update = tree
            .apply_segment(&leaves)
            .expect("segment blocks are sorted, unique leaves");
        let segment = SegmentBoundary {
            index: self.index,
            start_pc: self.start_pc,
            end_pc: self.end_pc,
            exit_code: self.exit_code,
            blocks: self.blocks,
            merkle_rows: update.rows,
            initial_root: update.initial_root,
            final_root: update.final_root,
        };
        SegmentRun {
            trace: ExecutionTrace {
                result: self.result,
                steps: self.steps,
                accesses: self.accesses,
                touched: Vec::new(),
                final_timestamp: self.final_timestamp,
                segment: Some(segment),
            },
            end: self.end,
            estimated_memory: self.estimated_memory,
        }
    }
}

impl Vm {
    /// Runs one segment of `program` from `state` in tracing mode, cutting it
    /// where `sizer` says (or at exit), and updates `tree` (which must be
    /// the memory tree of `state`) to the segment's end. `input` is the
    /// whole private input of the run; `options.max_cycles` bounds the whole
    /// run, not the segment.
    pub fn execute_segment(
        &self,
        program: &LoadedProgram,
        state: MachineState,
        input: &[u8],
        tree: &mut MemoryTree,
        sizer: &mut SegmentSizer,
        options: &ExecOptions,
    ) -> Result<SegmentRun, ExecError> {
        Ok(self
            .trace_segment_fitting(program, state, input, sizer, options)?
            .finish(tree))
    }

    /// [`Self::trace_segment`], and where the segment's tables outgrew the sizer's
    /// catalog in its last check interval, the segment traced again up to the last check
    /// where they fit it ([`SegmentSizer::with_catalog`]); `sizer` then holds the counts
    /// of the segment returned.
    pub(super) fn trace_segment_fitting(
        &self,
        program: &LoadedProgram,
        state: MachineState,
        input: &[u8],
        sizer: &mut SegmentSizer,
        options: &ExecOptions,
    ) -> Result<TracedSegment, ExecError> {
        if sizer.catalog().is_none() {
            return self.trace_segment(program, state, input, sizer, options);
        }
        let first = self.trace_segment(program, state.clone(), input, sizer, options)?;
        if first.fits_catalog {
            return Ok(first);
        }
        drop(first);
        let fitted = sizer.catalog_fitted();
        if fitted == 0 {
            return Err(ExecError::NoCatalogShape {
                cycle: state.cycles,
                interval: crate::run::traced::PAUSE_CHECK_INTERVAL,
            });
        }
        let mut prefix = sizer.fresh(SegmentLimits {
            max_cycles: fitted,
            ..sizer.limits()
        });
        let again = self.trace_segment(program, state, input, &mut prefix, options)?;
        debug_assert!(again.fits_catalog && again.cycles() == fitted);
        // The caller's sizer describes the segment returned (under its own limits).
        let limits = sizer.limits();
        *sizer = prefix.with_limits(limits);
        Ok(again)
    }

    /// [`Self::execute_segment`] without touching the memory tree.
    pub(super) fn trace_segment(
        &self,
        program: &LoadedProgram,
        state: MachineState,
        input: &[u8],
        sizer: &mut SegmentSizer,
        options: &ExecOptions,
    ) -> Result<TracedSegment, ExecError> {
        let mut io = HostIo::captured(input.to_vec());
        io.resume_input_at(state.input_position);
        io.earlier_output = state.revealed;
        let mut machine = Machine::new(state.memory, io);
        machine.regs[..32].copy_from_slice(&state.registers);
        let mut tracer = Tracer::new(machine);
        let mut steps = Vec::new();
        let remaining = options.max_cycles.saturating_sub(state.cycles);
        let (end, paused) = traced::run(
            &program.ops,
            &program.traced,
            program.pc_base,
            state.pc,
            &mut tracer,
            remaining,
            &mut steps,
            |t, s| sizer.should_cut(t, s),
        );
        let (estimated_memory, tallest) = sizer.estimate(&tracer, &steps, 0);
        let fits_catalog = sizer.fits_catalog();
        let blocks = tracer.segment_blocks(&state.registers);
        let final_timestamp = tracer.timestamp;
        let accesses = std::mem::take(&mut tracer.accesses);
        let (result, end_state, exit_code, end_pc) = if paused {
            let machine = tracer.machine;
            let next = MachineState {
                segment: state.segment + 1,
                pc: end.pc,
                registers: machine.registers(),
                input_position: machine.io.input_position(),
                revealed: machine.io.revealed(),
                cycles: state.cycles + end.cycles,
                memory: machine.memory,
            };
            let io = machine.io;
            let result = ExecutionResult {
                exit_code: 0,
                cycles: end.cycles,
                public_output: io.public_output,
                stdout: io.stdout.into_captured(),
                stderr: io.stderr.into_captured(),
                registers: next.registers,
                final_pc: end.last_pc,
            };
            (result, SegmentEnd::Continue(Box::new(next)), None, end.pc)
        } else {
            if let Some(Stop::Error(ExecError::CycleLimitExceeded { pc, .. })) =
                &tracer.machine.stop
            {
                let pc = *pc;
                tracer.machine.stop = Some(Stop::Error(ExecError::CycleLimitExceeded {
                    limit: options.max_cycles,
                    pc,
                }));
            }
            let result = finish(tracer.machine, end.cycles, end.pc, end.last_pc)?;
            let code = result.exit_code;
            let pc = result.final_pc;
            (result, SegmentEnd::Exit, Some(code), pc)
        };
        Ok(TracedSegment {
            steps,
            accesses,
            blocks,
            final_timestamp,
            result,
            end: end_state,
            index: state.segment,
            start_pc: state.pc,
            end_pc,
            exit_code,
            estimated_memory,
            tallest,
            fits_catalog,
        })
    }
}
