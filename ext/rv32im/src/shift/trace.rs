//! Fills the Shift trace from the steps of its opcodes (see the AIR's
//! module docs for the decomposition).

use super::air::{LIMB_OFFSETS, OFFSET_ZERO, SHIFT_WIDTH, ShiftCols};
use crate::adapters::alu::fill_alu_adapter;
use trellis_isa::rv32im::ShiftOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::word_bytes;
use trellis_vm::circuit::{TraceContext, zero_trace};

/// The result of `op` on `b` and `c` (the executor's semantics).
pub fn shift(op: ShiftOpcode, b: u32, c: u32) -> u32 {
    match op {
        ShiftOpcode::Sll => b << (c & 31),
        ShiftOpcode::Srl => b >> (c & 31),
        ShiftOpcode::Sra => ((b as i32) >> (c & 31)) as u32,
    }
}

/// The Shift trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), SHIFT_WIDTH);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(SHIFT_WIDTH)) {
        let adapter = fill_alu_adapter(ctx, step);
        let op = ShiftOpcode::from_global(Opcode(adapter.opcode)).expect("a Shift step");
        let (b, c) = (adapter.b, adapter.c);
        let a = shift(op, b, c);
        debug_assert!(
            adapter.a.is_none_or(|v| v == a),
            "Shift result disagrees with the run"
        );

        let s = c & 31;
        let is_right = op != ShiftOpcode::Sll;
        let sigma = if is_right { 32 - s } else { s };
        let (limbs, k) = (sigma / 8, sigma % 8);
        // δ_d with d = 4 − L (right) or −L (sll), stored at d + OFFSET_ZERO.
        let index = if is_right {
            OFFSET_ZERO + 4
        } else {
            OFFSET_ZERO
        } - limbs as usize;
        let m = 1u32 << k;
        let bytes = b.to_le_bytes().map(u32::from);
        let hi = bytes.map(|x| (x * m) >> 8);
        let lo = bytes.map(|x| (x * m) & 0xff);
        let sign = op == ShiftOpcode::Sra && b >> 31 == 1;

        let counters = ctx.counters;
        counters.byte_pair(lo[0], lo[1]);
        counters.byte_pair(lo[2], lo[3]);
        counters.byte_pair(hi[0], hi[1]);
        counters.byte_pair(hi[2], hi[3]);
        counters.byte_pair(
            (c & 0xff) >> 5,
            m - 2 * u32::from(index == LIMB_OFFSETS - 1),
        );
        counters.byte_pair(
            if op == ShiftOpcode::Sra {
                2 * (bytes[3] & 0x7f)
            } else {
                0
            },
            0,
        );

        let mut limb_offset = [Val::ZERO; LIMB_OFFSETS];
        limb_offset[index] = Val::ONE;
        ShiftCols {
            adapter: adapter.cols,
            rs2_is_reg: Val::from_bool(adapter.rs2_is_reg),
            is_right: Val::from_bool(is_right),
            is_sra: Val::from_bool(op == ShiftOpcode::Sra),
            a: word_bytes(a),
            b: word_bytes(b),
            c: word_bytes(c),
            limb_offset,
            bit_shift: [0, 1, 2].map(|bit| Val::from_bool(k >> bit & 1 == 1)),
            multiplier: Val::from_u32(m),
            bit_carry: hi.map(Val::from_u32),
            sign: Val::from_bool(sign),
        }
        .write(row);
    }
    trace
}
