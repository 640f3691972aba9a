//! Executes mul.

use crate::alu::{alu_handlers, pre_decode};
use trellis_isa::rv32im::MulOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, InstructionExecutor, PreDecodeError, handlers};

alu_handlers!(mul_rr, |x, y| x.wrapping_mul(y));

/// Executor of the [`MulOpcode`] class.
pub struct MulExecutor;

impl InstructionExecutor for MulExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = MulOpcode::from_global(inst.opcode).expect("registered for Mul");
        pre_decode(inst, pc, opcode.mnemonic(), handlers!(mul_rr), None)
    }
}
