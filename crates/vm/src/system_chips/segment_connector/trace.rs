//! Segment connector trace: the segment's start, end and roots.

use super::SegmentConnectorCols;
use crate::circuit::columns::Columns;
use crate::circuit::gadgets::word_bytes;
use crate::circuit::{TraceContext, zero_trace};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

/// The one real row, then zero padding. Panics on a trace without a
/// segment boundary (a whole-run trace: a caller bug).
pub(super) fn generate(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let segment = ctx
        .trace
        .segment
        .as_ref()
        .expect("the segment connector proves segment traces");
    let width = <SegmentConnectorCols<Val> as Columns<Val>>::WIDTH;
    let mut trace = zero_trace(1, width);
    SegmentConnectorCols {
        is_real: Val::ONE,
        start_pc: Val::from_u32(segment.start_pc),
        end_pc: Val::from_u32(segment.end_pc),
        end_timestamp: Val::from_u32(ctx.trace.final_timestamp),
        terminated: Val::from_bool(segment.exit_code.is_some()),
        exit_code: word_bytes(segment.exit_code.unwrap_or(0)),
        initial_root: segment.initial_root,
        final_root: segment.final_root,
    }
    .write(&mut trace.values[..width]);
    trace
}
