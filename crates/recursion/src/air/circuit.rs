//! The recursion circuit of one program: its AIRs (one per table the program uses, with
//! the program in their preprocessed columns), keys, traces from an execution, and the
//! prover and verifier entries.

use trellis_stark::{
    DynAir, HashFamily, KeyPair, Proof, ProofParams, ProvingKey, RowMajorMatrix, Val, VerifyingKey,
    keygen, keygen_with, prove_self_checked, verify,
};

use super::alu_base::{AluBaseAir, alu_base_prep, alu_base_trace};
use super::alu_ext::{AluExtAir, alu_ext_prep, alu_ext_trace};
use super::assert::{AssertAir, assert_prep, assert_trace};
use super::bits::{BitsAir, bits_prep, bits_trace};
use super::coeffs::{CoeffsAir, coeffs_prep, coeffs_trace};
use super::error::RecursionProofError;
use super::inputs::{InputsAir, inputs_prep, inputs_trace};
use super::layout::{Layout, TABLES, Table};
use super::poseidon2::{Poseidon2Air, poseidon2_prep, poseidon2_trace};
use super::public::{PublicAir, public_prep, public_slots, public_trace};
use super::reduced::{ReducedAir, reduced_prep, reduced_trace};
use super::select::{SelectAir, select_prep, select_trace};
use crate::backend::EXT_DEGREE;
use crate::inputs::ProgramInputs;
use crate::interpreter::{Execution, execute};
use crate::program::Program;

/// A program's recursion circuit: the tables its operations use, in [`TABLES`] order.
pub struct RecursionCircuit<'a> {
    layout: Layout<'a>,
    tables: Vec<Table>,
}

impl<'a> RecursionCircuit<'a> {
    /// The circuit of `program`; fails on a malformed program or one with operations no
    /// table covers yet ([`super::layout::uncovered_ops`]).
    pub fn new(program: &'a Program) -> Result<Self, RecursionProofError> {
        let layout = Layout::new(program)?;
        let tables = TABLES
            .into_iter()
            .filter(|&t| layout.rows_of(t) > 0)
            .collect();
        Ok(Self { layout, tables })
    }

    /// The circuit of `program` (the tables it uses, as [`RecursionCircuit::new`]) with
    /// every table at least `2^params.min_log_trace_height()` rows tall, so that `params`
    /// accept its traces whatever their final FRI polynomial's length.
    pub fn for_params(
        program: &'a Program,
        params: &ProofParams,
    ) -> Result<Self, RecursionProofError> {
        Self::with_min_log_height(program, params.min_log_trace_height())
    }

    /// The circuit of `program` (the tables it uses, as [`RecursionCircuit::new`]) with
    /// every table at least `2^min_log_height` rows tall.
    pub fn with_min_log_height(
        program: &'a Program,
        min_log_height: usize,
    ) -> Result<Self, RecursionProofError> {
        let layout = Layout::with_min_log_height(program, min_log_height)?;
        let tables = TABLES
            .into_iter()
            .filter(|&t| layout.rows_of(t) > 0)
            .collect();
        Ok(Self { layout, tables })
    }

    /// The circuit of `program` with every table of [`TABLES`] present at the fixed height
    /// `2^log_heights[t]` ([`Layout::with_heights`]): programs that fit one set of heights
    /// have circuits with the same AIRs (up to their preprocessed columns) and proofs of
    /// one shape, which is what lets one aggregation key verify any of them.
    pub fn with_heights(
        program: &'a Program,
        log_heights: [usize; TABLES.len()],
    ) -> Result<Self, RecursionProofError> {
        let layout = Layout::with_heights(program, log_heights)?;
        Ok(Self {
            layout,
            tables: TABLES.to_vec(),
        })
    }

