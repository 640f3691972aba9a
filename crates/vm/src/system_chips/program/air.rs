//! Program table AIR: preprocessed `(pc, opcode, a..g)`, main `multiplicity`.

use super::PROGRAM_CHIP;
use crate::circuit::PROGRAM;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::padded_height;
use std::sync::Arc;
use trellis_isa::Program;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, RowMajorMatrix, Val, WindowAccess,
};

/// Opcode of the table's padding rows: no chip registers it (opcodes are
/// below `MAX_OPCODES` = 2^12), so no lookup can match a padding row.
pub const PADDING_OPCODE: u32 = 0xFFFF;

crate::columns! {
    /// Preprocessed columns: one instruction.
    pub struct ProgramPrepCols {
        /// Its pc.
        pc: T,
        /// Its global opcode.
        opcode: T,
        /// Operands a..g, as the transpiler wrote them.
        operands: [T; 7],
    }
}

crate::columns! {
    /// Main columns.
    pub struct ProgramCols {
        /// How many times the instruction ran (0 on padding rows).
        multiplicity: T,
    }
}

/// The program table. Constraints do not depend on the program; only the
/// preprocessed trace does, and it is absent on the verifier's side.
#[derive(Clone, Debug)]
pub struct ProgramAir {
    table: Option<Arc<RowMajorMatrix<Val>>>,
}

impl ProgramAir {
    /// The AIR with the table of `program` (or without one).
    pub fn new(program: Option<&Program>) -> Self {
        Self {
            table: program.map(|p| Arc::new(program_table(p))),
        }
    }
}

/// The preprocessed table: instruction `i` in row `i`, then padding rows
/// `(0, PADDING_OPCODE, 0, ..)` up to [`padded_height`].
pub fn program_table(program: &Program) -> RowMajorMatrix<Val> {
    let width = <ProgramPrepCols<Val> as Columns<Val>>::WIDTH;
    let height = padded_height(program.instructions.len());
    let mut values = vec![Val::ZERO; height * width];
    for (i, row) in values.chunks_exact_mut(width).enumerate() {
        let cols = match program.instructions.get(i) {
            Some(inst) => ProgramPrepCols {
                pc: Val::from_u32(program.pc_base.wrapping_add(4 * i as u32)),
                opcode: Val::from_u16(inst.opcode.as_u16()),
                operands: [inst.a, inst.b, inst.c, inst.d, inst.e, inst.f, inst.g],
            },
            None => ProgramPrepCols {
                opcode: Val::from_u32(PADDING_OPCODE),
                ..Default::default()
            },
        };
        cols.write(row);
    }
    RowMajorMatrix::new(values, width)
}

impl BaseAir<Val> for ProgramAir {
    fn width(&self) -> usize {
        <ProgramCols<Val> as Columns<Val>>::WIDTH
    }
    fn preprocessed_width(&self) -> usize {
        <ProgramPrepCols<Val> as Columns<Val>>::WIDTH
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

impl<AB: BusBuilder> Air<AB> for ProgramAir {
    fn eval(&self, builder: &mut AB) {
        let prep = ProgramPrepCols::<AB::Var>::read(builder.preprocessed().current_slice());
        let main = builder.main();
        let cols = ProgramCols::<AB::Var>::read(main.current_slice());
        let [a, b, c, d, e, f, g] = prep.operands;
        PROGRAM.provide(
            builder,
            [prep.pc, prep.opcode, a, b, c, d, e, f, g],
            cols.multiplicity,
        );
    }
}

impl ChipAir for ProgramAir {
    fn chip_name(&self) -> String {
        PROGRAM_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&ProgramCols::<Domain> {
            multiplicity: Domain::Multiplicity,
        }))
    }
}
