//! Program table trace: execution counts per instruction.

use super::ProgramCols;
use crate::circuit::columns::Columns;
use crate::circuit::{TraceContext, zero_trace};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

/// One row per instruction (same height as the preprocessed table): how
/// often each pc ran in `ctx.trace`.
pub(super) fn generate(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let program = ctx.program;
    let mut counts = vec![0u32; program.instructions.len()];
    for step in &ctx.trace.steps {
        counts[(step.pc.wrapping_sub(program.pc_base) / 4) as usize] += 1;
    }
    let mut trace = zero_trace(counts.len(), <ProgramCols<Val> as Columns<Val>>::WIDTH);
    for (row, &count) in trace
        .values
        .chunks_exact_mut(<ProgramCols<Val> as Columns<Val>>::WIDTH)
        .zip(&counts)
    {
        ProgramCols {
            multiplicity: Val::from_u32(count),
        }
        .write(row);
    }
    trace
}
