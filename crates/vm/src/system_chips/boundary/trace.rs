//! Memory boundary trace: `ctx.trace.touched`, in its (sorted) order.

use super::{BoundaryCols, PTR_HI_BITS, PTR_LO_BITS};
use crate::circuit::columns::Columns;
use crate::circuit::gadgets::word_bytes;
use crate::circuit::{TraceContext, zero_trace};
use crate::system_chips::image::image_words;
use std::collections::HashSet;
use trellis_isa::rv32im::AS_MEMORY;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};

const LO_MASK: u32 = (1 << PTR_LO_BITS) - 1;

/// One row per touched word, then zero padding; records the four range
/// lookups of every row. A word index of 2^27 or more (never produced by a
/// run, whose memory ends at 2^29) is filled but not recorded, and fails on
/// the range bus.
pub(super) fn generate(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let touched = &ctx.trace.touched;
    let image: HashSet<u32> = image_words(&ctx.program.memory_image)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let width = <BoundaryCols<Val> as Columns<Val>>::WIDTH;
    let mut trace = zero_trace(touched.len(), width);
    let record = |x: u32, bits: u32| {
        if u64::from(x) < 1u64 << bits {
            ctx.counters.range(x, bits);
        }
    };
    for (i, (word, row)) in touched
        .iter()
        .zip(trace.values.chunks_exact_mut(width))
        .enumerate()
    {
        let index = word.pointer / 4;
        let gap = match touched.get(i + 1) {
            Some(next) if next.address_space == word.address_space => {
                (next.pointer / 4).wrapping_sub(index).wrapping_sub(1)
            }
            _ => 0,
        };
        let limbs = [
            (index & LO_MASK, PTR_LO_BITS),
            (index >> PTR_LO_BITS, PTR_HI_BITS),
            (gap & LO_MASK, PTR_LO_BITS),
            (gap >> PTR_LO_BITS, PTR_HI_BITS),
        ];
        for (x, bits) in limbs {
            record(x, bits);
        }
        let in_image = word.address_space == AS_MEMORY && image.contains(&word.pointer);
        BoundaryCols {
            is_valid: Val::ONE,
            address_space: Val::from_u32(word.address_space),
            zero_init: Val::from_bool(!in_image),
            ptr_lo: Val::from_u32(limbs[0].0),
            ptr_hi: Val::from_u32(limbs[1].0),
            gap_lo: Val::from_u32(limbs[2].0),
            gap_hi: Val::from_u32(limbs[3].0),
            value: word_bytes(word.final_value),
            final_timestamp: Val::from_u32(word.final_timestamp),
        }
        .write(row);
    }
    trace
}
