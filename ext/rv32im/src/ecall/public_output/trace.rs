//! Fills the PublicOutput trace and its public values.

use super::air::{CAPACITY, PUBLIC_OUTPUT_WIDTH, PublicOutputCols};
use crate::ecall::memory::revealed;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{Claim, TraceContext};

/// The trace: the first [`CAPACITY`] revealed bytes, then rows past the end.
/// (A run that revealed more cannot be proven: see the AIR's module docs.)
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let bytes = revealed(ctx);
    let mut trace = RowMajorMatrix::new(
        vec![Val::ZERO; CAPACITY * PUBLIC_OUTPUT_WIDTH],
        PUBLIC_OUTPUT_WIDTH,
    );
    let mut prev = None;
    let real = bytes.len().min(CAPACITY);
    for (i, row) in trace
        .values
        .chunks_exact_mut(PUBLIC_OUTPUT_WIDTH)
        .enumerate()
    {
        let mut cols = PublicOutputCols::<Val> {
            count: Val::from_usize(real.min(i + 1)),
            ..Default::default()
        };
        if let Some(&(timestamp, byte)) = bytes.get(i) {
            let gap = prev.map_or(0, |p| timestamp - p - 1);
            let (lo, hi) = (gap & 0xffff, gap >> 16);
            ctx.counters.range(lo, 16);
            ctx.counters.range(hi, 13);
            cols.byte = Val::from_u8(byte);
            cols.is_real = Val::ONE;
            cols.timestamp = Val::from_u32(timestamp);
            cols.gap = [lo, hi].map(Val::from_u32);
            prev = Some(timestamp);
        }
        cols.write(row);
    }
    trace
}

/// `[len, out_0, ..., out_{CAPACITY-1}]`, zero-padded; `len = CAPACITY + 1`
/// for an output longer than the capacity (no proof has that).
pub fn public_values(claim: &Claim) -> Vec<Val> {
    let out = &claim.public_output;
    let len = if out.len() > CAPACITY {
        CAPACITY + 1
    } else {
        out.len()
    };
    let mut values = vec![Val::from_usize(len)];
    values.extend(out.iter().take(CAPACITY).map(|&b| Val::from_u8(b)));
    values.resize(1 + CAPACITY, Val::ZERO);
    values
}