    /// The tables of the circuit, in key order.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The program split over the tables.
    pub fn layout(&self) -> &Layout<'a> {
        &self.layout
    }

    /// The AIR of `table`, with the program in its preprocessed columns.
    pub fn air(&self, table: Table) -> DynAir {
        let l = &self.layout;
        let prep = match table {
            Table::Inputs => inputs_prep::<1>(l),
            Table::InputsExt => inputs_prep::<EXT_DEGREE>(l),
            Table::Public => public_prep(l),
            Table::AluBase => alu_base_prep(l),
            Table::AluExt => alu_ext_prep(l),
            Table::Coeffs => coeffs_prep(l),
            Table::Select => select_prep(l),
            Table::Assert => assert_prep(l),
            Table::Poseidon2 => poseidon2_prep(l),
            Table::Bits => bits_prep(l),
            Table::Reduced => reduced_prep(l),
        };
        let public_indices = public_slots(l).into_iter().map(|(_, i)| i).collect();
        table_air(
            table,
            prep,
            public_indices,
            l.program.num_public_values as usize,
        )
    }

    /// Every AIR, in key order.
    pub fn airs(&self) -> Vec<DynAir> {
        self.tables.iter().map(|&t| self.air(t)).collect()
    }

    /// The proving and verifying keys of the circuit.
    pub fn keygen(
        &self,
        params: &ProofParams,
    ) -> Result<(ProvingKey<DynAir>, VerifyingKey<DynAir>), RecursionProofError> {
        Ok(keygen(self.airs(), params)?)
    }

    /// [`Self::keygen`] for proofs hashed with the family `H` (the EVM-facing last layer
    /// uses [`trellis_stark::Bn254Poseidon2`]).
    pub fn keygen_for<H: HashFamily>(
        &self,
        params: &ProofParams,
    ) -> Result<KeyPair<DynAir, H>, RecursionProofError> {
        Ok(keygen_with::<DynAir, H>(self.airs(), params, &[])?)
    }

    /// The main trace of `table` from the interpreter's slot values.
    pub fn trace(&self, table: Table, exec: &Execution) -> RowMajorMatrix<Val> {
        let l = &self.layout;
        match table {
            Table::Inputs => inputs_trace::<1>(l, exec),
            Table::InputsExt => inputs_trace::<EXT_DEGREE>(l, exec),
            Table::Public => public_trace(l, exec),
            Table::AluBase => alu_base_trace(l, exec),
            Table::AluExt => alu_ext_trace(l, exec),
            Table::Coeffs => coeffs_trace(l, exec),
            Table::Select => select_trace(l, exec),
            Table::Assert => assert_trace(l, exec),
            Table::Poseidon2 => poseidon2_trace(l, exec),
            Table::Bits => bits_trace(l, exec),
            Table::Reduced => reduced_trace(l, exec),
        }
    }

    /// Every main trace, in key order.
    pub fn traces(&self, exec: &Execution) -> Vec<RowMajorMatrix<Val>> {
        self.tables.iter().map(|&t| self.trace(t, exec)).collect()
    }

    /// The per-AIR public values for the program's public values `public` (the public
    /// table carries them; every other AIR has none).
    pub fn public_values(&self, public: &[Val]) -> Vec<Vec<Val>> {
        self.tables
            .iter()
            .map(|&t| {
                if t == Table::Public {
                    public.to_vec()
                } else {
                    vec![]
                }
            })
            .collect()
    }

    /// Runs the program on `inputs` and proves the execution; an error if the program
    /// rejects its inputs (no proof exists).
    pub fn prove<H: HashFamily>(
        &self,
        pk: &ProvingKey<DynAir, H>,
        inputs: &ProgramInputs,
    ) -> Result<Proof<H>, RecursionProofError> {
        let exec = execute(self.layout.program, inputs)?;
        if !exec.accepted() {
            return Err(RecursionProofError::Rejected(exec.failures));
        }
        let traces = self.traces(&exec);
        // Proven, then verified (milliseconds); the row-by-row trace checks that name a
        // table and row run only if that fails.
        Ok(prove_self_checked(
            pk,
            &traces,
            &self.public_values(&inputs.public_values),
            &mut || {},
        )?)
    }

    /// Verifies a proof that the program accepts some private inputs together with the
    /// public values `public`.
    pub fn verify<H: HashFamily>(
        &self,
        vk: &VerifyingKey<DynAir, H>,
        proof: &Proof<H>,
        public: &[Val],
    ) -> Result<(), RecursionProofError> {
        Ok(verify(vk, proof, &self.public_values(public))?)
    }
}

