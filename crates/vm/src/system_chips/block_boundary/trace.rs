//! Block boundary trace: one row per touched block, in leaf order.

use super::{BLOCK_LO_BITS, BlockBoundaryCols};
use crate::circuit::columns::Columns;
use crate::circuit::{LookupCounters, zero_trace};
use crate::segment::BlockRecord;
use trellis_isa::rv32im::AS_MEMORY;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Little-endian bytes of eight words.
fn bytes_of(words: &[u32; 8]) -> [u32; 32] {
    std::array::from_fn(|i| (words[i / 4] >> (8 * (i % 4))) & 0xff)
}

/// The 16 limbs of eight words as field elements.
fn limbs_of(words: &[u32; 8]) -> [Val; 16] {
    std::array::from_fn(|i| Val::from_u32((words[i / 2] >> (16 * (i % 2))) & 0xffff))
}

/// The rows of `blocks`, then zero padding; records every lookup.
pub(super) fn generate(blocks: &[BlockRecord], counters: &LookupCounters) -> RowMajorMatrix<Val> {
    let width = <BlockBoundaryCols<Val> as Columns<Val>>::WIDTH;
    let mut trace = zero_trace(blocks.len(), width);
    for (record, row) in blocks.iter().zip(trace.values.chunks_exact_mut(width)) {
        let lo = record.block & ((1 << BLOCK_LO_BITS) - 1);
        let hi = record.block >> BLOCK_LO_BITS;
        counters.range(lo, BLOCK_LO_BITS);
        counters.range(hi, super::BLOCK_HI_BITS);
        let initial = bytes_of(&record.initial);
        for pair in initial.chunks_exact(2) {
            counters.byte_pair(pair[0], pair[1]);
        }
        BlockBoundaryCols {
            is_valid: Val::ONE,
            as_bit: Val::from_bool(record.address_space == AS_MEMORY),
            block_lo: Val::from_u32(lo),
            block_hi: Val::from_u32(hi),
            initial: initial.map(Val::from_u32),
            final_bytes: bytes_of(&record.final_words).map(Val::from_u32),
            final_timestamps: record.final_timestamps.map(Val::from_u32),
            initial_leaf: counters.poseidon2(limbs_of(&record.initial)),
            final_leaf: counters.poseidon2(limbs_of(&record.final_words)),
        }
        .write(row);
    }
    trace
}
