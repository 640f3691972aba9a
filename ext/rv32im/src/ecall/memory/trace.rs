//! Fills the EcallMemory trace: the byte accesses of every read_input and
//! reveal call, in run order.

use super::air::{ECALL_MEMORY_WIDTH, EcallMemoryCols};
use crate::ecall::trace::{call_of, is_buffered, is_reveal};
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{TraceContext, zero_trace};
use trellis_vm::trace::MemoryAccess;

/// Accesses of an ecall before its buffer bytes (a7, a0, a1).
const REGISTER_READS: usize = 3;

/// One byte access with what the row needs to know about its call.
struct ByteAccess<'a> {
    reveal: bool,
    /// Index of the byte in its call.
    k: u32,
    /// The call's buffer pointer and length.
    ptr: u32,
    len: u32,
    access: &'a MemoryAccess,
}

/// Every byte access of the buffered calls, in run order.
fn byte_accesses<'a>(ctx: &'a TraceContext<'_>) -> Vec<ByteAccess<'a>> {
    let mut out = Vec::new();
    for step in ctx.steps(crate::ecall::CHIP) {
        let call = call_of(ctx, step);
        if !is_buffered(call) {
            continue;
        }
        let accesses = ctx.trace.accesses_of(step);
        let bytes = &accesses[REGISTER_READS..accesses.len() - 1];
        let (ptr, len) = (accesses[1].value, bytes.len() as u32);
        out.extend(bytes.iter().enumerate().map(|(k, access)| ByteAccess {
            reveal: is_reveal(call),
            k: k as u32,
            ptr,
            len,
            access,
        }));
    }
    out
}

/// The revealed bytes with the timestamps of the loads that read them, in run order.
pub fn revealed(ctx: &TraceContext<'_>) -> Vec<(u32, u8)> {
    byte_accesses(ctx)
        .iter()
        .filter(|b| b.reveal)
        .map(|b| {
            (
                b.access.timestamp,
                b.access.prev_value.to_le_bytes()[((b.ptr + b.k) & 3) as usize],
            )
        })
        .collect()
}

/// The EcallMemory trace: one row per byte access, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let bytes = byte_accesses(ctx);
    let mut trace = zero_trace(bytes.len(), ECALL_MEMORY_WIDTH);
    for (b, row) in bytes
        .iter()
        .zip(trace.values.chunks_exact_mut(ECALL_MEMORY_WIDTH))
    {
        let address = b.ptr + b.k;
        let offset = (address & 3) as usize;
        debug_assert_eq!(
            b.access.pointer,
            address & !3,
            "byte access at the wrong word"
        );
        let new = b.access.value.to_le_bytes()[offset];
        if !b.reveal {
            ctx.counters.range(u32::from(new), 8);
        }
        let mut one_hot = [Val::ZERO; 4];
        one_hot[offset] = Val::ONE;
        EcallMemoryCols {
            is_input: Val::from_bool(!b.reveal),
            is_reveal: Val::from_bool(b.reveal),
            timestamp: Val::from_u32(b.access.timestamp),
            address: Val::from_u32(address),
            remaining: Val::from_u32(b.len - b.k),
            offset: one_hot,
            byte: Val::from_u8(new),
            word: word_bytes(b.access.prev_value),
            access: fill_access(b.access, ctx.counters),
        }
        .write(row);
    }
    trace
}
