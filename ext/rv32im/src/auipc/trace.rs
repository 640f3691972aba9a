//! Fills the Auipc trace from its steps.

use super::air::{AUIPC_WIDTH, AuipcCols, IMM_LO_BITS, PC_HI_BITS, PC_LO_BITS};
use crate::adapters::jump::fill_rd_write;
use trellis_stark::{Field, PrimeCharacteristicRing, PrimeField32, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{TraceContext, zero_trace};

/// The Auipc trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let counters = ctx.counters;
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), AUIPC_WIDTH);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(AUIPC_WIDTH)) {
        let inst = ctx.instruction(step.pc);
        let imm = inst.c.as_canonical_u32();
        let value = step.pc.wrapping_add(imm << 12);
        let write = ctx.trace.accesses_of(step).first();
        let (pc_lo, pc_hi, imm_lo) = (step.pc & 0xffff, step.pc >> 16, imm & 0xf);
        if write.is_some() {
            counters.range(pc_lo, PC_LO_BITS);
            counters.range(pc_hi, PC_HI_BITS);
            counters.range(imm_lo, IMM_LO_BITS);
        }
        let carry_lo = (pc_lo + (imm_lo << 12)) >> 16;
        let carry_hi = (pc_hi + (imm >> 4) + carry_lo) >> 16;
        AuipcCols {
            is_valid: Val::ONE,
            pc: Val::from_u32(step.pc),
            timestamp: Val::from_u32(step.timestamp),
            imm: inst.c,
            rd: fill_rd_write(inst.a, value, write, counters),
            rd_ptr_inv: inst.a.try_inverse().unwrap_or(Val::ZERO),
            pc_hi: Val::from_u32(pc_hi),
            imm_lo: Val::from_u32(imm_lo),
            carry_lo: Val::from_u32(carry_lo),
            carry_hi: Val::from_u32(carry_hi),
        }
        .write(row);
    }
    trace
}
