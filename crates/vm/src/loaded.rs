//! A program pre-decoded for one VM.

use crate::executor::Op;
use trellis_isa::Program;

/// A program whose instructions have been turned into [`Op`]s by a [`crate::Vm`].
/// Load once, execute many times.
#[derive(Debug, Clone)]
pub struct LoadedProgram {
    /// `ops[i]` runs the instruction at `pc_base + 4 i`.
    pub ops: Vec<Op>,
    /// pc of `ops[0]`.
    pub pc_base: u32,
    /// First pc executed.
    pub entry_pc: u32,
    /// The program it came from (initial memory, original instructions for traces).
    pub program: Program,
}
