//! The Poseidon2 table: one row per `Permute` (16 input slots to 16 output slots) and
//! per `MerkleStep` (one Merkle path level: `out = Poseidon2(left ‖ right)[..8]` with
//! `(left, right) = (node, sibling)` when the direction bit is 0 and `(sibling, node)`
//! when it is 1). Width 16, Plonky3's default BabyBear constants: the STARK's hash.
//!
//! **Columns.** Main: Plonky3's `Poseidon2Air` layout, the VM's poseidon2 chip's
//! permutation (`trellis_vm::system_chips::poseidon2`, [`PERMUTATION_COLS`] = 298
//! columns: 16 inputs, then the rounds), then [`SwapCols`]: `bit`, `node[8]`,
//! `sibling[8]`. Preprocessed `in_slot[16]` (a Merkle row: node slots, then sibling
//! slots), `out_slot[16]`, `out_reads[16]` (a Merkle row: the parent's 8, then zeros),
//! `bit_slot`, `is_real`, `is_merkle`.
//!
//! # Soundness
//!
//! Plonky3's constraints make every row, padding included, one permutation: each
//! committed round cell is a fixed function of the 16 inputs, and the post-state of the
//! last full round is the permutation of the inputs (the VM chip's argument, "Soundness"
//! 1). `bit` is boolean and zero but on Merkle rows (`(1 − is_merkle)·bit = 0`); the swap
//! constraints `in[i] = node[i] + bit·(sibling[i] − node[i])`,
//! `in[8 + i] = sibling[i] − bit·(sibling[i] − node[i])` (degree 2) make the inputs
//! `node ‖ sibling`, or `sibling ‖ node` on a Merkle row whose bit is 1. `node` and
//! `sibling` are looked up at the 16 input slots (count `is_real`), `bit` at its slot
//! (count `is_merkle`), and the 16 post-state cells are provided at the output slots
//! with their read counts (zero for the 8 cells a Merkle step truncates). Padding rows
//! permute the zero state and neither read nor define anything.
//!
//! *Why a Merkle mode, not a table of its own.* Measured on a production fibonacci
//! segment program (`examples/program_stats`): 69,389 `Permute` and 34,905 `MerkleStep`.
//! Apart, the permutations pad to 2¹⁷ rows × 298 and the Merkle steps to 2¹⁶ rows × 315
//! (59.7 M main cells); together 104,294 rows still pad to 2¹⁷, × 315 columns: 41.3 M
//! cells, 31 % fewer, one table and one permutation AIR fewer. The mode's price is the
//! 17 swap columns on `Permute` rows (1.2 M cells), far below the padding it saves.
//!
//! # Column contract
//!
//! Inputs: `Determined` by the swap constraints; the other permutation cells: the round
//! constraints (the VM chip's domains); `bit`: `Bit`; `node`, `sibling`: the witness
//! bus.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{poseidon2_prep, poseidon2_trace};

use core::borrow::Borrow;
use std::sync::Arc;

use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Domain, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::system_chips::poseidon2::{
    HALF_FULL_ROUNDS, PERMUTATION_COLS, PermutationAir, PermutationCols, PrefixBuilder,
    column_domains, round_constants,
};

use super::witness::{read_base, write_base};
use crate::backend::{RATE, WIDTH};

trellis_vm::columns! {
    /// Main columns after the permutation's.
    pub struct SwapCols {
        /// The direction bit of a Merkle row (1: the node is the right child; 0 elsewhere).
        bit: T,
        /// The first half of the inputs before the swap (a Merkle row: the node).
        node: [T; 8],
        /// The second half before the swap (a Merkle row: the sibling).
        sibling: [T; 8],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct Poseidon2Prep {
        /// Slots of the input state (a Merkle row: node, then sibling).
        in_slot: [T; 16],
        /// Slots of the output state.
        out_slot: [T; 16],
        /// Read counts of the outputs (0 for the cells a Merkle step drops).
        out_reads: [T; 16],
        /// Slot of a Merkle row's bit.
        bit_slot: T,
        /// A `Permute` or `MerkleStep` row (0 on padding).
        is_real: T,
        /// A `MerkleStep` row.
        is_merkle: T,
    }
}

/// Main width: the permutation's columns, then [`SwapCols`].
pub const POSEIDON2_TABLE_COLS: usize = PERMUTATION_COLS + <SwapCols<u8> as Columns<u8>>::WIDTH;

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

/// The Poseidon2 permutation table, with its Merkle mode.
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
        POSEIDON2_TABLE_COLS
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
        let c = SwapCols::<AB::Var>::read(&row[PERMUTATION_COLS..]);
        self.permutation
            .eval(&mut PrefixBuilder::new(builder, PERMUTATION_COLS));
        builder.assert_bool(c.bit);
        builder.assert_zero((AB::Expr::ONE - p.is_merkle.into()) * c.bit.into());
        for i in 0..RATE {
            let node: AB::Expr = c.node[i].into();
            let diff: AB::Expr = c.sibling[i].into() - node.clone();
            builder.assert_eq(input[i], node + c.bit.into() * diff.clone());
            builder.assert_eq(input[RATE + i], c.sibling[i].into() - c.bit.into() * diff);
        }
        read_base(builder, p.bit_slot, c.bit, p.is_merkle);
        for i in 0..RATE {
            read_base(builder, p.in_slot[i], c.node[i], p.is_real);
            read_base(builder, p.in_slot[RATE + i], c.sibling[i], p.is_real);
        }
        for ((slot, value), reads) in p.out_slot.into_iter().zip(output).zip(p.out_reads) {
            write_base(builder, slot, value, reads);
        }
    }
}

impl ChipAir for Poseidon2Air {
    fn chip_name(&self) -> String {
        super::Table::Poseidon2.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const INPUT: Domain = Domain::Determined(
            "swap constraints: in = node ‖ sibling, or sibling ‖ node on a Merkle row with bit 1",
        );
        const OPERAND: Domain = Domain::Determined("witness bus: the input slot's value");
        let mut domains = column_domains();
        domains.truncate(PERMUTATION_COLS);
        let columns: Vec<usize> = (0..PERMUTATION_COLS).collect();
        for i in input_cells(&columns) {
            domains[i] = INPUT;
        }
        domains.extend(trellis_vm::circuit::contracts::layout(
            &SwapCols::<Domain> {
                bit: Domain::Bit,
                node: [OPERAND; 8],
                sibling: [OPERAND; 8],
            },
        ));
        Some(domains)
    }
}
