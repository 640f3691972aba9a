//! Fills the Ecall trace: one row per executed ecall.

use super::abi::{FD_STDERR, FD_STDOUT};
use super::air::{CALLS, ECALL_WIDTH, EcallCols, GUARD, HIGH_LIMB_BITS, LIMIT_BITS, TOP_BYTE_BITS};
use trellis_stark::{Field, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};
use trellis_vm::trace::StepRecord;

/// Index of a call in [`CALLS`].
const EXIT: usize = 0;
const WRITE: usize = 1;
const READ_INPUT: usize = 2;
const REVEAL: usize = 3;

/// Which call (index in [`CALLS`]) a completed ecall step made, from its a7 read.
pub(crate) fn call_of(ctx: &TraceContext<'_>, step: &StepRecord) -> usize {
    let number = ctx.trace.accesses_of(step)[0].value;
    CALLS
        .iter()
        .position(|&n| n == number)
        .expect("a completed ecall has a known call number")
}

/// Whether the call moves buffer bytes through memory (read_input, reveal).
pub(crate) fn is_buffered(call: usize) -> bool {
    call == READ_INPUT || call == REVEAL
}

/// Whether the call is reveal.
pub(crate) fn is_reveal(call: usize) -> bool {
    call == REVEAL
}

/// The Ecall trace: one row per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len(), ECALL_WIDTH);
    for (step, row) in steps.iter().zip(trace.values.chunks_exact_mut(ECALL_WIDTH)) {
        fill_row(ctx, step).write(row);
    }
    trace
}

/// The columns of one ecall, recording its lookups.
fn fill_row(ctx: &TraceContext<'_>, step: &StepRecord) -> EcallCols<Val> {
    let counters = ctx.counters;
    let accesses = ctx.trace.accesses_of(step);
    let call = call_of(ctx, step);
    let mut cols = EcallCols::<Val> {
        pc: Val::from_u32(step.pc),
        timestamp: Val::from_u32(step.timestamp),
        a7_read: fill_access(&accesses[0], counters),
        a0: word_bytes(accesses[1].value),
        a0_read: fill_access(&accesses[1], counters),
        ..Default::default()
    };
    cols.flags[call] = Val::ONE;
    if call == EXIT {
        debug_assert_eq!(accesses.len(), 2);
        return cols;
    }
    let a1 = accesses[2].value;
    cols.a1 = word_bytes(a1);
    cols.a1_read = fill_access(&accesses[2], counters);
    let (ptr, len) = match call {
        WRITE => {
            debug_assert_eq!(accesses.len(), 5);
            let (fd, a2) = (accesses[1].value, accesses[3].value);
            cols.a2 = word_bytes(a2);
            cols.a2_read = fill_access(&accesses[3], counters);
            if fd == FD_STDOUT || fd == FD_STDERR {
                cols.good_fd = Val::ONE;
                (a1, a2)
            } else {
                let [f0, f1, f2, f3] = fd.to_le_bytes().map(i64::from);
                let z = f1 + f2 + f3 + (f0 - 1) * (f0 - 2); // > 0 for fds other than 1 and 2
                cols.fd_inv = Val::from_u64(z as u64).inverse();
                (0, 0)
            }
        }
        READ_INPUT => {
            let len = accesses.last().expect("a0 write").value;
            debug_assert_eq!(accesses.len(), 4 + len as usize);
            fill_capacity(&mut cols, a1, len, counters);
            (accesses[1].value, len)
        }
        _ => {
            debug_assert_eq!(accesses.len(), 4 + a1 as usize);
            (accesses[1].value, a1)
        }
    };
    cols.len = word_bytes(len);
    fill_bounds(&mut cols, ptr, len, counters);
    cols
}

/// read_input: `capacity - len` as two 16-bit limbs and a borrow; `len` byte checks.
fn fill_capacity(cols: &mut EcallCols<Val>, capacity: u32, len: u32, counters: &LookupCounters) {
    let split = |x: u32| (x & 0xffff, x >> 16);
    let ((c_lo, c_hi), (l_lo, l_hi)) = (split(capacity), split(len));
    let borrow = c_lo < l_lo;
    let g_lo = c_lo + (u32::from(borrow) << 16) - l_lo;
    let g_hi = c_hi - l_hi - u32::from(borrow);
    cols.cap_gap = [g_lo, g_hi].map(Val::from_u32);
    cols.cap_borrow = Val::from_bool(borrow);
    counters.range(g_lo, 16);
    counters.range(g_hi, 16);
    let [l0, l1, l2, l3] = len.to_le_bytes().map(u32::from);
    counters.byte_pair(l0, l1);
    counters.byte_pair(l2, l3);
}

/// A nonempty buffer: `ptr - 4096` and `2^29 - ptr - len` limbs and their range checks.
fn fill_bounds(cols: &mut EcallCols<Val>, ptr: u32, len: u32, counters: &LookupCounters) {
    if len == 0 {
        return;
    }
    cols.nonempty = Val::ONE;
    let start = ptr - GUARD;
    let end = (1 << LIMIT_BITS) - ptr - len;
    let limbs = |x: u32| [x & 0xffff, x >> 16];
    cols.start_gap = limbs(start).map(Val::from_u32);
    cols.end_gap = limbs(end).map(Val::from_u32);
    counters.range(ptr >> 24, TOP_BYTE_BITS);
    counters.range(len >> 24, TOP_BYTE_BITS);
    for x in [start, end] {
        counters.range(x & 0xffff, 16);
        counters.range(x >> 16, HIGH_LIMB_BITS);
    }
}
