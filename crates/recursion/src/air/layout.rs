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
    /// `Permute`.
    Poseidon2,
}

/// Every table, in key order.
pub const TABLES: [Table; 9] = [
    Table::Inputs,
    Table::InputsExt,
    Table::Public,
    Table::AluBase,
    Table::AluExt,
    Table::Coeffs,
    Table::Select,
    Table::Assert,
    Table::Poseidon2,
];

impl Table {
    /// The table that proves `op`, or `None` for the kinds not covered yet (`Bits`,
    /// `MerkleStep`, `ReducedOpening`).
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
            Op::Permute { .. } => Table::Poseidon2,
            Op::Bits { .. } | Op::MerkleStep { .. } | Op::ReducedOpening { .. } => return None,
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
        })
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
}

/// Rows (operations) per table of any program, covered or not: the covered part's size.
pub fn rows_per_table(program: &Program) -> Vec<(Table, usize)> {
    let mut rows = [0usize; TABLES.len()];
    for op in &program.ops {
        if let Some(t) = Table::of(op) {
            rows[t as usize] += 1;
        }
    }
    TABLES.into_iter().zip(rows).collect()
}
