//! Executes jalr: jump to `(rs1 + imm) & !1`, rd = pc + 4 (rd may equal rs1).

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_REGISTER, JalrOpcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Cpu, Decoded, InstructionExecutor, Op, PreDecodeError, handlers};

fn jalr<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let target = m.reg(op.b).wrapping_add(op.c) & !1;
    m.set_reg(op.a, pc.wrapping_add(4));
    target
}

/// Executor of the [`JalrOpcode`] class.
pub struct JalrExecutor;

impl InstructionExecutor for JalrExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = JalrOpcode::from_global(inst.opcode).expect("registered for Jalr");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        ops.expect(inst.d, AS_REGISTER, "d")?;
        ops.expect_zero([(inst.e, "e")])?;
        let rd = ops.enabled_destination()?;
        let rs1 = ops.register(inst.b, "rs1")?;
        Ok(Decoded::new(handlers!(jalr), rd, rs1, ops.imm16()?))
    }
}
