//! The operand check of `ecall` for the operands its executor leaves
//! unread: the Ecall chip looks up `(pc, ecall, 0, 0, 0, 0, 0, 0, 0)` on
//! the program bus (`air.rs`), so `d..g` must be 0 as `a..c` are; any
//! other value would load and run but could never be proven.

use crate::operands::Operands;
use trellis_isa::rv32im::EcallOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, InstructionExecutor, PreDecodeError};

/// An ecall executor that first rejects nonzero `d..g` (the wrapped
/// executor checks `a..c`).
pub struct CheckedEcall<E>(pub E);

impl<E: InstructionExecutor> InstructionExecutor for CheckedEcall<E> {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let ops = Operands::new(inst, pc, EcallOpcode::Ecall.mnemonic());
        ops.expect_zero([(inst.d, "d"), (inst.e, "e"), (inst.f, "f"), (inst.g, "g")])?;
        self.0.pre_decode(inst, pc)
    }
}
