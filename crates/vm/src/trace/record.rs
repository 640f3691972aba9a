//! The records tracing mode produces.

use crate::run::ExecutionResult;

/// One access to a 4-byte word of some address space (registers are words
/// of address space 1 at `4 * index`). Reads have `value == prev_value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryAccess {
    /// Address space (1 registers, 2 main memory).
    pub address_space: u32,
    /// Word-aligned byte address.
    pub pointer: u32,
    /// The word before the access.
    pub prev_value: u32,
    /// The word after the access.
    pub value: u32,
    /// Timestamp of the previous access to this word (0: initial memory).
    pub prev_timestamp: u32,
    /// Timestamp of this access.
    pub timestamp: u32,
}

/// One executed instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepRecord {
    /// Its pc.
    pub pc: u32,
    /// Timestamp when it started (its first access has this timestamp).
    pub timestamp: u32,
    /// Registry slot of its opcode (which executor, which chip).
    pub slot: u32,
    /// Index of its first access in [`ExecutionTrace::accesses`].
    pub first_access: u32,
    /// How many accesses it made.
    pub access_count: u32,
}

/// A word the run touched (or that the initial image defines), for the
/// memory boundary: what it held at the start and at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TouchedWord {
    /// Address space.
    pub address_space: u32,
    /// Word-aligned byte address.
    pub pointer: u32,
    /// Value before the run (timestamp 0).
    pub initial: u32,
    /// Value after the run.
    pub final_value: u32,
    /// Timestamp of the last access (0 if never accessed).
    pub final_timestamp: u32,
}

/// Everything a tracing run produced.
#[derive(Debug, Clone)]
pub struct ExecutionTrace {
    /// The same result pure mode gives.
    pub result: ExecutionResult,
    /// Every executed instruction, in order.
    pub steps: Vec<StepRecord>,
    /// Every access, in order; steps point into this.
    pub accesses: Vec<MemoryAccess>,
    /// Every touched word, sorted by (address space, pointer).
    pub touched: Vec<TouchedWord>,
    /// Timestamp after the last instruction.
    pub final_timestamp: u32,
    /// For a segment of a continued run: its boundary (`None` for a whole run).
    pub segment: Option<crate::segment::SegmentBoundary>,
}

impl ExecutionTrace {
    /// The accesses of one step.
    pub fn accesses_of(&self, step: &StepRecord) -> &[MemoryAccess] {
        let start = step.first_access as usize;
        &self.accesses[start..start + step.access_count as usize]
    }
}
