//! Fills the Mul trace from the steps of its opcode.

use super::air::{CARRY_BITS, MUL_WIDTH, MulCols};
use crate::adapters::alu::fill_alu_adapter;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::word_bytes;
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};

/// Records the range checks of the 16-bit-chunk carries of `x · y`
/// (little-endian limbs, extended as the AIR extends them) against the
/// chunks of the claimed product, `bits[i]` for chunk `i`.
pub fn record_chunk_carries<const N: usize>(
    x: [u64; N],
    y: [u64; N],
    product: u128,
    bits: &[u32],
    counters: &LookupCounters,
) {
    let mut carry = 0u64;
    for (i, &b) in bits.iter().enumerate() {
        let s = |k: usize| -> u64 { (0..=k).map(|j| x[j] * y[k - j]).sum() };
        let chunk = s(2 * i) + (s(2 * i + 1) << 8) + carry;
        let result = (product >> (16 * i)) as u64 & 0xffff;
        debug_assert_eq!((chunk - result) & 0xffff, 0);
        carry = (chunk - result) >> 16;
        counters.range(carry as u32, b);
    }
}

/// The Mul trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), MUL_WIDTH);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(MUL_WIDTH)) {
        let adapter = fill_alu_adapter(ctx, step);
        let (b, c) = (adapter.b, adapter.c);
        let a = b.wrapping_mul(c);
        debug_assert!(
            adapter.a.is_none_or(|v| v == a),
            "Mul result disagrees with the run"
        );
        let limbs = |w: u32| w.to_le_bytes().map(u64::from);
        record_chunk_carries(limbs(b), limbs(c), u128::from(a), &CARRY_BITS, ctx.counters);
        let [a0, a1, a2, a3] = a.to_le_bytes().map(u32::from);
        ctx.counters.byte_pair(a0, a1);
        ctx.counters.byte_pair(a2, a3);
        MulCols {
            adapter: adapter.cols,
            is_valid: Val::ONE,
            a: word_bytes(a),
            b: word_bytes(b),
            c: word_bytes(c),
        }
        .write(row);
    }
    trace
}
