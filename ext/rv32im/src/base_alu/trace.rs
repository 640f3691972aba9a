//! Fills the BaseAlu trace from the steps of its opcodes.

use super::air::{BASE_ALU_WIDTH, BaseAluCols};
use crate::adapters::alu::fill_alu_adapter;
use trellis_isa::rv32im::BaseAluOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::word_bytes;
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};

/// The result of `op` on `b` and `c` (the executor's semantics).
pub fn base_alu(op: BaseAluOpcode, b: u32, c: u32) -> u32 {
    match op {
        BaseAluOpcode::Add => b.wrapping_add(c),
        BaseAluOpcode::Sub => b.wrapping_sub(c),
        BaseAluOpcode::Xor => b ^ c,
        BaseAluOpcode::Or => b | c,
        BaseAluOpcode::And => b & c,
    }
}

/// The BaseAlu trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), BASE_ALU_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(BASE_ALU_WIDTH))
    {
        let adapter = fill_alu_adapter(ctx, step);
        let op = BaseAluOpcode::from_global(Opcode(adapter.opcode)).expect("a BaseAlu step");
        let (b, c) = (adapter.b, adapter.c);
        let a = base_alu(op, b, c);
        debug_assert!(
            adapter.a.is_none_or(|v| v == a),
            "BaseAlu result disagrees with the run"
        );
        record_lookups(op, a, b, c, ctx.counters);
        let mut flags = [Val::ZERO; 5];
        flags[op.local() as usize] = Val::ONE;
        BaseAluCols {
            adapter: adapter.cols,
            rs2_is_reg: Val::from_bool(adapter.rs2_is_reg),
            flags,
            a: word_bytes(a),
            b: word_bytes(b),
            c: word_bytes(c),
        }
        .write(row);
    }
    trace
}

/// Records the bitwise lookups the AIR makes for one row.
fn record_lookups(op: BaseAluOpcode, a: u32, b: u32, c: u32, counters: &LookupCounters) {
    let [a, b, c] = [a, b, c].map(|w| w.to_le_bytes().map(u32::from));
    match op {
        BaseAluOpcode::Add | BaseAluOpcode::Sub => {
            counters.byte_pair(a[0], a[1]);
            counters.byte_pair(a[2], a[3]);
        }
        BaseAluOpcode::Xor | BaseAluOpcode::Or | BaseAluOpcode::And => {
            for i in 0..4 {
                counters.xor(b[i], c[i]);
            }
        }
    }
}
