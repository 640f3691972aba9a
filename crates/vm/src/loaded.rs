//! A program pre-decoded for one VM.

use crate::executor::{Op, TracedHandler};
use trellis_isa::Program;

/// A program whose instructions have been turned into [`Op`]s by a [`crate::Vm`].
/// Load once, execute many times.
#[derive(Clone)]
pub struct LoadedProgram {
    /// `ops[i]` runs the instruction at `pc_base + 4 i`.
    pub ops: Vec<Op>,
    /// `traced[i]` runs the same instruction in tracing mode.
    pub traced: Vec<TracedHandler>,
    /// pc of `ops[0]`.
    pub pc_base: u32,
    /// First pc executed.
    pub entry_pc: u32,
    /// The program it came from (initial memory, original instructions for traces).
    pub program: Program,
}

impl std::fmt::Debug for LoadedProgram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedProgram")
            .field("ops", &self.ops.len())
            .field("pc_base", &self.pc_base)
            .field("entry_pc", &self.entry_pc)
            .finish()
    }
}
