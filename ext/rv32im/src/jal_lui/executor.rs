//! Executes jal (rd = pc + 4, jump by a signed offset) and lui (rd = imm << 12).

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_REGISTER, JalLuiOpcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Cpu, Decoded, InstructionExecutor, Op, PreDecodeError, handlers};

fn jal<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    m.set_reg(op.a, pc.wrapping_add(4));
    pc.wrapping_add(op.c)
}

fn lui<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    m.set_reg(op.a, op.c);
    pc.wrapping_add(4)
}

/// Executor of the [`JalLuiOpcode`] class.
pub struct JalLuiExecutor;

impl InstructionExecutor for JalLuiExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = JalLuiOpcode::from_global(inst.opcode).expect("registered for JalLui");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        ops.expect(inst.d, AS_REGISTER, "d")?;
        ops.expect_zero([(inst.b, "b"), (inst.e, "e"), (inst.g, "g")])?;
        let rd = ops.enabled_destination()?;
        Ok(match opcode {
            JalLuiOpcode::Jal => Decoded::new(handlers!(jal), rd, 0, ops.signed(inst.c)),
            JalLuiOpcode::Lui => Decoded::new(
                handlers!(lui),
                rd,
                0,
                ops.unsigned(inst.c, 20, "imm")? << 12,
            ),
        })
    }
}
