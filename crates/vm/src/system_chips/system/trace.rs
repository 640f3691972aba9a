//! System instruction trace: one row per executed `nop` or `terminate`.

use super::{EXIT_CODE_TOP_BITS, SystemCols};
use crate::circuit::columns::Columns;
use crate::circuit::gadgets::word_bytes;
use crate::circuit::{TraceContext, zero_trace};
use crate::system::SYSTEM_CHIP;
use trellis_isa::OpcodeClass;
use trellis_isa::field::to_u32;
use trellis_isa::system::SystemOpcode;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Rows in run order, then zero padding. A `terminate` whose exit code is
/// 2^30 or more gets its true limbs but no record of the failing range
/// lookup: the proof then fails on the range bus, naming the tuple.
pub(super) fn generate(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(SYSTEM_CHIP);
    let width = <SystemCols<Val> as Columns<Val>>::WIDTH;
    let mut trace = zero_trace(steps.len(), width);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(width)) {
        let inst = ctx.instruction(step.pc);
        let mut cols = SystemCols {
            pc: Val::from_u32(step.pc),
            timestamp: Val::from_u32(step.timestamp),
            ..Default::default()
        };
        match SystemOpcode::from_global(inst.opcode) {
            Some(SystemOpcode::Nop) => cols.is_nop = Val::ONE,
            Some(SystemOpcode::Terminate) => {
                let code = to_u32(inst.c);
                let [b0, b1, b2, b3] = code.to_le_bytes().map(u32::from);
                ctx.counters.byte_pair(b0, b1);
                ctx.counters.range(b2, 8);
                if b3 < 1 << EXIT_CODE_TOP_BITS {
                    ctx.counters.range(b3, EXIT_CODE_TOP_BITS);
                }
                cols.is_terminate = Val::ONE;
                cols.exit_code = word_bytes(code);
            }
            // A trap stops the run with an error: no traced run holds one.
            Some(SystemOpcode::Trap) | None => continue,
        }
        cols.write(row);
    }
    trace
}
