//! Image table AIR.

use super::{IMAGE_CHIP, image_words};
use crate::circuit::MEMORY;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::{once, word_bytes};
use crate::circuit::padded_height;
use std::sync::Arc;
use trellis_isa::Program;
use trellis_isa::rv32im::AS_MEMORY;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};

crate::columns! {
    /// Preprocessed columns: one initial word.
    pub struct ImagePrepCols {
        /// Word-aligned byte address in main memory.
        pointer: T,
        /// The word's bytes, little-endian.
        value: [T; 4],
        /// 1 on image rows, 0 on padding rows.
        is_real: T,
    }
}

crate::columns! {
    /// Main columns: one column constrained to 0 (a main trace cannot be
    /// empty, and a column no constraint reads would be a free cell).
    pub struct ImageCols {
        /// Always 0 (constrained).
        unused: T,
    }
}

/// Image table AIR. Constraints do not depend on the program; only the
/// preprocessed trace does, and it is absent on the verifier's side.
#[derive(Clone, Debug)]
pub struct ImageAir {
    table: Option<Arc<RowMajorMatrix<Val>>>,
}

impl ImageAir {
    /// The AIR with the table of `program`'s image (or without one).
    pub fn new(program: Option<&Program>) -> Self {
        Self {
            table: program.map(|p| Arc::new(image_table(p))),
        }
    }

    /// Rows of the preprocessed table, if the AIR has it.
    pub fn table_height(&self) -> Option<usize> {
        self.table.as_ref().map(|t| t.height())
    }
}

/// The preprocessed table: one row per image word in address order, then
/// zero padding rows up to [`padded_height`].
pub fn image_table(program: &Program) -> RowMajorMatrix<Val> {
    let words = image_words(&program.memory_image);
    let width = <ImagePrepCols<Val> as Columns<Val>>::WIDTH;
    let mut values = vec![Val::ZERO; padded_height(words.len()) * width];
    for (&(pointer, value), row) in words.iter().zip(values.chunks_exact_mut(width)) {
        ImagePrepCols {
            pointer: Val::from_u32(pointer),
            value: word_bytes(value),
            is_real: Val::ONE,
        }
        .write(row);
    }
    RowMajorMatrix::new(values, width)
}

impl BaseAir<Val> for ImageAir {
    fn width(&self) -> usize {
        <ImageCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_width(&self) -> usize {
        <ImagePrepCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        self.table.as_deref().cloned()
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for ImageAir {
    fn eval(&self, builder: &mut AB) {
        let prep = ImagePrepCols::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = builder.main();
        let cols = ImageCols::<AB::Var>::read(main.current_slice());
        builder.assert_zero(cols.unused);
        let [v0, v1, v2, v3] = prep.value.map(Into::<AB::Expr>::into);
        MEMORY.send(
            builder,
            [
                AB::Expr::from_u32(AS_MEMORY),
                prep.pointer.into(),
                v0,
                v1,
                v2,
                v3,
                AB::Expr::ZERO,
            ],
            once::<AB>(prep.is_real.into()),
        );
    }
}

impl ChipAir for ImageAir {
    fn chip_name(&self) -> String {
        IMAGE_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&ImageCols::<Domain> {
            unused: Domain::Determined("constrained to 0 on every row"),
        }))
    }
}
