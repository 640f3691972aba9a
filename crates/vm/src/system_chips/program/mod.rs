//! The program chip: one preprocessed row per instruction (committed in the
//! verifying key), sending `(pc, opcode, a..g)` on the program bus as often
//! as the instruction ran.
//!
//! # Column contract
//!
//! The provided tuples are the preprocessed columns, fixed by the verifying
//! key: no main cell enters them. The one main column, `multiplicity`, is
//! the free count of a provided table entry (`Domain::Multiplicity`): the
//! instruction chips look instructions up with bounded counts, so a wrong
//! count leaves the program bus unbalanced (`docs/security.md`).

mod air;
mod trace;

#[cfg(test)]
mod tests;

pub use air::{PADDING_OPCODE, ProgramAir, ProgramCols, ProgramPrepCols, program_table};

use crate::circuit::{Chip, TraceContext};
use trellis_isa::Program;
use trellis_stark::{DynAir, RowMajorMatrix, Val};

/// Chip name of the program table.
pub const PROGRAM_CHIP: &str = "program";

/// The program table of one program (or, for verifying, of none).
pub struct ProgramChip {
    air: ProgramAir,
}

impl ProgramChip {
    /// The chip for `program`; `None` builds the AIR without its table.
    pub fn new(program: Option<&Program>) -> Self {
        Self {
            air: ProgramAir::new(program),
        }
    }
}

impl Chip for ProgramChip {
    fn name(&self) -> &'static str {
        PROGRAM_CHIP
    }

    fn estimated_rows(&self, stats: &crate::circuit::RunStats<'_>) -> u64 {
        stats.program_len
    }

    fn air(&self) -> DynAir {
        DynAir::new(self.air.clone())
    }

    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate(ctx)
    }
}
