//! Where a run is cut into segments: before any chip's trace passes a
//! height limit, before the estimated prover memory of the segment
//! passes a budget, or (with a shape catalog) before its tables would fit
//! none of the catalog's shapes.
//!
//! # The memory model
//!
//! For a segment whose chips have padded heights `h_i` (powers of two) and
//! row shapes `main_i`, `aux_i` (base-field columns per row: main trace;
//! LogUp permutation trace plus quotient chunks, [`trellis_stark::row_shape`]):
//!
//! ```text
//! prover  = MAIN_BYTES_PER_CELL · Σ h_i · main_i
//!         + AUX_BYTES_PER_CELL  · Σ h_i · aux_i
//!         + BYTES_PER_TALLEST_ROW · max h_i
//! records = STEP_RECORD_BYTES · steps + ACCESS_RECORD_BYTES · accesses
//! ```
//!
//! and the estimate is `prover + records`. Where the bytes go: a main cell
//! is held as the trace (4 bytes) and as its blowup-2 low-degree extension
//! (8 bytes), with a transient copy while it is extended; a permutation or
//! quotient cell mostly as its extension (8 bytes). The tallest trace sets
//! the size of the commitments' Merkle trees (one digest of 32 bytes per
//! extended row and as many inner nodes, for the main, permutation and
//! quotient commitments) and of FRI's folded codewords and their trees.
//! The tracing records (step records of 20 bytes, accesses of 24) live in
//! vectors grown by doubling.
//!
//! The constants were fitted to the peak resident memory of single
//! segments proven with production parameters (release build, one worker):
//! fibonacci, sort, sha256 in software, the SHA-256 and Keccak precompiles
//! and k256 ECDSA, each at two segment sizes between 1 M and 5.5 M cycles
//! (docs/benchmarks.md, "Calibration of the estimate"). A least-squares fit
//! gave 12.4, 7.6 and 745 bytes with a spread of ±5 %; the constants below
//! are that rounded up, and the estimate plus the memory held before
//! proving came out 1.07–1.18x the measured peak (a 2^22-row ECDSA segment
//! outside the fit: 1.11x). The Merkle and Poseidon2 chips' row bounds
//! ([`crate::system_chips::merkle::max_rows`]) assume scattered blocks: the
//! highest ratio is sort's, whose blocks are contiguous.

use super::shape::ShapeCatalog;
use crate::circuit::{Chip, RunStats, padded_height};
use crate::extension::Vm;
use crate::memory_tree::{LEAF_LEVEL, MEMORY_LEAF_BASE};
use crate::trace::{StepRecord, Tracer};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use trellis_isa::Program;
use trellis_stark::RowShape;

const PAUSE_CHECK: u64 = crate::run::traced::PAUSE_CHECK_INTERVAL;

/// Bytes of prover memory per main-trace cell (one base-field column of one
/// padded row): the trace, its low-degree extension, the transient copy.
pub const MAIN_BYTES_PER_CELL: u64 = 13;
/// Bytes of prover memory per cell of the permutation (LogUp) and quotient
/// matrices, counted per row of the trace they belong to.
pub const AUX_BYTES_PER_CELL: u64 = 9;
/// Bytes of prover memory per row of the tallest trace: Merkle trees of the
/// commitments, FRI's codewords and trees, opening buffers.
pub const BYTES_PER_TALLEST_ROW: u64 = 768;
/// Bytes of one step record ([`StepRecord`]).
pub const STEP_RECORD_BYTES: u64 = std::mem::size_of::<StepRecord>() as u64;
/// Bytes of one memory access record.
pub const ACCESS_RECORD_BYTES: u64 = std::mem::size_of::<crate::trace::MemoryAccess>() as u64;

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

impl SegmentLimits {
    /// No limit at all: the segment runs to the exit.
    pub const UNLIMITED: Self = Self {
        max_height: u64::MAX,
        max_memory: u64::MAX,
        max_cycles: u64::MAX,
    };
}

impl Default for SegmentLimits {
    /// 2^22 rows per chip (the most production keys accept), 4 GiB per
    /// segment, no cycle limit.
    fn default() -> Self {
        Self {
            max_height: 1 << 22,
            max_memory: 4 << 30,
            max_cycles: u64::MAX,
        }
    }
}

