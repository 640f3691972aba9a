//! Fills the JalLui trace from the steps of its opcodes.

use super::air::{JAL_LUI_WIDTH, JalLuiCols, LUI_LOW_BITS};
use crate::adapters::jump::{PC_TOP_LIMB_BITS, fill_rd_write};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::JalLuiOpcode;
use trellis_stark::{PrimeCharacteristicRing, PrimeField32, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{TraceContext, zero_trace};

/// The JalLui trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), JAL_LUI_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(JAL_LUI_WIDTH))
    {
        let inst = ctx.instruction(step.pc);
        let op = JalLuiOpcode::from_global(inst.opcode).expect("a JalLui step");
        let value = match op {
            JalLuiOpcode::Jal => step.pc.wrapping_add(4),
            JalLuiOpcode::Lui => inst.c.as_canonical_u32() << 12,
        };
        let write = ctx.trace.accesses_of(step).first();
        let rd = fill_rd_write(inst.a, value, write, ctx.counters);
        if write.is_some() {
            match op {
                JalLuiOpcode::Jal => ctx.counters.range(value >> 24, PC_TOP_LIMB_BITS),
                JalLuiOpcode::Lui => ctx.counters.range((value >> 12) & 0xf, LUI_LOW_BITS),
            }
        }
        let mut flags = [Val::ZERO; 2];
        flags[op.local() as usize] = Val::ONE;
        JalLuiCols {
            flags,
            pc: Val::from_u32(step.pc),
            timestamp: Val::from_u32(step.timestamp),
            imm: inst.c,
            rd,
        }
        .write(row);
    }
    trace
}
