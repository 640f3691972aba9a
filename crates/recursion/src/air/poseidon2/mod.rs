//! The Poseidon2 table: one row per `Permute`, reading 16 input slots and defining 16
//! output slots (width 16, Plonky3's default BabyBear constants: the STARK's hash).
//!
//! **Columns.** Main: Plonky3's `Poseidon2Air` layout, the VM's poseidon2 chip's
//! permutation (`trellis_vm::system_chips::poseidon2`, 298 columns: 16 inputs, then
//! the rounds). Preprocessed `in_slot[16]`, `out_slot[16]`, `out_reads[16]`, `is_real`.
//!
//! # Soundness
//!
//! Plonky3's constraints make every row, padding included, one permutation: each
//! committed round cell is a fixed function of the 16 inputs, and the post-state of the
//! last full round is the permutation of the inputs (the VM chip's argument, "Soundness"
//! 1). The inputs are looked up at their slots (count `is_real`), and the 16 post-state
//! cells are provided at the output slots with their read counts. Padding rows permute
//! the zero state and neither read nor define anything.
//!
//! # Column contract
//!
//! The VM chip's permutation domains: inputs are the looked-up slot values here, every
//! other cell is determined by the round constraints.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{poseidon2_prep, poseidon2_trace};

use core::borrow::Borrow;
use std::sync::Arc;

use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::system_chips::poseidon2::{
    HALF_FULL_ROUNDS, PERMUTATION_COLS, PermutationAir, PermutationCols, column_domains,
    round_constants,
};

use super::witness::{read_base, write_base};
use crate::backend::WIDTH;

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct Poseidon2Prep {
        /// Slots of the input state.
        in_slot: [T; 16],
        /// Slots of the output state.
        out_slot: [T; 16],
        /// Read counts of the outputs.
        out_reads: [T; 16],
        /// A `Permute` row (0 on padding).
        is_real: T,
    }
}

/// The 16 output cells of a row: the post-state of the last full round.
pub fn output_cells<T: Copy>(row: &[T]) -> [T; WIDTH] {
    let cols: &PermutationCols<T> = row[..PERMUTATION_COLS].borrow();
    cols.ending_full_rounds[HALF_FULL_ROUNDS - 1].post
}

/// The 16 input cells of a row.
pub fn input_cells<T: Copy>(row: &[T]) -> [T; WIDTH] {
    let cols: &PermutationCols<T> = row[..PERMUTATION_COLS].borrow();
    cols.inputs
}

/// The Poseidon2 permutation table.
#[derive(Clone)]
pub struct Poseidon2Air {
    permutation: PermutationAir,
    prep: Arc<RowMajorMatrix<Val>>,
}

impl core::fmt::Debug for Poseidon2Air {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Poseidon2Air")
    }
}

impl Poseidon2Air {
    /// The table with its preprocessed rows ([`poseidon2_prep`]).
    pub fn new(prep: RowMajorMatrix<Val>) -> Self {
        Self {
            permutation: PermutationAir::new(round_constants()),
            prep: Arc::new(prep),
        }
    }
}

impl BaseAir<Val> for Poseidon2Air {
    fn width(&self) -> usize {
        PERMUTATION_COLS
    }
    fn preprocessed_width(&self) -> usize {
        <Poseidon2Prep<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some((*self.prep).clone())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for Poseidon2Air {
    fn eval(&self, builder: &mut AB) {
        let p = Poseidon2Prep::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = builder.main();
        let row = main.current_slice();
        let (input, output) = (input_cells(row), output_cells(row));
        self.permutation.eval(builder);
        for i in 0..WIDTH {
            read_base(builder, p.in_slot[i], input[i], p.is_real);
            write_base(builder, p.out_slot[i], output[i], p.out_reads[i]);
        }
    }
}

impl ChipAir for Poseidon2Air {
    fn chip_name(&self) -> String {
        super::Table::Poseidon2.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        let mut domains = column_domains();
        domains.truncate(PERMUTATION_COLS);
        Some(domains)
    }
}
