//! Executes blt, bltu, bge, bgeu.

use crate::branch_eq::{branch, pre_decode_branch};
use trellis_isa::rv32im::BranchLtOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Handler, InstructionExecutor, Machine, Op, PreDecodeError};

branch!(blt, |x, y| (x as i32) < (y as i32));
branch!(bltu, |x, y| x < y);
branch!(bge, |x, y| (x as i32) >= (y as i32));
branch!(bgeu, |x, y| x >= y);

/// Executor of the [`BranchLtOpcode`] class.
pub struct BranchLtExecutor;

impl InstructionExecutor for BranchLtExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Op, PreDecodeError> {
        let opcode = BranchLtOpcode::from_global(inst.opcode).expect("registered for BranchLt");
        let handler: Handler = match opcode {
            BranchLtOpcode::Blt => blt,
            BranchLtOpcode::Bltu => bltu,
            BranchLtOpcode::Bge => bge,
            BranchLtOpcode::Bgeu => bgeu,
        };
        pre_decode_branch(inst, pc, opcode.mnemonic(), handler)
    }
}
