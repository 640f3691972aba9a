//! Executes auipc: rd = pc + (imm << 12).

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_REGISTER, AuipcOpcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{InstructionExecutor, Machine, Op, PreDecodeError};

fn auipc(m: &mut Machine, op: &Op, pc: u32) -> u32 {
    m.set_reg(op.a, pc.wrapping_add(op.c));
    pc.wrapping_add(4)
}

/// Executor of the [`AuipcOpcode`] class.
pub struct AuipcExecutor;

impl InstructionExecutor for AuipcExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Op, PreDecodeError> {
        let opcode = AuipcOpcode::from_global(inst.opcode).expect("registered for Auipc");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        ops.expect(inst.d, AS_REGISTER, "d")?;
        let rd = ops.destination(inst.a)?;
        Ok(Op::new(
            auipc,
            rd,
            0,
            ops.unsigned(inst.c, 20, "imm")? << 12,
        ))
    }
}
