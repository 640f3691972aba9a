//! Fills the LessThan trace from the steps of its opcodes.

use super::air::{DIFF_BITS, LESS_THAN_WIDTH, LessThanCols};
use crate::adapters::alu::fill_alu_adapter;
use trellis_isa::rv32im::LessThanOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::word_bytes;
use trellis_vm::circuit::{TraceContext, zero_trace};

/// The result of `op` on `b` and `c` (the executor's semantics).
pub fn less_than(op: LessThanOpcode, b: u32, c: u32) -> u32 {
    match op {
        LessThanOpcode::Slt => u32::from((b as i32) < (c as i32)),
        LessThanOpcode::Sltu => u32::from(b < c),
    }
}

/// The LessThan trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), LESS_THAN_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(LESS_THAN_WIDTH))
    {
        let adapter = fill_alu_adapter(ctx, step);
        let op = LessThanOpcode::from_global(Opcode(adapter.opcode)).expect("a LessThan step");
        let (b, c) = (adapter.b, adapter.c);
        let result = less_than(op, b, c);
        debug_assert!(
            adapter.a.is_none_or(|v| v == result),
            "LessThan result disagrees with the run"
        );

        let signed = op == LessThanOpcode::Slt;
        let (bb, cb) = (
            b.to_le_bytes().map(i64::from),
            c.to_le_bytes().map(i64::from),
        );
        let (b_sign, c_sign) = (signed && b >> 31 == 1, signed && c >> 31 == 1);
        let mut diff_marker = [Val::ZERO; 4];
        let mut diff = 0;
        if let Some(i) = (0..4).rev().find(|&i| bb[i] != cb[i]) {
            let (mut x, mut y) = (bb[i], cb[i]);
            if i == 3 {
                x -= 256 * i64::from(b_sign);
                y -= 256 * i64::from(c_sign);
            }
            diff = if result == 1 { y - x } else { x - y };
            debug_assert!((1..256).contains(&diff));
            diff_marker[i] = Val::ONE;
        }
        let marked = diff_marker.contains(&Val::ONE);
        ctx.counters
            .range((diff - i64::from(marked)) as u32, DIFF_BITS);
        let top = |word: u32| if signed { 2 * ((word >> 24) & 0x7f) } else { 0 };
        ctx.counters.byte_pair(top(b), top(c));

        LessThanCols {
            adapter: adapter.cols,
            rs2_is_reg: Val::from_bool(adapter.rs2_is_reg),
            is_slt: Val::from_bool(signed),
            is_sltu: Val::from_bool(!signed),
            result: Val::from_u32(result),
            b: word_bytes(b),
            c: word_bytes(c),
            b_sign: Val::from_bool(b_sign),
            c_sign: Val::from_bool(c_sign),
            diff_marker,
            diff: Val::from_u32(diff as u32),
        }
        .write(row);
    }
    trace
}
