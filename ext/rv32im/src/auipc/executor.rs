//! Executes auipc: rd = pc + (imm << 12).

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_REGISTER, AuipcOpcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Cpu, Decoded, InstructionExecutor, Op, PreDecodeError, handlers};

fn auipc<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    m.set_reg(op.a, pc.wrapping_add(op.c));
    pc.wrapping_add(4)
}

/// Executor of the [`AuipcOpcode`] class.
pub struct AuipcExecutor;

impl InstructionExecutor for AuipcExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = AuipcOpcode::from_global(inst.opcode).expect("registered for Auipc");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        ops.expect(inst.d, AS_REGISTER, "d")?;
        ops.expect_zero([(inst.b, "b"), (inst.e, "e"), (inst.f, "f"), (inst.g, "g")])?;
        let rd = ops.destination(inst.a)?;
        Ok(Decoded::new(
            handlers!(auipc),
            rd,
            0,
            ops.unsigned(inst.c, 20, "imm")? << 12,
        ))
    }
}
