//! Connector trace: the run's entry, exit pc, final timestamp and exit code.

use super::ConnectorCols;
use crate::circuit::columns::Columns;
use crate::circuit::gadgets::word_bytes;
use crate::circuit::{TraceContext, zero_trace};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

/// The one real row, then zero padding.
pub(super) fn generate(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let width = <ConnectorCols<Val> as Columns<Val>>::WIDTH;
    let mut trace = zero_trace(1, width);
    let result = &ctx.trace.result;
    ConnectorCols {
        is_real: Val::ONE,
        entry_pc: Val::from_u32(ctx.program.entry_pc),
        final_pc: Val::from_u32(result.final_pc),
        final_timestamp: Val::from_u32(ctx.trace.final_timestamp),
        exit_code: word_bytes(result.exit_code),
    }
    .write(&mut trace.values[..width]);
    trace
}
