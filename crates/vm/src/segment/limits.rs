//! Where a run is cut into segments: before any chip's trace passes a
//! height limit, or before the estimated prover memory of the segment
//! passes a budget.

use crate::circuit::{Chip, RunStats, padded_height};
use crate::extension::Vm;
use crate::trace::{StepRecord, Tracer};
use std::collections::HashMap;
use trellis_isa::Program;

const PAUSE_CHECK: u64 = crate::run::traced::PAUSE_CHECK_INTERVAL;

/// Bytes of prover memory per row-cost unit (one base-field column of one
/// padded row, see [`trellis_stark::row_cost`]): the trace itself, its
/// low-degree extension and Merkle tree, LogUp columns and the quotient.
/// Measured (docs/benchmarks.md, "Continuations") and rounded up.
pub const BYTES_PER_CELL: f64 = 16.0;
/// Bytes the tracing records take per executed instruction (step record
/// plus about three accesses).
pub const TRACE_BYTES_PER_CYCLE: u64 = 24 + 3 * 24;

/// Limits of one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentLimits {
    /// Most rows any chip's trace may have.
    pub max_height: u64,
    /// Most estimated prover memory (bytes) for proving one segment.
    pub max_memory: u64,
    /// Most instructions in one segment.
    pub max_cycles: u64,
}

impl Default for SegmentLimits {
    /// 2^21 rows per chip, 4 GiB per segment, no cycle limit.
    fn default() -> Self {
        Self {
            max_height: 1 << 21,
            max_memory: 4 << 30,
            max_cycles: u64::MAX,
        }
    }
}

/// Decides, while a segment runs, whether to cut it here.
pub struct SegmentSizer {
    chips: Vec<(Box<dyn Chip>, u64)>,
    chip_of_slot: Vec<&'static str>,
    per_chip: HashMap<&'static str, (u64, u64)>,
    seen_steps: usize,
    /// Touched blocks at the previous check.
    seen_blocks: u64,
    /// Blocks first touched between the last two checks.
    recent_blocks: u64,
    program_len: u64,
    limits: SegmentLimits,
}

impl SegmentSizer {
    /// A sizer for segments of `program` on `vm`.
    pub fn new(vm: &Vm, program: &Program, limits: SegmentLimits) -> Self {
        let chips = vm
            .segment_chips(None)
            .into_iter()
            .map(|chip| {
                let cost = trellis_stark::row_cost(&chip.air()) as u64;
                (chip, cost)
            })
            .collect();
        Self {
            chips,
            chip_of_slot: vm.registered().iter().map(|r| r.entry.chip).collect(),
            per_chip: HashMap::new(),
            seen_steps: 0,
            seen_blocks: 0,
            recent_blocks: 0,
            program_len: program.instructions.len() as u64,
            limits,
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> SegmentLimits {
        self.limits
    }

    /// Estimated prover memory (bytes) and tallest chip (rows, before
    /// padding) of a segment that has run `steps` so far, with `margin`
    /// more instructions of any kind.
    pub fn estimate(&mut self, tracer: &Tracer, steps: &[StepRecord], margin: u64) -> (u64, u64) {
        for step in &steps[self.seen_steps..] {
            let entry = self
                .per_chip
                .entry(self.chip_of_slot[step.slot as usize])
                .or_default();
            entry.0 += 1;
            entry.1 += u64::from(step.access_count);
        }
        self.seen_steps = steps.len();
        let blocks = tracer.touched_blocks() as u64;
        self.recent_blocks = blocks.saturating_sub(self.seen_blocks);
        self.seen_blocks = blocks;
        // The next interval touches about as many new blocks as the last
        // one; twice that, and at least 64, to be safe.
        let margin_blocks = (2 * self.recent_blocks).max(64) * margin.div_ceil(PAUSE_CHECK);
        let mut with_margin = self.per_chip.clone();
        for counts in with_margin.values_mut() {
            counts.0 += margin;
            counts.1 += 8 * margin;
        }
        let stats = RunStats {
            per_chip: &with_margin,
            touched_blocks: blocks + margin_blocks,
            program_len: self.program_len,
        };
        let mut cells = 0u64;
        let mut tallest = 0u64;
        for (chip, cost) in &self.chips {
            let rows = chip.estimated_rows(&stats);
            tallest = tallest.max(rows);
            cells += padded_height(rows as usize) as u64 * cost;
        }
        let records = (steps.len() as u64 + margin) * TRACE_BYTES_PER_CYCLE;
        ((cells as f64 * BYTES_PER_CELL) as u64 + records, tallest)
    }

    /// True if the segment should end before its next instruction: one more
    /// check interval could pass a limit.
    pub fn should_cut(&mut self, tracer: &Tracer, steps: &[StepRecord]) -> bool {
        let margin = crate::run::traced::PAUSE_CHECK_INTERVAL;
        if steps.len() as u64 + margin > self.limits.max_cycles {
            return true;
        }
        let (memory, tallest) = self.estimate(tracer, steps, margin);
        memory > self.limits.max_memory || tallest > self.limits.max_height
    }
}
