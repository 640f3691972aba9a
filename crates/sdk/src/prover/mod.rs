//! Proving a whole run as a chain of segments: the run is first executed
//! ahead at full speed (a guest fault, the cycle limit or too much public
//! output is reported before anything is proven), then the executor cuts
//! it and writes a checkpoint at every boundary, workers prove segments in
//! parallel, finished proofs are kept in the work directory, and an
//! interrupted proof resumes from it.
//!
//! Memory: the executor holds the guest's memory and its Merkle tree and at
//! most one traced segment waiting for a worker; each worker proves one
//! segment at a time. Segments are cut so that the prover's estimate for
//! one segment ([`trellis_vm::segment::SegmentSizer`]) times the number of
//! workers, plus what the process held when proving started, stays within
//! [`ProveOptions::max_memory`] (measured against the real peak in
//! docs/benchmarks.md).

mod options;
mod phase;
mod pipeline;
mod resume;
mod workdir;

pub use options::{
    MIN_MEMORY_BUDGET, ProveOptions, default_memory_budget, parse_size, peak_resident_memory,
    physical_memory, resident_memory,
};
pub use phase::SegmentPhase;
pub use pipeline::{AggregateRun, prove_run, prove_run_aggregated_to_file, prove_run_to_file};
pub use workdir::{MARKER, Manifest, WorkDir, remove_work_dir};

use std::path::PathBuf;

/// What the prover is doing, for progress output. Events come from the
/// executor and from the worker threads. In order: `WorkDir` (with a work
/// directory), `Executing`… then `ExecutedAhead`, `Discarded`/`Resumed`
/// (when resuming), `Plan`; then for each segment `Phase` events in
/// [`SegmentPhase`] order with `Traced` after `Tracing`, ending with
/// `Proven` or `Reused` (a segment kept from before the resume point:
/// `Reused` alone; segments overlap when several workers prove); last
/// `Chaining`; when the run is aggregated, `Aggregation` events follow.
#[derive(Clone, Debug, PartialEq)]
pub enum ProveEvent {
    /// The work directory is open; `reset`: it held another proof's files,
    /// which were removed.
    WorkDir {
        /// The directory.
        path: PathBuf,
        /// Files of another proof were removed.
        reset: bool,
    },
    /// The whole run was executed ahead of proving (no fault, within the
    /// cycle and output limits); checkpoints were checked against it.
    ExecutedAhead {
        /// Instructions of the run.
        cycles: u64,
        /// Seconds taken.
        seconds: f64,
        /// The guest's exit code.
        exit_code: u32,
    },
    /// How far the execute-ahead pass got (at most every 100 ms, never
    /// for a run that takes less).
    Executing {
        /// Instructions executed so far.
        cycles: u64,
        /// Seconds since the pass started.
        seconds: f64,
    },
    /// How segments are sized.
    Plan {
        /// Estimated prover memory allowed per segment (bytes).
        segment_memory: u64,
        /// Segments proven at once.
        workers: usize,
        /// Memory the process held before proving (bytes).
        baseline: u64,
    },
    /// A file of the work directory is unusable (corrupted, or does not
    /// match); what it held is redone.
    Discarded {
        /// Which file and why.
        reason: String,
    },
    /// Execution resumes from the checkpoint at the start of `segment`.
    Resumed {
        /// The segment.
        segment: u32,
        /// Instructions before it.
        cycles: u64,
    },
    /// A segment was executed in tracing mode.
    Traced {
        /// The segment.
        segment: u32,
        /// Its instructions.
        cycles: u64,
        /// Seconds taken.
        seconds: f64,
        /// Estimated prover memory for the segment (bytes).
        estimated_memory: u64,
    },
    /// A segment's proof was made (and verified).
    Proven {
        /// The segment.
        segment: u32,
        /// Its instructions.
        cycles: u64,
        /// Seconds taken (trace generation and STARK).
        seconds: f64,
    },
    /// A finished proof from the work directory was verified and kept.
    Reused {
        /// The segment.
        segment: u32,
        /// Its instructions.
        cycles: u64,
    },
    /// A segment enters a phase (see [`SegmentPhase`]).
    Phase {
        /// The segment.
        segment: u32,
        /// What is now being done to it.
        phase: SegmentPhase,
    },
    /// Every segment is proven; their chain (each starting where the
    /// previous one ended, from the program's entry to its exit) is being
    /// checked.
    Chaining {
        /// Segments in the proof.
        segments: usize,
    },
    /// The segment proofs are being aggregated into one proof (levels, nodes proven
    /// or reused from the work directory).
    Aggregation(trellis_recursion::aggregate::AggregationEvent),
}

/// What a finished proof run did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProveReport {
    /// Instructions of the whole run.
    pub cycles: u64,
    /// Segments in the proof.
    pub segments: usize,
    /// Segments whose proofs came from the work directory.
    pub reused: usize,
    /// The guest's exit code.
    pub exit_code: u32,
    /// The bytes the guest revealed.
    pub public_output: Vec<u8>,
    /// Estimated prover memory allowed per segment (bytes).
    pub segment_memory: u64,
}
