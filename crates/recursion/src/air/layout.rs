//! The program-to-trace split: which table proves each operation, how often each slot is
//! read, and which operations no table covers yet.

use std::collections::BTreeMap;

use crate::error::RecursionVerifyError;
use crate::ir::Op;
use crate::program::Program;

/// The tables of the recursion circuit, in key order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `Const`, `LoadProof`, `HintInverse`: base values entering the circuit.
    Inputs,
    /// `ConstExt`, `LoadProofExt`, `HintExtInverse`: extension values entering it.
    InputsExt,
    /// `Public`: base values bound to the public values.
    Public,
    /// `Add`, `Sub`, `Mul`.
    AluBase,
    /// `ExtAdd`, `ExtSub`, `ExtMul`, `ExtAddBase`, `ExtMulBase`.
    AluExt,
    /// `ExtFromBase`, `ExtFromCoeffs`, `ExtToCoeffs`.
    Coeffs,
    /// `Select`, `SelectExt`.
    Select,
    /// `AssertEq`, `AssertEqExt`, `AssertZero`, `AssertZeroExt`, `Fail`.
    Assert,
    /// `Permute`, `MerkleStep`.
    Poseidon2,
    /// `Bits`.
    Bits,
    /// `ReducedOpening` (six opened values a row).
    Reduced,
}

/// Every table, in key order.
pub const TABLES: [Table; 11] = [
    Table::Inputs,
    Table::InputsExt,
    Table::Public,
    Table::AluBase,
    Table::AluExt,
    Table::Coeffs,
    Table::Select,
    Table::Assert,
    Table::Poseidon2,
    Table::Bits,
    Table::Reduced,
];

impl Table {
    /// The table that proves `op` (`None` would be a kind no table covers yet; every
    /// kind is covered today).
    pub fn of(op: &Op) -> Option<Table> {
        Some(match op {
            Op::Const { .. } | Op::LoadProof { .. } | Op::HintInverse { .. } => Table::Inputs,
            Op::ConstExt { .. } | Op::LoadProofExt { .. } | Op::HintExtInverse { .. } => {
                Table::InputsExt
            }
            Op::Public { .. } => Table::Public,
            Op::Add { .. } | Op::Sub { .. } | Op::Mul { .. } => Table::AluBase,
            Op::ExtAdd { .. }
            | Op::ExtSub { .. }
            | Op::ExtMul { .. }
            | Op::ExtAddBase { .. }
            | Op::ExtMulBase { .. } => Table::AluExt,
            Op::ExtFromBase { .. } | Op::ExtFromCoeffs { .. } | Op::ExtToCoeffs { .. } => {
                Table::Coeffs
            }
            Op::Select { .. } | Op::SelectExt { .. } => Table::Select,
            Op::AssertEq { .. }
            | Op::AssertEqExt { .. }
            | Op::AssertZero { .. }
            | Op::AssertZeroExt { .. }
            | Op::Fail { .. } => Table::Assert,
            Op::Permute { .. } | Op::MerkleStep { .. } => Table::Poseidon2,
            Op::Bits { .. } => Table::Bits,
            Op::ReducedOpening { .. } => Table::Reduced,
        })
    }

    /// The table's name (its AIR's name).
    pub fn name(self) -> &'static str {
        match self {
            Table::Inputs => "recursion/inputs",
            Table::InputsExt => "recursion/inputs-ext",
            Table::Public => "recursion/public",
            Table::AluBase => "recursion/alu-base",
            Table::AluExt => "recursion/alu-ext",
            Table::Coeffs => "recursion/coeffs",
            Table::Select => "recursion/select",
            Table::Assert => "recursion/assert",
            Table::Poseidon2 => "recursion/poseidon2",
            Table::Bits => "recursion/bits",
            Table::Reduced => "recursion/reduced-opening",
        }
    }
}

/// The operations not covered by any table, by kind name, with their counts.
pub fn uncovered_ops(program: &Program) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for op in &program.ops {
        if Table::of(op).is_none() {
            *out.entry(op.kind_name()).or_insert(0) += 1;
        }
    }
    out
}

/// A program split over the tables: each table's operations (program order) and every
/// slot's read count (the multiplicity its writer provides). A hint's operand does not
/// count as a read: the inputs tables do not look it up.
pub struct Layout<'a> {
    /// The program.
    pub program: &'a Program,
    /// Indices into `program.ops`, per table (indexed like [`TABLES`]).
    pub ops: [Vec<usize>; TABLES.len()],
    /// How many operations read each base slot.
    pub base_reads: Vec<u32>,
    /// How many operations read each extension slot.
    pub ext_reads: Vec<u32>,
    /// Fixed log2 heights per table (in [`TABLES`] order), where the circuit has them
    /// ([`Layout::with_heights`]); otherwise each table is as tall as its rows need.
    pub fixed_log_heights: Option<[usize; TABLES.len()]>,
    /// The smallest log2 height of a table without a fixed height
    /// ([`Layout::with_min_log_height`]); 0 when only the rows decide.
    pub min_log_height: usize,
}

