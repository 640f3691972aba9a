//! The phases a segment goes through on its way to a proof, for progress
//! output ([`super::ProveEvent::Phase`]).

use trellis_vm::prove::ProveStage;

/// What is being done to one segment. A proven segment goes through every
/// phase in this order (`Saving` only with a work directory); a segment
/// whose proof is kept from the work directory goes through `Tracing` only
/// if execution resumed before it, else through none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SegmentPhase {
    /// The executor runs the segment in tracing mode (every step and memory
    /// access recorded) and cuts it; ends with [`super::ProveEvent::Traced`].
    Tracing,
    /// A worker fills every chip's trace from the recorded steps.
    FillingTraces,
    /// Plonky3's batch STARK prover: it commits to the main traces, builds
    /// and commits the LogUp permutation traces, computes and commits the
    /// quotient, and opens everything with FRI, all in one call that
    /// reports nothing in between.
    Proving,
    /// The proof just made is verified (if that fails, every constraint
    /// and bus is checked to name the chip and row at fault).
    Verifying,
    /// The proof is written to the work directory (kept if the prover is
    /// interrupted).
    Saving,
}

impl SegmentPhase {
    /// A short description, e.g. for a progress line.
    pub fn label(self) -> &'static str {
        match self {
            Self::Tracing => "tracing",
            Self::FillingTraces => "filling traces",
            Self::Proving => "proving (commit, LogUp, quotient, FRI)",
            Self::Verifying => "verifying",
            Self::Saving => "saving",
        }
    }

    /// The phase of a stage of [`trellis_vm::Vm::prove_segment_staged`].
    pub fn of_stage(stage: ProveStage) -> Self {
        match stage {
            ProveStage::Execution => Self::Tracing,
            ProveStage::TraceGeneration => Self::FillingTraces,
            ProveStage::Proving => Self::Proving,
            ProveStage::Verifying => Self::Verifying,
        }
    }
}

impl std::fmt::Display for SegmentPhase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
