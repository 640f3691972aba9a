//! A chip: one AIR and the code that fills its trace from a traced run.

use super::claim::Claim;
use super::lookups::LookupCounters;
use crate::trace::{ExecutionTrace, StepRecord};
use std::collections::HashMap;
use trellis_isa::{Instruction, Program};
use trellis_stark::{BaseAir, DynAir, RowMajorMatrix, Val};

/// Everything trace generation may read: the program, the traced run, the
/// steps each chip executed, and the shared lookup counters to record into.
pub struct TraceContext<'a> {
    /// The program that ran.
    pub program: &'a Program,
    /// The traced run.
    pub trace: &'a ExecutionTrace,
    /// Lookup multiplicities, filled by chips as they generate their traces.
    pub counters: &'a LookupCounters,
    steps_by_chip: HashMap<&'static str, Vec<StepRecord>>,
}

impl<'a> TraceContext<'a> {
    /// A context whose steps are grouped by chip with `chip_of(slot)`.
    pub fn new(
        program: &'a Program,
        trace: &'a ExecutionTrace,
        counters: &'a LookupCounters,
        chip_of: impl Fn(u32) -> &'static str,
    ) -> Self {
        let mut steps_by_chip: HashMap<&'static str, Vec<StepRecord>> = HashMap::new();
        for step in &trace.steps {
            steps_by_chip
                .entry(chip_of(step.slot))
                .or_default()
                .push(*step);
        }
        Self {
            program,
            trace,
            counters,
            steps_by_chip,
        }
    }

    /// The steps executed by instructions whose opcodes belong to `chip`, in run order.
    pub fn steps(&self, chip: &str) -> &[StepRecord] {
        self.steps_by_chip.get(chip).map_or(&[], Vec::as_slice)
    }

    /// The instruction at `pc` (every step's pc is in the program).
    pub fn instruction(&self, pc: u32) -> &Instruction {
        self.program
            .instruction_at(pc)
            .expect("steps only run program instructions")
    }
}

/// What a (partial) run has done, for [`Chip::estimated_rows`].
pub struct RunStats<'a> {
    /// Per chip name: (instructions executed, memory accesses they made).
    pub per_chip: &'a HashMap<&'static str, (u64, u64)>,
    /// 8-word blocks touched (registers included).
    pub touched_blocks: u64,
    /// Inner nodes of the memory tree on the paths of the blocks touched so far
    /// (registers included): exactly the Merkle rows such a segment has.
    pub path_nodes: u64,
    /// Instructions in the program.
    pub program_len: u64,
}

impl RunStats<'_> {
    /// Instructions executed by the opcodes of `chip`.
    pub fn steps(&self, chip: &str) -> u64 {
        self.per_chip.get(chip).map_or(0, |c| c.0)
    }

    /// Memory accesses made by instructions of `chip`.
    pub fn accesses(&self, chip: &str) -> u64 {
        self.per_chip.get(chip).map_or(0, |c| c.1)
    }
}

/// One table of the proof.
pub trait Chip: Send + Sync {
    /// Name: for instruction chips, the chip name their opcodes registered
    /// (`ExecutorEntry::chip`), which selects their steps.
    fn name(&self) -> &'static str;
    /// The AIR (with preprocessed columns, if any, built at construction).
    fn air(&self) -> DynAir;
    /// True for lookup tables whose multiplicities come from the other chips'
    /// counters: they are filled after every other chip.
    fn is_lookup_table(&self) -> bool {
        false
    }
    /// The main trace (height a power of two).
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val>;
    /// How many rows this chip's trace will have (before padding) for a run
    /// that has done `stats` so far: by default one per executed
    /// instruction of the chip's opcodes. Used to cut segments before a
    /// trace grows past its limits; an overestimate is safe.
    fn estimated_rows(&self, stats: &RunStats<'_>) -> u64 {
        stats.steps(self.name())
    }
    /// This chip's trace of a run, `trace`, made `height` rows tall (a power of two,
    /// above its own height) with more padding rows: a segment proven at a catalog shape
    /// ([`crate::segment::ShapeCatalog`]) has each table at the shape's height. By default the
    /// rows added are zero rows, the padding of every trace made by [`zero_trace`] (its
    /// constraints hold on zero rows after the real ones, whatever their number), and a
    /// table with preprocessed columns, whose height is that of its trace committed in
    /// the key, gives `None`. A chip whose padding rows are not zero overrides this.
    fn pad_trace(&self, trace: RowMajorMatrix<Val>, height: usize) -> Option<RowMajorMatrix<Val>> {
        if BaseAir::<Val>::preprocessed_width(&self.air()) > 0 {
            return None;
        }
        Some(pad_with_zero_rows(trace, height))
    }
    /// The rows this chip's trace has for a run that has done `stats` so far, for
    /// cutting a segment against a shape catalog: no margin is added, so this must not
    /// be below the rows the trace will have. By default [`Chip::estimated_rows`]; the
    /// memory chips count from the exact paths of the touched blocks
    /// ([`RunStats::path_nodes`]) instead of their worst case.
    fn catalog_rows(&self, stats: &RunStats<'_>) -> u64 {
        self.estimated_rows(stats)
    }
    /// The public values of this AIR given what the run claims (empty for
    /// most chips). The prover and the verifier both derive them from the
    /// claim, so a proof only verifies for the claim it was made for.
    fn public_values(&self, _claim: &Claim) -> Vec<Val> {
        Vec::new()
    }
}

/// Rows of a trace holding `rows` real rows: the next power of two, at least 4.
pub fn padded_height(rows: usize) -> usize {
    rows.next_power_of_two().max(4)
}

/// `trace` with zero rows added up to `height` rows.
pub fn pad_with_zero_rows(mut trace: RowMajorMatrix<Val>, height: usize) -> RowMajorMatrix<Val> {
    let width = trace.width;
    trace.values.resize(height * width, Val::default());
    trace
}

/// A zero matrix of `width` columns and [`padded_height`] of `rows` rows.
pub fn zero_trace(rows: usize, width: usize) -> RowMajorMatrix<Val> {
    RowMajorMatrix::new(vec![Val::default(); padded_height(rows) * width], width)
}
