//! Executes add, sub, xor, or, and.

use crate::alu::{alu_handlers, pre_decode};
use trellis_isa::rv32im::BaseAluOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, Handlers, InstructionExecutor, PreDecodeError, handlers};

alu_handlers!(add_rr, add_ri, |x, y| x.wrapping_add(y));
alu_handlers!(sub_rr, sub_ri, |x, y| x.wrapping_sub(y));
alu_handlers!(xor_rr, xor_ri, |x, y| x ^ y);
alu_handlers!(or_rr, or_ri, |x, y| x | y);
alu_handlers!(and_rr, and_ri, |x, y| x & y);

/// Executor of the [`BaseAluOpcode`] class.
pub struct BaseAluExecutor;

impl InstructionExecutor for BaseAluExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = BaseAluOpcode::from_global(inst.opcode).expect("registered for BaseAlu");
        let (rr, ri): (Handlers, Handlers) = match opcode {
            BaseAluOpcode::Add => (handlers!(add_rr), handlers!(add_ri)),
            BaseAluOpcode::Sub => (handlers!(sub_rr), handlers!(sub_ri)),
            BaseAluOpcode::Xor => (handlers!(xor_rr), handlers!(xor_ri)),
            BaseAluOpcode::Or => (handlers!(or_rr), handlers!(or_ri)),
            BaseAluOpcode::And => (handlers!(and_rr), handlers!(and_ri)),
        };
        pre_decode(inst, pc, opcode.mnemonic(), rr, Some((ri, None)))
    }
}