/// The AIR of `table` with the preprocessed trace `prep`; the public table's shape is
/// that of `Public` operations at the public-value indices `public_indices`, of
/// `num_public_values` in all (unused by the other tables).
pub fn table_air(
    table: Table,
    prep: RowMajorMatrix<Val>,
    public_indices: Vec<u32>,
    num_public_values: usize,
) -> DynAir {
    match table {
        Table::Inputs => DynAir::new(InputsAir::<1>::new(prep)),
        Table::InputsExt => DynAir::new(InputsAir::<EXT_DEGREE>::new(prep)),
        Table::Public => DynAir::new(PublicAir::new(public_indices, num_public_values, prep)),
        Table::AluBase => DynAir::new(AluBaseAir::new(prep)),
        Table::AluExt => DynAir::new(AluExtAir::new(prep)),
        Table::Coeffs => DynAir::new(CoeffsAir::new(prep)),
        Table::Select => DynAir::new(SelectAir::new(prep)),
        Table::Assert => DynAir::new(AssertAir::new(prep)),
        Table::Poseidon2 => DynAir::new(Poseidon2Air::new(prep)),
        Table::Bits => DynAir::new(BitsAir::new(prep)),
        Table::Reduced => DynAir::new(ReducedAir::new(prep)),
    }
}

/// Main and preprocessed widths of `table`; the public table's depend on the number `n`
/// of `Public` operations ([`super::public::public_shape`]).
pub fn table_widths(table: Table, n_public: usize) -> (usize, usize) {
    use trellis_vm::circuit::columns::Columns;
    match table {
        Table::Inputs => (super::inputs::lanes(1), super::inputs::prep_width(1)),
        Table::InputsExt => (
            super::inputs::lanes(EXT_DEGREE) * EXT_DEGREE,
            super::inputs::prep_width(EXT_DEGREE),
        ),
        Table::Public => {
            let (lanes, rows) = super::public::public_shape(n_public);
            (lanes, rows + 2 * lanes)
        }
        Table::AluBase => (
            <super::alu_base::AluBaseCols<Val> as Columns<Val>>::WIDTH,
            <super::alu_base::AluBasePrep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::AluExt => (
            <super::alu_ext::AluExtCols<Val> as Columns<Val>>::WIDTH,
            <super::alu_ext::AluExtPrep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::Coeffs => (
            <super::coeffs::CoeffsCols<Val> as Columns<Val>>::WIDTH,
            <super::coeffs::CoeffsPrep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::Select => (
            <super::select::SelectCols<Val> as Columns<Val>>::WIDTH,
            <super::select::SelectPrep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::Assert => (
            <super::assert::AssertCols<Val> as Columns<Val>>::WIDTH,
            <super::assert::AssertPrep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::Poseidon2 => (
            super::poseidon2::POSEIDON2_TABLE_COLS,
            <super::poseidon2::Poseidon2Prep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::Bits => (
            <super::bits::BitsCols<Val> as Columns<Val>>::WIDTH,
            <super::bits::BitsPrep<Val> as Columns<Val>>::WIDTH,
        ),
        Table::Reduced => (
            <super::reduced::ReducedCols<Val> as Columns<Val>>::WIDTH,
            <super::reduced::ReducedPrep<Val> as Columns<Val>>::WIDTH,
        ),
    }
}
