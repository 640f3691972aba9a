//! Fills the DivRem trace from the steps of its opcodes.

use super::air::{BOUND_CARRY_BITS, BOUND_CARRY_OFFSET, CARRY_BITS, DIVREM_WIDTH, DivRemCols};
use super::executor::{div, divu, rem, remu};
use crate::adapters::alu::fill_alu_adapter;
use trellis_isa::rv32im::DivRemOpcode;
use trellis_isa::{Opcode, OpcodeClass};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::word_bytes;
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};

/// The witness of one division, as integers (see the AIR's module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Division {
    /// Quotient word.
    pub q: u32,
    /// Remainder word.
    pub r: u32,
    /// `|C| - |R| - 1` (0 when dividing by zero).
    pub d: u32,
    /// Signs `b_sign, c_sign, q_sign, r_sign`.
    pub signs: [bool; 4],
}

/// The witness for `b / c` (signed for div/rem, unsigned for divu/remu).
pub fn division(signed: bool, b: u32, c: u32) -> Division {
    let (q, r) = if signed {
        (div(b, c), rem(b, c))
    } else {
        (divu(b, c), remu(b, c))
    };
    let top = |x: u32| signed && x >> 31 == 1;
    let (b_sign, c_sign) = (top(b), top(c));
    let r_sign = b_sign && r != 0;
    let value = |x: u32, sign: bool| i64::from(x) - (i64::from(sign) << 32);
    // The integer quotient: trunc(B / C), which is +2^31 for i32::MIN / -1.
    // Dividing by zero: C·Q = 0 leaves it free, and the AIR pins it to 0.
    let q_sign = c != 0 && value(b, b_sign) / value(c, c_sign) < 0;
    let d = match c {
        0 => 0,
        _ => (value(c, c_sign).abs() - value(r, r_sign).abs() - 1) as u32,
    };
    Division {
        q,
        r,
        d,
        signs: [b_sign, c_sign, q_sign, r_sign],
    }
}

/// The DivRem trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), DIVREM_WIDTH);
    for (step, row) in steps
        .iter()
        .zip(trace.values.chunks_exact_mut(DIVREM_WIDTH))
    {
        let adapter = fill_alu_adapter(ctx, step);
        let op = DivRemOpcode::from_global(Opcode(adapter.opcode)).expect("a DivRem step");
        let signed = matches!(op, DivRemOpcode::Div | DivRemOpcode::Rem);
        let (b, c) = (adapter.b, adapter.c);
        let w = division(signed, b, c);
        let result = if matches!(op, DivRemOpcode::Div | DivRemOpcode::Divu) {
            w.q
        } else {
            w.r
        };
        debug_assert!(
            adapter.a.is_none_or(|v| v == result),
            "DivRem result disagrees with the run"
        );
        record_lookups(signed, b, c, &w, ctx.counters);
        let mut flags = [Val::ZERO; 4];
        flags[op.local() as usize] = Val::ONE;
        let [b_sign, c_sign, q_sign, r_sign] = w.signs.map(Val::from_bool);
        DivRemCols {
            adapter: adapter.cols,
            flags,
            b: word_bytes(b),
            c: word_bytes(c),
            q: word_bytes(w.q),
            r: word_bytes(w.r),
            d: word_bytes(w.d),
            b_sign,
            c_sign,
            q_sign,
            r_sign,
            zero: Val::from_bool(c == 0),
        }
        .write(row);
    }
    trace
}

/// Limb `i` (0..8) of the sign extension of `x`.
fn limb(x: u32, sign: bool, i: usize) -> i64 {
    if i < 4 {
        i64::from(x.to_le_bytes()[i])
    } else {
        255 * i64::from(sign)
    }
}

/// Records the lookups the AIR makes for one row.
fn record_lookups(signed: bool, b: u32, c: u32, w: &Division, counters: &LookupCounters) {
    let [b_sign, c_sign, q_sign, r_sign] = w.signs;
    let low7 = |x: u32| if signed { 2 * ((x >> 24) & 0x7f) } else { 0 };
    counters.byte_pair(low7(b), low7(c));

    // Product carries: (raw_2k + 256 raw_2k+1 + carry) / 2^16, exact.
    let raw = |i: usize| -> i64 {
        let conv: i64 = (0..=i)
            .map(|j| limb(c, c_sign, j) * limb(w.q, q_sign, i - j))
            .sum();
        conv + limb(w.r, r_sign, i) - limb(b, b_sign, i)
    };
    let mut carry = 0i64;
    for k in 0..4 {
        let sum = raw(2 * k) + 256 * raw(2 * k + 1) + carry;
        debug_assert_eq!(sum % (1 << 16), 0, "product limbs {k} do not carry exactly");
        carry = sum >> 16;
        counters.range(carry as u32, CARRY_BITS);
    }

    // Remainder-bound carries, when c ≠ 0.
    if c != 0 {
        let signed_limb =
            |x: u32, sign: bool, i: usize| (1 - 2 * i64::from(sign)) * limb(x, false, i);
        let u = |i: usize| {
            signed_limb(c, c_sign, i) - signed_limb(w.r, r_sign, i) - limb(w.d, false, i)
        };
        let mut carry = -1i64;
        for k in 0..2 {
            let sum = u(2 * k) + 256 * u(2 * k + 1) + carry;
            debug_assert_eq!(sum % (1 << 16), 0, "bound limbs {k} do not carry exactly");
            carry = sum >> 16;
            counters.range((carry + BOUND_CARRY_OFFSET) as u32, BOUND_CARRY_BITS);
        }
        debug_assert_eq!(carry, i64::from(r_sign) - i64::from(c_sign));
    }

    for x in [w.q, w.r, w.d] {
        let [x0, x1, x2, x3] = x.to_le_bytes().map(u32::from);
        counters.byte_pair(x0, x1);
        counters.byte_pair(x2, x3);
    }
}