impl<'a> Layout<'a> {
    /// Splits a valid program; an error names every uncovered operation kind.
    pub fn new(program: &'a Program) -> Result<Self, RecursionVerifyError> {
        program.validate()?;
        let uncovered = uncovered_ops(program);
        if !uncovered.is_empty() {
            return Err(RecursionVerifyError::Program(format!(
                "operations no recursion table covers yet: {uncovered:?}"
            )));
        }
        if let Some(bad) = program.ops.iter().find(|op| !fits_its_table(op)) {
            return Err(RecursionVerifyError::Program(format!(
                "a {} operation outside its table's shape (at most {} bits; one alpha power per opened value)",
                bad.kind_name(),
                super::bits::NUM_BITS
            )));
        }
        let mut ops: [Vec<usize>; TABLES.len()] = Default::default();
        let mut base_reads = vec![0u32; program.num_base_slots as usize];
        let mut ext_reads = vec![0u32; program.num_ext_slots as usize];
        for (i, op) in program.ops.iter().enumerate() {
            let table = Table::of(op).expect("covered: checked above");
            ops[table as usize].push(i);
            if matches!(op, Op::HintInverse { .. } | Op::HintExtInverse { .. }) {
                // A hint's operand is what the prover inverted; the circuit does not
                // read it (the program checks `a · hint = 1` with its own operations).
                continue;
            }
            op.visit(
                |ext, s| {
                    if ext {
                        ext_reads[s as usize] += 1
                    } else {
                        base_reads[s as usize] += 1
                    }
                },
                |_, _| {},
            );
        }
        Ok(Self {
            program,
            ops,
            base_reads,
            ext_reads,
            fixed_log_heights: None,
            min_log_height: 0,
        })
    }

    /// The layout of `program` with every table at least `2^min_log_height` rows tall:
    /// what parameters with a final FRI polynomial of more than one coefficient need
    /// ([`trellis_stark::ProofParams::min_log_trace_height`]).
    pub fn with_min_log_height(
        program: &'a Program,
        min_log_height: usize,
    ) -> Result<Self, RecursionVerifyError> {
        let max = trellis_stark::ProofParams::production().max_log_trace_height;
        if min_log_height > max {
            return Err(RecursionVerifyError::Program(format!(
                "a smallest height of 2^{min_log_height} is above 2^{max}"
            )));
        }
        let mut layout = Self::new(program)?;
        layout.min_log_height = min_log_height;
        Ok(layout)
    }

    /// The layout of `program` with every table at the fixed height `2^log_heights[t]`
    /// (in [`TABLES`] order), so that circuits of different programs have proofs of one
    /// shape. Fails where a table's rows do not fit its height.
    pub fn with_heights(
        program: &'a Program,
        log_heights: [usize; TABLES.len()],
    ) -> Result<Self, RecursionVerifyError> {
        let mut layout = Self::new(program)?;
        for (t, &log_h) in TABLES.iter().zip(&log_heights) {
            if !(2..=trellis_stark::ProofParams::production().max_log_trace_height).contains(&log_h)
            {
                return Err(RecursionVerifyError::Program(format!(
                    "fixed height 2^{log_h} of {} is outside 2^2..=2^22",
                    t.name()
                )));
            }
            let rows = match t {
                Table::Public => super::public::public_shape(layout.rows_of(*t)).1,
                _ => layout.height_of(*t),
            };
            if rows > 1 << log_h {
                return Err(RecursionVerifyError::Program(format!(
                    "{} needs {rows} rows, more than its fixed height 2^{log_h}",
                    t.name()
                )));
            }
        }
        layout.fixed_log_heights = Some(log_heights);
        Ok(layout)
    }

    /// The height of `table` holding `rows` rows: its fixed height, or
    /// [`padded_height`](trellis_vm::circuit::padded_height) of the rows.
    pub fn padded_height(&self, table: Table, rows: usize) -> usize {
        match self.fixed_log_heights {
            Some(h) => 1 << h[table as usize],
            None => trellis_vm::circuit::padded_height(rows).max(1 << self.min_log_height),
        }
    }

    /// The operations of `table`, in program order.
    pub fn ops_of(&self, table: Table) -> impl Iterator<Item = &'a Op> + '_ {
        self.ops[table as usize]
            .iter()
            .map(|&i| &self.program.ops[i])
    }

    /// Number of operations of `table`.
    pub fn rows_of(&self, table: Table) -> usize {
        self.ops[table as usize].len()
    }

    /// Rows of `table` before padding (one per operation, but [`rows_of_op`] in the
    /// reduced-opening table and [`super::inputs::lanes`] operations a row in the inputs
    /// tables).
    pub fn height_of(&self, table: Table) -> usize {
        table_rows(table, self.ops_of(table).map(rows_of_op).sum())
    }
}

/// Whether `op` has the shape its table proves: `Bits` of at most 31 bits, a
/// `ReducedOpening` with one alpha power per opened value.
fn fits_its_table(op: &Op) -> bool {
    match op {
        Op::Bits { out, .. } => out.len() <= super::bits::NUM_BITS,
        Op::ReducedOpening {
            alpha_powers, row, ..
        } => alpha_powers.len() == row.len(),
        _ => true,
    }
}

/// Rows a table spends on `op`: one, but one per [`super::reduced::LANES`] opened values
/// (at least one) for a `ReducedOpening`.
pub fn rows_of_op(op: &Op) -> usize {
    match op {
        Op::ReducedOpening { row, .. } => super::reduced::rows_for(row.len()),
        _ => 1,
    }
}

/// Rows `table` spends on operations needing `units` rows of their own ([`rows_of_op`]
/// summed): the inputs tables hold [`super::inputs::lanes`] operations a row.
fn table_rows(table: Table, units: usize) -> usize {
    match table {
        Table::Inputs => units.div_ceil(super::inputs::lanes(1)),
        Table::InputsExt => units.div_ceil(super::inputs::lanes(crate::backend::EXT_DEGREE)),
        _ => units,
    }
}

/// Rows (before padding) per table of any program, covered or not: the covered part's
/// size.
pub fn rows_per_table(program: &Program) -> Vec<(Table, usize)> {
    let mut units = [0usize; TABLES.len()];
    for op in &program.ops {
        if let Some(t) = Table::of(op) {
            units[t as usize] += rows_of_op(op);
        }
    }
    TABLES
        .into_iter()
        .zip(units)
        .map(|(t, u)| (t, table_rows(t, u)))
        .collect()
}
