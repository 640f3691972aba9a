//! Executes mulh (signed x signed), mulhsu (signed x unsigned), mulhu.

use crate::alu::{alu_handlers, pre_decode};
use trellis_isa::rv32im::MulHOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, Handlers, InstructionExecutor, PreDecodeError, handlers};

alu_handlers!(mulh_rr, |x, y| ((x as i32 as i64 * y as i32 as i64) >> 32)
    as u32);
alu_handlers!(mulhsu_rr, |x, y| ((x as i32 as i64 * y as i64) >> 32)
    as u32);
alu_handlers!(mulhu_rr, |x, y| ((x as u64 * y as u64) >> 32) as u32);

/// Executor of the [`MulHOpcode`] class.
pub struct MulHExecutor;

impl InstructionExecutor for MulHExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = MulHOpcode::from_global(inst.opcode).expect("registered for MulH");
        let handler: Handlers = match opcode {
            MulHOpcode::MulH => handlers!(mulh_rr),
            MulHOpcode::MulHsu => handlers!(mulhsu_rr),
            MulHOpcode::MulHu => handlers!(mulhu_rr),
        };
        pre_decode(inst, pc, opcode.mnemonic(), handler, None)
    }
}