/// Estimated prover memory (bytes, without the tracing records) of a
/// segment whose chips, of these row shapes, have these padded heights
/// (see the module docs).
pub fn prover_memory(chips: impl IntoIterator<Item = (RowShape, u64)>) -> u64 {
    let (mut main, mut aux, mut tallest) = (0u64, 0u64, 0u64);
    for (shape, height) in chips {
        main += height * shape.main as u64;
        aux += height * (shape.permutation + shape.quotient) as u64;
        tallest = tallest.max(height);
    }
    MAIN_BYTES_PER_CELL * main + AUX_BYTES_PER_CELL * aux + BYTES_PER_TALLEST_ROW * tallest
}

/// Bytes the tracing records of `steps` instructions making `accesses`
/// memory accesses take (resident: the vectors' unused capacity is never
/// touched).
pub fn record_memory(steps: u64, accesses: u64) -> u64 {
    STEP_RECORD_BYTES * steps + ACCESS_RECORD_BYTES * accesses
}

/// The chips of a configuration with their row shapes: computed once
/// (a symbolic evaluation of every AIR) and shared by the sizers of every
/// segment.
struct SizedChips {
    chips: Vec<(Box<dyn Chip>, RowShape)>,
    chip_of_slot: Vec<&'static str>,
    program_len: u64,
}

/// Decides, while a segment runs, whether to cut it here.
pub struct SegmentSizer {
    shared: Arc<SizedChips>,
    per_chip: HashMap<&'static str, (u64, u64)>,
    seen_steps: usize,
    /// Touched blocks at the previous check.
    seen_blocks: u64,
    /// Blocks first touched between the last two checks.
    recent_blocks: u64,
    limits: SegmentLimits,
    /// Where given, a segment is also cut before its tables would fit none of its shapes.
    catalog: Option<Arc<ShapeCatalog>>,
    /// The log2 padded heights of the last estimate, per chip.
    estimated_log_heights: Vec<u8>,
    /// Instructions at the last check where the tables fit the catalog.
    catalog_fitted: u64,
    /// Inner nodes of the memory tree on the paths of the blocks touched so far
    /// (level in the high half, index in the low).
    path_nodes: HashSet<u64>,
    /// Main-memory blocks of the tracer's list already walked into `path_nodes`.
    walked_blocks: usize,
}

impl SegmentSizer {
    /// A sizer for segments of `program` on `vm`.
    pub fn new(vm: &Vm, program: &Program, limits: SegmentLimits) -> Self {
        let chips = vm
            .segment_chips(None)
            .into_iter()
            .map(|chip| {
                let shape = trellis_stark::row_shape(&chip.air());
                (chip, shape)
            })
            .collect();
        let shared = SizedChips {
            chips,
            chip_of_slot: vm.registered().iter().map(|r| r.entry.chip).collect(),
            program_len: program.instructions.len() as u64,
        };
        Self::with_chips(Arc::new(shared), limits)
    }

    fn with_chips(shared: Arc<SizedChips>, limits: SegmentLimits) -> Self {
        Self {
            shared,
            per_chip: HashMap::new(),
            seen_steps: 0,
            seen_blocks: 0,
            recent_blocks: 0,
            limits,
            catalog: None,
            estimated_log_heights: Vec::new(),
            catalog_fitted: 0,
            path_nodes: HashSet::new(),
            walked_blocks: 0,
        }
        .with_register_paths()
    }

    /// The register blocks are on every segment's boundary: their paths from the start.
    fn with_register_paths(mut self) -> Self {
        for leaf in 0..super::REGISTER_BLOCKS {
            self.walk_path(leaf);
        }
        self
    }

    /// Adds the inner nodes on the path of leaf `leaf` (up to the first already there).
    fn walk_path(&mut self, leaf: u32) {
        for level in (0..LEAF_LEVEL as u32).rev() {
            let index = leaf >> (LEAF_LEVEL as u32 - level);
            if !self
                .path_nodes
                .insert(u64::from(level) << 32 | u64::from(index))
            {
                break;
            }
        }
    }

