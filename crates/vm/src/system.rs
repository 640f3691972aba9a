//! The system extension: opcodes every VM has (terminate, nop, trap).

use crate::cpu::Cpu;
use crate::error::{ExecError, PreDecodeError};
use crate::executor::{Decoded, ExecutorEntry, InstructionExecutor, Op, class_entries};
use crate::extension::VmExtension;
use crate::handlers;
use std::sync::Arc;
use trellis_isa::field::to_u32;
use trellis_isa::system::{SystemOpcode, TrapKind};
use trellis_isa::{Instruction, OpcodeClass, Program};

/// Chip that proves system instructions.
pub const SYSTEM_CHIP: &str = "System";

/// Always part of a VM.
pub struct SystemExtension;

impl VmExtension for SystemExtension {
    fn name(&self) -> &'static str {
        "system"
    }

    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<SystemOpcode>(SYSTEM_CHIP, Arc::new(SystemExecutor))
    }

    /// Program, connector, system instructions, image, boundary, then the
    /// range and bitwise tables (see [`crate::system_chips`]).
    fn chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        crate::system_chips::system_chips(program)
    }

    /// Program, segment connector, system instructions, block boundary,
    /// Merkle, then the Poseidon2, range and bitwise tables.
    fn segment_chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        crate::system_chips::segment_system_chips(program)
    }
}

struct SystemExecutor;

fn terminate<C: Cpu>(m: &mut C, op: &Op, _pc: u32) -> u32 {
    m.machine().exit(op.c)
}

fn nop<C: Cpu>(_m: &mut C, _op: &Op, pc: u32) -> u32 {
    pc.wrapping_add(4)
}

fn trap<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let what = TrapKind::from_u32(op.a).map_or("an invalid trap", TrapKind::describe);
    m.fail(ExecError::Trap {
        pc,
        word: op.b | (op.c << 16),
        what,
    })
}

impl InstructionExecutor for SystemExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = SystemOpcode::from_global(inst.opcode).expect("registered for system opcodes");
        Ok(match opcode {
            SystemOpcode::Terminate => Decoded::new(handlers!(terminate), 0, 0, to_u32(inst.c)),
            SystemOpcode::Nop => Decoded::new(handlers!(nop), 0, 0, 0),
            SystemOpcode::Trap => {
                let [a, b, c, ..] = inst.operands();
                if TrapKind::from_u32(a).is_none() || b > 0xffff || c > 0xffff {
                    return Err(PreDecodeError::BadOperands {
                        pc,
                        mnemonic: opcode.mnemonic(),
                        reason: format!("trap kind {a}, word halves {b:#x}/{c:#x}"),
                    });
                }
                Decoded::new(handlers!(trap), a, b, c)
            }
        })
    }
}
