//! Tracing execution: what trace generation needs from a run.
//!
//! The [`Tracer`] runs the same handlers as pure mode but logs every
//! register and memory access as a [`MemoryAccess`] (word-granular, with the
//! timestamp of the previous access to the same word, for offline memory
//! checking), and every executed instruction as a [`StepRecord`]. Timestamps
//! start at 1 (0 is the initial memory); each access takes the next
//! timestamp, and an instruction that accesses nothing still takes one.

mod record;
mod timestamps;
mod tracer;

pub use record::{ExecutionTrace, MemoryAccess, StepRecord, TouchedWord};
pub use tracer::Tracer;
