//! The image chip: the program's initial memory, committed in the
//! verifying key, sent on the memory bus at timestamp 0.
//!
//! One preprocessed row `(pointer, v0..v3, is_real)` per word of
//! [`image_words`] (word-aligned; bytes of a partly covered word outside
//! every segment are 0), sending `(2, pointer, v0..v3, 0)` with count
//! `is_real`. The count is a preprocessed column: it is 0 or 1 because the
//! verifying key says so, which is the per-row bound the bus needs. The main
//! trace is one column constrained to 0 (a main trace cannot be empty, and a
//! column nothing reads would be a free cell): everything this chip sends is
//! fixed by the verifying key.

mod air;

#[cfg(test)]
mod tests;

pub use air::{ImageAir, ImageCols, ImagePrepCols, image_table};

use crate::circuit::columns::Columns;
use crate::circuit::{Chip, TraceContext, padded_height};
use std::collections::BTreeMap;
use trellis_isa::{MemorySegment, Program};
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Chip name of the image table.
pub const IMAGE_CHIP: &str = "image";

/// Every word of main memory the image defines, in address order, with its
/// initial value: the words of `[start & !3, (end + 3) & !3)` of each
/// segment (the same set and values `Tracer::touched_words` reports).
pub fn image_words(image: &[MemorySegment]) -> Vec<(u32, u32)> {
    let mut words: BTreeMap<u32, u32> = BTreeMap::new();
    for segment in image {
        let start = u64::from(segment.start & !3);
        let end = (segment.end() + 3) & !3;
        for pointer in (start..end).step_by(4) {
            words.entry(pointer as u32).or_insert(0);
        }
        for (k, &byte) in segment.bytes.iter().enumerate() {
            let address = segment.start.wrapping_add(k as u32);
            let word = words.entry(address & !3).or_insert(0);
            let shift = 8 * (address & 3);
            *word = (*word & !(0xff << shift)) | (u32::from(byte) << shift);
        }
    }
    words.into_iter().collect()
}

/// The image table of one program (or, for verifying, of none).
pub struct ImageChip {
    air: ImageAir,
}

impl ImageChip {
    /// The chip for `program`'s image; `None` builds the AIR without its table.
    pub fn new(program: Option<&Program>) -> Self {
        Self {
            air: ImageAir::new(program),
        }
    }
}

impl Chip for ImageChip {
    fn name(&self) -> &'static str {
        IMAGE_CHIP
    }

    fn air(&self) -> DynAir {
        DynAir::new(self.air.clone())
    }

    /// Zeros, as high as the preprocessed table.
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        let height = match self.air.table_height() {
            Some(height) => height,
            None => padded_height(image_words(&ctx.program.memory_image).len()),
        };
        RowMajorMatrix::new(
            vec![Val::ZERO; height * <ImageCols<Val> as Columns<Val>>::WIDTH],
            <ImageCols<Val> as Columns<Val>>::WIDTH,
        )
    }
}