    /// This sizer, also cutting a segment against `catalog`, a catalog of the segment
    /// key of this sizer's program: at each check the segment's tables as estimated now
    /// (no margin: exact for instruction chips, an upper bound for the memory chips) must
    /// fit one of its shapes. Where they no longer do, the segment is cut there, and
    /// [`crate::Vm::execute_segment`] traces it again up to the last check where they did
    /// ([`SegmentSizer::catalog_fitted`]): one more tracing pass for such a segment, where
    /// a margin of one check interval for every table would cut every segment at the
    /// first check (a table used a few times has far fewer rows than one interval). The
    /// segment's proof then pads its tables to the cheapest shape they fit
    /// ([`super::TraceHeights::Catalog`]).
    pub fn with_catalog(mut self, catalog: Arc<ShapeCatalog>) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// This sizer (what it counted) under `limits`.
    pub(super) fn with_limits(mut self, limits: SegmentLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The catalog segments are cut against, if any.
    pub fn catalog(&self) -> Option<&Arc<ShapeCatalog>> {
        self.catalog.as_ref()
    }

    /// Whether the last estimate's tables fit a shape of the catalog (true without one).
    pub fn fits_catalog(&self) -> bool {
        self.catalog
            .as_ref()
            .is_none_or(|catalog| catalog.cover(&self.estimated_log_heights).is_some())
    }

    /// The log2 padded heights of every table in the last estimate without margin, in
    /// chip order ([`Chip::catalog_rows`]: exact for the instruction and Merkle tables, an
    /// upper bound for the others).
    pub fn estimated_log_heights(&self) -> &[u8] {
        &self.estimated_log_heights
    }

    /// Inner nodes of the memory tree on the paths of the blocks the segment touched up
    /// to the last estimate (registers included): its Merkle table's rows.
    pub fn path_nodes(&self) -> u64 {
        self.path_nodes.len() as u64
    }

    /// Instructions of the segment at the last check where its tables fit the catalog
    /// (0 if none did).
    pub fn catalog_fitted(&self) -> u64 {
        self.catalog_fitted
    }

    /// A sizer for another segment of the same program (nothing counted
    /// yet), under `limits` (and the same catalog, if any).
    pub fn fresh(&self, limits: SegmentLimits) -> Self {
        let fresh = Self::with_chips(Arc::clone(&self.shared), limits);
        match &self.catalog {
            Some(catalog) => fresh.with_catalog(Arc::clone(catalog)),
            None => fresh,
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
        // A second estimate at the same point (with another margin) counts nothing new
        // and keeps the block rate of the interval that led here.
        let new_interval = steps.len() != self.seen_steps;
        for step in &steps[self.seen_steps..] {
            let entry = self
                .per_chip
                .entry(self.shared.chip_of_slot[step.slot as usize])
                .or_default();
            entry.0 += 1;
            entry.1 += u64::from(step.access_count);
        }
        self.seen_steps = steps.len();
        for &block in &tracer.touched_memory_blocks()[self.walked_blocks..] {
            self.walk_path(MEMORY_LEAF_BASE + block);
        }
        self.walked_blocks = tracer.touched_memory_blocks().len();
        let blocks = tracer.touched_blocks() as u64;
        if new_interval {
            self.recent_blocks = blocks.saturating_sub(self.seen_blocks);
            self.seen_blocks = blocks;
        }
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
            // Each block of the margin adds at most a path.
            path_nodes: self.path_nodes.len() as u64 + margin_blocks * LEAF_LEVEL as u64,
            program_len: self.shared.program_len,
        };
        let mut tallest = 0u64;
        if margin == 0 {
            self.estimated_log_heights = self
                .shared
                .chips
                .iter()
                .map(|(chip, _)| {
                    padded_height(chip.catalog_rows(&stats) as usize).trailing_zeros() as u8
                })
                .collect();
        }
        let prover = prover_memory(self.shared.chips.iter().map(|(chip, shape)| {
            let rows = chip.estimated_rows(&stats);
            tallest = tallest.max(rows);
            (*shape, padded_height(rows as usize) as u64)
        }));
        let records = record_memory(
            steps.len() as u64 + margin,
            tracer.accesses.len() as u64 + 8 * margin,
        );
        (prover + records, tallest)
    }

    /// True if the segment should end before its next instruction: one more
    /// check interval could pass a limit.
    pub fn should_cut(&mut self, tracer: &Tracer, steps: &[StepRecord]) -> bool {
        if self.catalog.is_some() {
            self.estimate(tracer, steps, 0);
            if !self.fits_catalog() {
                return true;
            }
            self.catalog_fitted = steps.len() as u64;
        }
        let margin = PAUSE_CHECK;
        if steps.len() as u64 + margin > self.limits.max_cycles {
            return true;
        }
        let (memory, tallest) = self.estimate(tracer, steps, margin);
        memory > self.limits.max_memory || tallest > self.limits.max_height
    }
}
