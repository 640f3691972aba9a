//! Poseidon2 table AIR: Plonky3's `Poseidon2Air` (one width-16 permutation
//! per row) on the leading columns, then one multiplicity column; provides
//! `(input, first 8 elements of the last round's state)` on the poseidon2 bus.

use super::POSEIDON2_CHIP;
use super::prefix::PrefixBuilder;
use crate::circuit::POSEIDON2;
use crate::circuit::contracts::Domain;
use crate::circuit::hash::{DIGEST_ELEMS, POSEIDON2_WIDTH};
use core::borrow::{Borrow, BorrowMut};
use p3_baby_bear::{
    BABYBEAR_POSEIDON2_HALF_FULL_ROUNDS, BABYBEAR_POSEIDON2_PARTIAL_ROUNDS_16,
    BABYBEAR_POSEIDON2_RC_16_EXTERNAL_FINAL, BABYBEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL,
    BABYBEAR_POSEIDON2_RC_16_INTERNAL, BABYBEAR_S_BOX_DEGREE, GenericPoseidon2LinearLayersBabyBear,
};
use p3_poseidon2_air::{
    FullRound, PartialRound, Poseidon2Air, Poseidon2Cols, RoundConstants, SBox, num_cols,
};
use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Val, WindowAccess};

/// S-box degree of BabyBear Poseidon2 (`x^7`).
pub const SBOX_DEGREE: u64 = BABYBEAR_S_BOX_DEGREE;
/// Committed S-box intermediates: one (`x^3`), which keeps every constraint at degree 3.
pub const SBOX_REGISTERS: usize = 1;
/// Full rounds at the start and again at the end.
pub const HALF_FULL_ROUNDS: usize = BABYBEAR_POSEIDON2_HALF_FULL_ROUNDS;
/// Partial rounds in the middle.
pub const PARTIAL_ROUNDS: usize = BABYBEAR_POSEIDON2_PARTIAL_ROUNDS_16;

/// Plonky3's permutation AIR with our parameters.
pub type PermutationAir = Poseidon2Air<
    Val,
    GenericPoseidon2LinearLayersBabyBear,
    POSEIDON2_WIDTH,
    SBOX_DEGREE,
    SBOX_REGISTERS,
    HALF_FULL_ROUNDS,
    PARTIAL_ROUNDS,
>;

/// Plonky3's permutation columns with our parameters.
pub type PermutationCols<T> = Poseidon2Cols<
    T,
    POSEIDON2_WIDTH,
    SBOX_DEGREE,
    SBOX_REGISTERS,
    HALF_FULL_ROUNDS,
    PARTIAL_ROUNDS,
>;

/// The round constants of `p3_baby_bear::default_babybear_poseidon2_16`.
pub type Constants = RoundConstants<Val, POSEIDON2_WIDTH, HALF_FULL_ROUNDS, PARTIAL_ROUNDS>;

/// Columns of one permutation (298: 16 inputs, 8 full rounds of 16 `x^3`
/// registers and 16 post-states, 13 partial rounds of one register and one post-S-box value).
pub const PERMUTATION_COLS: usize =
    num_cols::<POSEIDON2_WIDTH, SBOX_DEGREE, SBOX_REGISTERS, HALF_FULL_ROUNDS, PARTIAL_ROUNDS>();
/// The multiplicity column, right after the permutation.
pub const MULTIPLICITY_COL: usize = PERMUTATION_COLS;
/// Columns per row.
pub const POSEIDON2_COLS: usize = PERMUTATION_COLS + 1;

/// The round constants of the STARK's permutation (`default_babybear_poseidon2_16`).
pub fn round_constants() -> Constants {
    RoundConstants::new(
        BABYBEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL,
        BABYBEAR_POSEIDON2_RC_16_INTERNAL,
        BABYBEAR_POSEIDON2_RC_16_EXTERNAL_FINAL,
    )
}

/// The permutation's input cells of a row (the first 16 columns).
pub fn input_cells<T: Copy>(row: &[T]) -> [T; POSEIDON2_WIDTH] {
    let cols: &PermutationCols<T> = row[..PERMUTATION_COLS].borrow();
    cols.inputs
}

