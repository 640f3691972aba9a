//! Fills the bigint trace: one row per instruction, zero padding.

use super::air::{FIRST_A, FIRST_B, FIRST_R, PTR_HI_BITS, PTR_LO_BITS, PTR_TOP_BITS};
use super::columns::{BIGINT_WIDTH, BigIntCols, RegCols};
use crate::arith::{self, CARRIES, CARRY_BITS, CARRY_OFFSET, Q_BYTES};
use crate::executor::{ACCESSES, WORDS};
use crate::modulus::{BYTES, Modulus};
use crate::opcode::BigIntOpcode;
use rayon::prelude::*;
use trellis_isa::OpcodeClass;
use trellis_stark::{Field, PrimeCharacteristicRing, PrimeField32, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};
use trellis_vm::memory::MEMORY_GUARD;
use trellis_vm::trace::MemoryAccess;

/// What a row proves about one instruction: the operation, the modulus,
/// the operands read and the result bytes and quotient it claims.
#[derive(Clone, Copy, Debug)]
pub struct RowInput {
    /// The operation.
    pub op: BigIntOpcode,
    /// The modulus.
    pub modulus: Modulus,
    /// `a` as read.
    pub a: [u8; BYTES],
    /// `b` as read.
    pub b: [u8; BYTES],
    /// The bytes written (the executor's result).
    pub written: [u8; BYTES],
}

/// The witness of a row: the result bytes in the `r` columns and the
/// stored quotient (the honest one is [`arith::solve`]; forgery tests
/// pass others).
pub type WitnessFn = dyn Fn(&RowInput) -> ([u8; BYTES], [u8; Q_BYTES]) + Sync;

/// The honest witness.
pub fn honest(input: &RowInput) -> ([u8; BYTES], [u8; Q_BYTES]) {
    let (r, q) = arith::solve(input.op, input.modulus, &input.a, &input.b);
    debug_assert_eq!(r, input.written, "the executor's result");
    (r, q)
}

/// An integer as a field element.
pub fn val(x: i64) -> Val {
    if x >= 0 {
        Val::from_u64(x as u64)
    } else {
        -Val::from_u64(x.unsigned_abs())
    }
}

/// The stored carries (`c_k + 2^14`) that solve positions `0..63` of the
/// identity in the field, given the row's values; for an honest witness
/// they are the integer carries.
pub fn carries(input: &RowInput, r: &[u8; BYTES], q: &[u8; Q_BYTES]) -> [Val; CARRIES] {
    let t = arith::residues(input.op, input.modulus, &input.a, &input.b, r, q);
    let inv256 = Val::from_u32(256).inverse();
    let mut c = Val::ZERO;
    std::array::from_fn(|k| {
        c = (val(t[k]) + c) * inv256;
        c + val(CARRY_OFFSET)
    })
}

/// The comparison columns of `r < m`: the marked byte (the highest where
/// they differ) and `m_k - r_k - 1` there.
pub fn comparison(r: &[u8; BYTES], m: Modulus) -> (usize, Val) {
    let mb = m.bytes();
    let k = (0..BYTES).rev().find(|&k| r[k] != mb[k]).unwrap_or(0);
    (k, val(i64::from(mb[k]) - i64::from(r[k]) - 1))
}

fn words_bytes(accesses: &[MemoryAccess], value: impl Fn(&MemoryAccess) -> u32) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    for (w, access) in accesses.iter().enumerate() {
        out[4 * w..4 * w + 4].copy_from_slice(&value(access).to_le_bytes());
    }
    out
}

fn fill_reg(access: &MemoryAccess, counters: &LookupCounters) -> RegCols<Val> {
    let ptr = access.value;
    // `(ptr - 0x1000) / 4` in the field: for a pointer the executor
    // accepts, an integer below 2^27, split into range-checked limbs. A
    // lying executor's pointer (below the guard page, unaligned) gives a
    // field element no pair of limbs reaches: it is written whole into
    // the low limb and not counted, so the range bus does not balance.
    let q = ((Val::from_u32(ptr) - Val::from_u32(MEMORY_GUARD)) * Val::from_u32(4).inverse())
        .as_canonical_u32();
    let (lo, hi) = if q < 1 << (PTR_LO_BITS + PTR_HI_BITS) {
        counters.range(q & 0xffff, PTR_LO_BITS);
        counters.range(q >> 16, PTR_HI_BITS);
        (q & 0xffff, q >> 16)
    } else {
        (q, 0)
    };
    if ptr >> 24 < 1 << PTR_TOP_BITS {
        counters.range(ptr >> 24, PTR_TOP_BITS);
    }
    RegCols {
        access: fill_access(access, counters),
        data: word_bytes(ptr),
        limbs: [Val::from_u32(lo), Val::from_u32(hi)],
    }
}

