//! Executes sll, srl, sra. Shift amounts use the low 5 bits of the source.

use crate::alu::{alu_handlers, pre_decode};
use trellis_isa::rv32im::ShiftOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, Handlers, InstructionExecutor, PreDecodeError, handlers};

alu_handlers!(sll_rr, sll_ri, |x, y| x << (y & 31));
alu_handlers!(srl_rr, srl_ri, |x, y| x >> (y & 31));
alu_handlers!(sra_rr, sra_ri, |x, y| ((x as i32) >> (y & 31)) as u32);

/// Executor of the [`ShiftOpcode`] class.
pub struct ShiftExecutor;

impl InstructionExecutor for ShiftExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = ShiftOpcode::from_global(inst.opcode).expect("registered for Shift");
        let (rr, ri): (Handlers, Handlers) = match opcode {
            ShiftOpcode::Sll => (handlers!(sll_rr), handlers!(sll_ri)),
            ShiftOpcode::Srl => (handlers!(srl_rr), handlers!(srl_ri)),
            ShiftOpcode::Sra => (handlers!(sra_rr), handlers!(sra_ri)),
        };
        pre_decode(inst, pc, opcode.mnemonic(), rr, Some((ri, Some(32))))
    }
}
