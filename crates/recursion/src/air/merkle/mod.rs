//! The Merkle table: one row per `MerkleStep`, one level of a Merkle path:
//! `out = Poseidon2(left ‖ right)[..8]` with `(left, right) = (node, sibling)` when the
//! direction bit is 0 and `(sibling, node)` when it is 1.
//!
//! **Columns.** Main: the permutation's columns (Plonky3's `Poseidon2Air` layout, as in
//! the poseidon2 table, [`PERMUTATION_COLS`]), then `bit`, `node[8]`, `sibling[8]`.
//! Preprocessed `bit_slot`, `node_slot[8]`, `sibling_slot[8]`, `out_slot[8]`,
//! `out_reads[8]`, `is_real`.
//!
//! # Soundness
//!
//! The permutation's constraints make the row's last state the permutation of its 16
//! input cells (the poseidon2 table's argument). `bit` is boolean, and the swap
//! constraints `in[i] = node[i] + bit·(sibling[i] − node[i])`,
//! `in[8 + i] = sibling[i] + bit·(node[i] − sibling[i])` (degree 2) make the inputs
//! `node ‖ sibling` or `sibling ‖ node` as the bit says. `bit`, `node`, `sibling` are
//! looked up at their slots (count `is_real`); the first 8 output cells are provided at
//! the parent's slots with their read counts. Padding rows permute the zero state with
//! a zero bit and read and define nothing.
//!
//! *Why a table of its own, not a Merkle mode of the poseidon2 table.* A production
//! segment program has about 35 k `MerkleStep` and far fewer `Permute` ops
//! (`examples/program_stats`); a mode would add the 17 swap columns and a mode selector
//! to every `Permute` row and merge the two heights into one power of two. The 298
//! permutation columns dominate either way; separately, each table pads on its own and
//! `Permute` rows pay nothing for the swap.
//!
//! # Column contract
//!
//! Inputs: `Determined` by the swap constraints; other permutation cells: the round
//! constraints; `bit`: `Bit`; `node`, `sibling`: the witness bus.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{merkle_prep, merkle_trace};

use std::sync::Arc;

use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::system_chips::poseidon2::{
    PERMUTATION_COLS, PermutationAir, PrefixBuilder, column_domains, round_constants,
};

use super::poseidon2::{input_cells, output_cells};
use super::witness::{read_base, write_base};
use crate::backend::RATE;

trellis_vm::columns! {
    /// Main columns after the permutation's.
    pub struct MerkleCols {
        /// The direction bit (1: the node is the right child).
        bit: T,
        /// The digest carried up the path.
        node: [T; 8],
        /// The sibling digest.
        sibling: [T; 8],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct MerklePrep {
        /// Slot of the bit.
        bit_slot: T,
        /// Slots of the node.
        node_slot: [T; 8],
        /// Slots of the sibling.
        sibling_slot: [T; 8],
        /// Slots of the parent.
        out_slot: [T; 8],
        /// Read counts of the parent.
        out_reads: [T; 8],
        /// A `MerkleStep` row (0 on padding).
        is_real: T,
    }
}

/// Main width: the permutation's columns, then [`MerkleCols`].
pub const MERKLE_COLS: usize = PERMUTATION_COLS + <MerkleCols<u8> as Columns<u8>>::WIDTH;

/// The Merkle table.
#[derive(Clone)]
pub struct MerkleAir {
    permutation: PermutationAir,
    prep: Arc<RowMajorMatrix<Val>>,
}

impl core::fmt::Debug for MerkleAir {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("MerkleAir")
    }
}

impl MerkleAir {
    /// The table with its preprocessed rows ([`merkle_prep`]).
    pub fn new(prep: RowMajorMatrix<Val>) -> Self {
        Self {
            permutation: PermutationAir::new(round_constants()),
            prep: Arc::new(prep),
        }
    }
}

impl BaseAir<Val> for MerkleAir {
    fn width(&self) -> usize {
        MERKLE_COLS
    }
    fn preprocessed_width(&self) -> usize {
        <MerklePrep<Val> as Columns<Val>>::WIDTH
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

impl<AB: BusBuilder> Air<AB> for MerkleAir {
    fn eval(&self, builder: &mut AB) {
        let p = MerklePrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = builder.main();
        let row = main.current_slice();
        let (input, output) = (input_cells(row), output_cells(row));
        let c = MerkleCols::<AB::Var>::read(&row[PERMUTATION_COLS..]);
        self.permutation
            .eval(&mut PrefixBuilder::new(builder, PERMUTATION_COLS));
        builder.assert_bool(c.bit);
        for i in 0..RATE {
            let (node, sibling) = (c.node[i].into(), c.sibling[i].into());
            let diff: AB::Expr = sibling - node.clone();
            builder.assert_eq(input[i], node.clone() + c.bit.into() * diff.clone());
            builder.assert_eq(input[RATE + i], c.sibling[i].into() - c.bit.into() * diff);
        }
        read_base(builder, p.bit_slot, c.bit, p.is_real);
        for i in 0..RATE {
            read_base(builder, p.node_slot[i], c.node[i], p.is_real);
            read_base(builder, p.sibling_slot[i], c.sibling[i], p.is_real);
            write_base(builder, p.out_slot[i], output[i], p.out_reads[i]);
        }
    }
}

impl ChipAir for MerkleAir {
    fn chip_name(&self) -> String {
        super::Table::Merkle.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const INPUT: Domain =
            Domain::Determined("swap constraints: in = node ‖ sibling or sibling ‖ node by bit");
        const OPERAND: Domain = Domain::Determined("witness bus: the operand slot's value");
        let mut domains = column_domains();
        domains.truncate(PERMUTATION_COLS);
        let columns: Vec<usize> = (0..PERMUTATION_COLS).collect();
        for i in input_cells(&columns) {
            domains[i] = INPUT;
        }
        domains.extend(trellis_vm::circuit::contracts::layout(&MerkleCols::<Domain> {
            bit: Domain::Bit,
            node: [OPERAND; 8],
            sibling: [OPERAND; 8],
        }));
        Some(domains)
    }
}