/// A canonical value below 256, if it is one.
fn byte(v: Val) -> Option<u32> {
    let v = v.as_canonical_u32();
    (v < 256).then_some(v)
}

/// Fills one row from one step's accesses.
fn fill_row(
    pc: u32,
    timestamp: u32,
    operands: [u32; 7],
    op: BigIntOpcode,
    accesses: &[MemoryAccess],
    witness: &WitnessFn,
    counters: &LookupCounters,
) -> BigIntCols<Val> {
    let modulus = Modulus::from_index(operands[5]).expect("checked by pre_decode");
    let mut cols = BigIntCols::<Val> {
        is_add: Val::from_bool(op == BigIntOpcode::AddMod),
        is_sub: Val::from_bool(op == BigIntOpcode::SubMod),
        is_mul: Val::from_bool(op == BigIntOpcode::MulMod),
        pc: Val::from_u32(pc),
        ts: Val::from_u32(timestamp),
        regs: [0, 1, 2].map(|i| Val::from_u32(operands[i])),
        ptr_r: fill_reg(&accesses[0], counters),
        ptr_a: fill_reg(&accesses[1], counters),
        ptr_b: fill_reg(&accesses[2], counters),
        ..Default::default()
    };
    cols.modulus[modulus.index()] = Val::ONE;

    let range = |first: u32| &accesses[first as usize..first as usize + WORDS];
    let (a_acc, b_acc, r_acc) = (range(FIRST_A), range(FIRST_B), range(FIRST_R));
    for w in 0..WORDS {
        cols.a_access.set(w, fill_access(&a_acc[w], counters));
        cols.b_access.set(w, fill_access(&b_acc[w], counters));
        cols.r_access.set(w, fill_access(&r_acc[w], counters));
    }
    let input = RowInput {
        op,
        modulus,
        a: words_bytes(a_acc, |x| x.value),
        b: words_bytes(b_acc, |x| x.value),
        written: words_bytes(r_acc, |x| x.value),
    };
    cols.a = input.a.map(Val::from_u8);
    cols.b = input.b.map(Val::from_u8);
    cols.r_prev = words_bytes(r_acc, |x| x.prev_value).map(Val::from_u8);

    let (r, q) = witness(&input);
    cols.r = r.map(Val::from_u8);
    cols.set_quotient(q.map(Val::from_u8));
    let stored = carries(&input, &r, &q);
    cols.set_carries(stored);
    let (k, diff) = comparison(&r, modulus);
    cols.lt_marker[k] = Val::ONE;
    cols.lt_diff = diff;

    // Lookups: a forged witness may hold values outside the tables; those
    // are not counted, so the buses do not balance.
    for c in stored {
        let c = c.as_canonical_u32();
        if c < 1 << CARRY_BITS {
            counters.range(c, CARRY_BITS);
        }
    }
    let mut bytes: Vec<Val> = cols.r.to_vec();
    bytes.extend(cols.quotient());
    bytes.push(cols.lt_diff);
    for pair in bytes.chunks(2) {
        if let (Some(x), Some(y)) = (byte(pair[0]), byte(pair[1])) {
            counters.byte_pair(x, y);
        }
    }
    cols
}

/// The bigint trace with the honest witness.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    generate_trace_with(ctx, &honest)
}

/// The bigint trace with each row's witness from `witness`.
pub fn generate_trace_with(ctx: &TraceContext<'_>, witness: &WitnessFn) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), BIGINT_WIDTH);
    trace
        .values
        .par_chunks_mut(BIGINT_WIDTH)
        .zip(steps.par_iter())
        .for_each(|(row, step)| {
            let accesses = ctx.trace.accesses_of(step);
            assert_eq!(accesses.len(), ACCESSES as usize, "bigint accesses");
            let inst = ctx.instruction(step.pc);
            let op = BigIntOpcode::from_global(inst.opcode).expect("a bigint step");
            fill_row(
                step.pc,
                step.timestamp,
                inst.operands(),
                op,
                accesses,
                witness,
                ctx.counters,
            )
            .write(row);
        });
    trace
}
