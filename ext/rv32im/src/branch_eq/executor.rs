//! Executes beq, bne. A taken branch to a misaligned target ends the run
//! with an error at the next fetch.

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_REGISTER, BranchEqOpcode, OPERAND_REGISTER};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Cpu, Decoded, Handlers, InstructionExecutor, Op, PreDecodeError, handlers};

/// Defines a handler that branches by `op.c` when `$cond(rs1, rs2)` holds.
macro_rules! branch {
    ($name:ident, |$x:ident, $y:ident| $cond:expr) => {
        pub(crate) fn $name<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
            let ($x, $y) = (m.reg(op.a), m.reg(op.b));
            if $cond {
                pc.wrapping_add(op.c)
            } else {
                pc.wrapping_add(4)
            }
        }
    };
}
pub(crate) use branch;

branch!(beq, |x, y| x == y);
branch!(bne, |x, y| x != y);

/// Pre-decodes the shared branch operand layout: rs1, rs2, signed offset.
pub(crate) fn pre_decode_branch(
    inst: &Instruction,
    pc: u32,
    mnemonic: &'static str,
    handler: Handlers,
) -> Result<Decoded, PreDecodeError> {
    let ops = Operands::new(inst, pc, mnemonic);
    ops.expect(inst.d, AS_REGISTER, "d")?;
    ops.expect(inst.e, OPERAND_REGISTER, "e")?;
    ops.expect_zero([(inst.f, "f"), (inst.g, "g")])?;
    let rs1 = ops.register(inst.a, "rs1")?;
    let rs2 = ops.register(inst.b, "rs2")?;
    Ok(Decoded::new(handler, rs1, rs2, ops.signed(inst.c)))
}

/// Executor of the [`BranchEqOpcode`] class.
pub struct BranchEqExecutor;

impl InstructionExecutor for BranchEqExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = BranchEqOpcode::from_global(inst.opcode).expect("registered for BranchEq");
        let handler: Handlers = match opcode {
            BranchEqOpcode::Beq => handlers!(beq),
            BranchEqOpcode::Bne => handlers!(bne),
        };
        pre_decode_branch(inst, pc, opcode.mnemonic(), handler)
    }
}
