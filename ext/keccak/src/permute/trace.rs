//! Fills the KeccakF trace: p3-keccak-air's rows for every executed
//! permutation (and zero-input padding permutations), then the instruction
//! columns from each step's 51 accesses.

use super::air::{
    IO_ROWS, IO_WIDTH, IoCols, KECCAK_WIDTH, OutputCols, PTR_HIGH_BITS, PTR_LOW_BITS, SLOTS,
    SlotCols,
};
use p3_keccak_air::{NUM_KECCAK_COLS, NUM_ROUNDS, generate_trace_rows};
use p3_maybe_rayon::prelude::*;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{LookupCounters, TraceContext};
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

/// Fills the instruction columns of one permutation's 24 rows.
fn fill_permutation(
    rows: &mut [Val],
    step: &StepRecord,
    accesses: &[MemoryAccess],
    counters: &LookupCounters,
) {
    let rs1 = &accesses[0];
    let ptr = rs1.value;
    counters.range((ptr & 0xff) / 4, PTR_LOW_BITS);
    counters.range(ptr >> 24, PTR_HIGH_BITS);
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
        cols.rs1 = if round == 0 {
            rs1_operand(rs1)
        } else {
            Val::ZERO
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

/// Operand `b` of the instruction: the register's address.
fn rs1_operand(access: &MemoryAccess) -> Val {
    Val::from_u32(access.pointer)
}
