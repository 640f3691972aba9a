//! Fills the Jalr trace from its steps.

use super::air::{JALR_WIDTH, JalrCols, TARGET_HI_BITS, TARGET_LO_BITS};
use crate::adapters::jump::{PC_TOP_LIMB_BITS, fill_rd_write};
use trellis_stark::{PrimeCharacteristicRing, PrimeField32, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{TraceContext, zero_trace};

/// The Jalr trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let counters = ctx.counters;
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), JALR_WIDTH);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(JALR_WIDTH)) {
        let inst = ctx.instruction(step.pc);
        let accesses = ctx.trace.accesses_of(step);
        let rs1 = &accesses[0];
        let (c, g) = (inst.c.as_canonical_u32(), inst.g.as_canonical_u32());
        let sum_lo = (rs1.value & 0xffff) + c;
        let sum_hi = (rs1.value >> 16) + 0xffff * g + (sum_lo >> 16);
        let (q, hi) = ((sum_lo & 0xffff) >> 2, sum_hi & 0xffff);
        counters.range(q, TARGET_LO_BITS);
        counters.range(hi, TARGET_HI_BITS);
        let link = step.pc.wrapping_add(4);
        let write = accesses.get(1);
        if write.is_some() {
            counters.range(link >> 24, PC_TOP_LIMB_BITS);
        }
        JalrCols {
            is_valid: Val::ONE,
            pc: Val::from_u32(step.pc),
            timestamp: Val::from_u32(step.timestamp),
            rs1_ptr: inst.b,
            imm: inst.c,
            imm_sign: inst.g,
            rs1: word_bytes(rs1.value),
            rs1_read: fill_access(rs1, counters),
            rd: fill_rd_write(inst.a, link, write, counters),
            carry_lo: Val::from_u32(sum_lo >> 16),
            carry_hi: Val::from_u32(sum_hi >> 16),
            bit0: Val::from_u32(sum_lo & 1),
            q: Val::from_u32(q),
            hi: Val::from_u32(hi),
        }
        .write(row);
    }
    trace
}
