//! Fills the MulH trace from the steps of its opcodes.

use super::air::{CARRY_BITS, LOW_BITS, MULH_WIDTH, MulHCols};
use crate::adapters::alu::fill_alu_adapter;
use crate::mul::record_chunk_carries;
use trellis_isa::rv32im::MulHOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::word_bytes;
use trellis_vm::circuit::{TraceContext, zero_trace};

/// Whether `op` treats `b` and `c` as signed.
fn signs(op: MulHOpcode) -> (bool, bool) {
    match op {
        MulHOpcode::MulH => (true, true),
        MulHOpcode::MulHsu => (true, false),
        MulHOpcode::MulHu => (false, false),
    }
}

/// The 64-bit two's-complement product of `b` and `c` as `op` reads them.
pub fn product(op: MulHOpcode, b: u32, c: u32) -> u64 {
    let (sb, sc) = signs(op);
    let extend = |x: u32, signed: bool| {
        if signed {
            i128::from(x as i32)
        } else {
            i128::from(x)
        }
    };
    (extend(b, sb) * extend(c, sc)) as u64
}

/// The result of `op` on `b` and `c` (the executor's semantics).
pub fn mulh(op: MulHOpcode, b: u32, c: u32) -> u32 {
    (product(op, b, c) >> 32) as u32
}

/// The MulH trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), MULH_WIDTH);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(MULH_WIDTH)) {
        let adapter = fill_alu_adapter(ctx, step);
        let op = MulHOpcode::from_global(Opcode(adapter.opcode)).expect("a MulH step");
        let (b, c) = (adapter.b, adapter.c);
        let p = product(op, b, c);
        let a = (p >> 32) as u32;
        debug_assert!(
            adapter.a.is_none_or(|v| v == a),
            "MulH result disagrees with the run"
        );

        let (sb, sc) = signs(op);
        let (b_sign, c_sign) = (sb && b >> 31 == 1, sc && c >> 31 == 1);
        let extend = |x: u32, sign: bool| -> [u64; 8] {
            std::array::from_fn(|i| {
                if i < 4 {
                    u64::from(x.to_le_bytes()[i])
                } else {
                    255 * u64::from(sign)
                }
            })
        };
        let counters = ctx.counters;
        record_chunk_carries(
            extend(b, b_sign),
            extend(c, c_sign),
            u128::from(p),
            &CARRY_BITS,
            counters,
        );
        let low = [p as u32 & 0xffff, (p >> 16) as u32 & 0xffff];
        for chunk in low {
            counters.range(chunk, LOW_BITS);
        }
        let [a0, a1, a2, a3] = a.to_le_bytes().map(u32::from);
        counters.byte_pair(a0, a1);
        counters.byte_pair(a2, a3);
        let top = |x: u32, signed: bool| if signed { 2 * ((x >> 24) & 0x7f) } else { 0 };
        counters.byte_pair(top(b, sb), top(c, sc));

        let mut flags = [Val::ZERO; 3];
        flags[op.local() as usize] = Val::ONE;
        MulHCols {
            adapter: adapter.cols,
            flags,
            a: word_bytes(a),
            b: word_bytes(b),
            c: word_bytes(c),
            low: low.map(Val::from_u32),
            b_sign: Val::from_bool(b_sign),
            c_sign: Val::from_bool(c_sign),
        }
        .write(row);
    }
    trace
}
