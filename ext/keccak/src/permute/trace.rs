//! Fills the KeccakF trace: p3-keccak-air's rows for every executed
//! permutation (and zero-input padding permutations), then the instruction
//! columns from each step's 51 accesses.

use super::air::{
    IO_ROWS, IO_WIDTH, IoCols, KECCAK_WIDTH, OutputCols, PTR_HI_BITS, PTR_LO_BITS, PTR_TOP_BITS,
    SLOTS, SlotCols,
};
use p3_keccak_air::{NUM_KECCAK_COLS, NUM_ROUNDS, generate_trace_rows};
use p3_maybe_rayon::prelude::*;
use trellis_stark::{Field, Matrix, PrimeCharacteristicRing, PrimeField32, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{LookupCounters, TraceContext};
use trellis_vm::memory::{MEMORY_GUARD, MEMORY_LIMIT};
use trellis_vm::trace::{MemoryAccess, StepRecord};

/// The 25 lanes of a state given its 50 word accesses, read with `word`.
pub fn lanes(words: &[MemoryAccess], word: impl Fn(&MemoryAccess) -> u32) -> [u64; 25] {
    std::array::from_fn(|i| {
        u64::from(word(&words[2 * i])) | u64::from(word(&words[2 * i + 1])) << 32
    })
}

/// The KeccakF trace: 24 rows per step, padded to a power of two (at least
/// one permutation) with zero-input permutations whose `is_real` is 0.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let accesses: Vec<&[MemoryAccess]> = steps.iter().map(|s| ctx.trace.accesses_of(s)).collect();
    let mut inputs: Vec<[u64; 25]> = accesses
        .iter()
        .map(|a| lanes(&a[1..], |w| w.prev_value))
        .collect();
    if inputs.is_empty() {
        inputs.push([0; 25]);
    }
    let keccak = generate_trace_rows::<Val>(inputs, 0);
    let height = keccak.values.len() / NUM_KECCAK_COLS;
    let mut trace = RowMajorMatrix::new(vec![Val::ZERO; height * KECCAK_WIDTH], KECCAK_WIDTH);
    trace
        .values
        .par_chunks_mut(KECCAK_WIDTH)
        .zip(keccak.values.par_chunks(NUM_KECCAK_COLS))
        .for_each(|(row, k)| row[..NUM_KECCAK_COLS].copy_from_slice(k));
    drop(keccak);
    trace
        .values
        .par_chunks_mut(NUM_ROUNDS * KECCAK_WIDTH)
        .zip(steps.par_iter().zip(accesses.par_iter()))
        .for_each(|(rows, (step, accesses))| fill_permutation(rows, step, accesses, ctx.counters));
    trace
}

/// A KeccakF trace made `height` rows tall with more padding rows: the rows of
/// zero-input permutations with `is_real` 0, continuing the round cycle where the trace
/// ends (as [`generate_trace`] pads).
pub fn pad_trace(mut trace: RowMajorMatrix<Val>, height: usize) -> RowMajorMatrix<Val> {
    // One zero-input permutation: its 24 rows, repeated, are the padding.
    let keccak = generate_trace_rows::<Val>(vec![[0; 25]], 0);
    let mut permutation = vec![Val::ZERO; NUM_ROUNDS * KECCAK_WIDTH];
    for (row, k) in permutation
        .chunks_exact_mut(KECCAK_WIDTH)
        .zip(keccak.values.chunks_exact(NUM_KECCAK_COLS))
    {
        row[..NUM_KECCAK_COLS].copy_from_slice(k);
    }
    let rows = trace.height();
    trace
        .values
        .reserve(height.saturating_sub(rows) * KECCAK_WIDTH);
    for r in rows..height {
        let round = r % NUM_ROUNDS;
        trace
            .values
            .extend_from_slice(&permutation[round * KECCAK_WIDTH..(round + 1) * KECCAK_WIDTH]);
    }
    trace
}

/// Fills the instruction columns of one permutation's 24 rows.
fn fill_permutation(
    rows: &mut [Val],
    step: &StepRecord,
    accesses: &[MemoryAccess],
    counters: &LookupCounters,
) {
    let rs1 = &accesses[0];
    let ptr = rs1.value;
    let [ptr_lo, ptr_hi] = pointer_limbs(ptr, counters);
    let output = lanes(&accesses[1..], |w| w.value);
    let mut cols = IoCols::<Val> {
        is_real: Val::ONE,
        pc: Val::from_u32(step.pc),
        timestamp: Val::from_u32(step.timestamp),
        ptr: Val::from_u32(ptr),
        output: OutputCols::from_lanes(&output, Val::from_u16),
        ..Default::default()
    };
    for (round, row) in rows.chunks_exact_mut(KECCAK_WIDTH).enumerate() {
        cols.is_start = Val::from_bool(round == 0);
        (cols.rs1, cols.ptr_lo, cols.ptr_hi) = if round == 0 {
            (rs1_operand(rs1), ptr_lo, ptr_hi)
        } else {
            (Val::ZERO, Val::ZERO, Val::ZERO)
        };
        cols.io_row = Val::from_bool(round < IO_ROWS);
        let mut slots = [SlotCols::default(); SLOTS];
        if round < IO_ROWS {
            for (s, slot) in slots.iter_mut().enumerate() {
                let access = &accesses[SLOTS * round + s];
                let data = access.value.to_le_bytes().map(u32::from);
                counters.byte_pair(data[0], data[1]);
                counters.byte_pair(data[2], data[3]);
                *slot = SlotCols {
                    access: fill_access(access, counters),
                    prev: word_bytes(access.prev_value),
                    data: word_bytes(access.value),
                };
            }
        }
        [cols.slot0, cols.slot1, cols.slot2] = slots;
        cols.write(&mut row[NUM_KECCAK_COLS..NUM_KECCAK_COLS + IO_WIDTH]);
    }
}

/// The limbs of `(ptr - MEMORY_GUARD) / 4`, with the range lookups that
/// bound them and the pointer's top byte. A pointer the executor refuses
/// (unaligned or out of bounds) only reaches a trace when a lying executor
/// ran: it gets the field solution `((ptr - MEMORY_GUARD) / 4, 0)`, and a
/// value outside its range gets no lookup (the range table has no row for
/// it), so the range bus rejects the trace instead of this function
/// panicking.
fn pointer_limbs(ptr: u32, counters: &LookupCounters) -> [Val; 2] {
    let limbs = if ptr.is_multiple_of(4) && (MEMORY_GUARD..MEMORY_LIMIT).contains(&ptr) {
        let q = (ptr - MEMORY_GUARD) / 4;
        [q & ((1 << PTR_LO_BITS) - 1), q >> PTR_LO_BITS].map(Val::from_u32)
    } else {
        let offset = Val::from_u32(ptr) - Val::from_u32(MEMORY_GUARD);
        [offset * Val::from_u32(4).inverse(), Val::ZERO]
    };
    let checks = [
        (limbs[0].as_canonical_u32(), PTR_LO_BITS),
        (limbs[1].as_canonical_u32(), PTR_HI_BITS),
        (ptr >> 24, PTR_TOP_BITS),
    ];
    for (value, bits) in checks {
        if value < 1 << bits {
            counters.range(value, bits);
        }
    }
    limbs
}

/// Operand `b` of the instruction: the register's address.
fn rs1_operand(access: &MemoryAccess) -> Val {
    Val::from_u32(access.pointer)
}
