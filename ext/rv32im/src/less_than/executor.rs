//! Executes slt, sltu.

use crate::alu::{alu_handlers, pre_decode};
use trellis_isa::rv32im::LessThanOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, Handlers, InstructionExecutor, PreDecodeError, handlers};

alu_handlers!(slt_rr, slt_ri, |x, y| ((x as i32) < (y as i32)) as u32);
alu_handlers!(sltu_rr, sltu_ri, |x, y| (x < y) as u32);

/// Executor of the [`LessThanOpcode`] class.
pub struct LessThanExecutor;

impl InstructionExecutor for LessThanExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = LessThanOpcode::from_global(inst.opcode).expect("registered for LessThan");
        let (rr, ri): (Handlers, Handlers) = match opcode {
            LessThanOpcode::Slt => (handlers!(slt_rr), handlers!(slt_ri)),
            LessThanOpcode::Sltu => (handlers!(sltu_rr), handlers!(sltu_ri)),
        };
        pre_decode(inst, pc, opcode.mnemonic(), rr, Some((ri, None)))
    }
}
