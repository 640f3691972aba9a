//! Executes blt, bltu, bge, bgeu.

use crate::branch_eq::{branch, pre_decode_branch};
use trellis_isa::rv32im::BranchLtOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Cpu, Decoded, Handlers, InstructionExecutor, Op, PreDecodeError, handlers};

branch!(blt, |x, y| (x as i32) < (y as i32));
branch!(bltu, |x, y| x < y);
branch!(bge, |x, y| (x as i32) >= (y as i32));
branch!(bgeu, |x, y| x >= y);

/// Executor of the [`BranchLtOpcode`] class.
pub struct BranchLtExecutor;

impl InstructionExecutor for BranchLtExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = BranchLtOpcode::from_global(inst.opcode).expect("registered for BranchLt");
        let handler: Handlers = match opcode {
            BranchLtOpcode::Blt => handlers!(blt),
            BranchLtOpcode::Bltu => handlers!(bltu),
            BranchLtOpcode::Bge => handlers!(bge),
            BranchLtOpcode::Bgeu => handlers!(bgeu),
        };
        pre_decode_branch(inst, pc, opcode.mnemonic(), handler)
    }
}