/// The compression's output cells of a row: the first 8 elements of the
/// post-state of the last full round.
pub fn output_cells<T: Copy>(row: &[T]) -> [T; DIGEST_ELEMS] {
    let cols: &PermutationCols<T> = row[..PERMUTATION_COLS].borrow();
    let last = &cols.ending_full_rounds[HALF_FULL_ROUNDS - 1].post;
    core::array::from_fn(|i| last[i])
}

/// Column indices of [`input_cells`] and [`output_cells`].
pub fn io_columns() -> ([usize; POSEIDON2_WIDTH], [usize; DIGEST_ELEMS]) {
    let index: Vec<usize> = (0..POSEIDON2_COLS).collect();
    (input_cells(&index), output_cells(&index))
}

/// The domain of every column of a row: Plonky3's permutation layout
/// (written as a full [`PermutationCols`] literal, so a layout change does
/// not compile without a declaration), then the multiplicity.
///
/// Only the 16 input cells are chosen by the prover (the key of the table
/// entry, which a consumer's lookup must match); every other permutation
/// cell is the value the round constraints compute from the previous
/// committed state (the module docs, "Soundness" 1).
pub fn column_domains() -> Vec<Domain> {
    const INPUT: Domain = Domain::Determined(
        "poseidon2 bus: the provided tuple's x, the entry's key (a consumer's lookup must match it)",
    );
    const SBOX: Domain = Domain::Determined(
        "S-box constraint: register = x^3 of the S-box input (round constant added to the previous state)",
    );
    const POST: Domain = Domain::Determined(
        "full-round constraint: post = external layer of the S-box outputs of the previous state",
    );
    const POST_SBOX: Domain = Domain::Determined(
        "partial-round constraint: post_sbox = register^2 · x = x^7 of the first state element",
    );
    let full_round = || FullRound {
        sbox: core::array::from_fn(|_| SBox([SBOX; SBOX_REGISTERS])),
        post: [POST; POSEIDON2_WIDTH],
    };
    let mut domains = vec![Domain::Undeclared; POSEIDON2_COLS];
    let permutation: &mut PermutationCols<Domain> = domains[..PERMUTATION_COLS].borrow_mut();
    *permutation = PermutationCols {
        inputs: [INPUT; POSEIDON2_WIDTH],
        beginning_full_rounds: core::array::from_fn(|_| full_round()),
        partial_rounds: core::array::from_fn(|_| PartialRound {
            sbox: SBox([SBOX; SBOX_REGISTERS]),
            post_sbox: POST_SBOX,
        }),
        ending_full_rounds: core::array::from_fn(|_| full_round()),
    };
    domains[MULTIPLICITY_COL] = Domain::Multiplicity;
    domains
}

/// The Poseidon2 table AIR.
#[derive(Clone)]
pub struct Poseidon2TableAir {
    permutation: PermutationAir,
}

impl core::fmt::Debug for Poseidon2TableAir {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Poseidon2TableAir")
    }
}

impl Default for Poseidon2TableAir {
    fn default() -> Self {
        Self::new()
    }
}

impl Poseidon2TableAir {
    /// The AIR over the STARK's round constants.
    pub fn new() -> Self {
        Self {
            permutation: PermutationAir::new(round_constants()),
        }
    }
}

impl BaseAir<Val> for Poseidon2TableAir {
    fn width(&self) -> usize {
        POSEIDON2_COLS
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for Poseidon2TableAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let row = main.current_slice();
        let input = input_cells(row);
        let output = output_cells(row);
        let multiplicity = row[MULTIPLICITY_COL];
        // Every row, padding included, is one permutation: its last state is
        // the permutation of its input (Plonky3's constraints, degree 3).
        self.permutation
            .eval(&mut PrefixBuilder::new(builder, PERMUTATION_COLS));
        POSEIDON2.provide(builder, input.into_iter().chain(output), multiplicity);
    }
}

impl ChipAir for Poseidon2TableAir {
    fn chip_name(&self) -> String {
        POSEIDON2_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(column_domains())
    }
}
