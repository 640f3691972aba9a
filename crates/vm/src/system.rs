//! The system extension: opcodes every VM has (terminate, nop, trap).

use crate::cpu::Cpu;
use crate::error::{ExecError, PreDecodeError};
use crate::executor::{Decoded, ExecutorEntry, InstructionExecutor, Op, class_entries};
use crate::extension::VmExtension;
use crate::handlers;
use crate::system_chips::system::EXIT_CODE_TOP_BITS;
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

/// Operand names, `a` first.
const OPERAND_NAMES: [&str; 7] = ["a", "b", "c", "d", "e", "f", "g"];

/// Rejects a nonzero operand outside `used` (indices into `a..g`): the
/// System chip looks up `(pc, opcode, 0, 0, c, 0, 0, 0, 0)`.
fn expect_zero_except(
    inst: &Instruction,
    pc: u32,
    mnemonic: &'static str,
    used: &[usize],
) -> Result<(), PreDecodeError> {
    let operands = inst.operands();
    match (0..7).find(|i| !used.contains(i) && operands[*i] != 0) {
        Some(i) => Err(PreDecodeError::BadOperands {
            pc,
            mnemonic,
            reason: format!("{} = {}, expected 0", OPERAND_NAMES[i], operands[i]),
        }),
        None => Ok(()),
    }
}

impl InstructionExecutor for SystemExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = SystemOpcode::from_global(inst.opcode).expect("registered for system opcodes");
        let mnemonic = opcode.mnemonic();
        Ok(match opcode {
            SystemOpcode::Terminate => {
                expect_zero_except(inst, pc, mnemonic, &[2])?;
                let code = to_u32(inst.c);
                if code >= 1 << (24 + EXIT_CODE_TOP_BITS) {
                    return Err(PreDecodeError::BadOperands {
                        pc,
                        mnemonic,
                        reason: format!(
                            "exit code c = {code} is not below 2^{} (the largest exit code \
                             terminate can prove)",
                            24 + EXIT_CODE_TOP_BITS
                        ),
                    });
                }
                Decoded::new(handlers!(terminate), 0, 0, code)
            }
            SystemOpcode::Nop => {
                expect_zero_except(inst, pc, mnemonic, &[])?;
                Decoded::new(handlers!(nop), 0, 0, 0)
            }
            SystemOpcode::Trap => {
                expect_zero_except(inst, pc, mnemonic, &[0, 1, 2])?;
                let [a, b, c, ..] = inst.operands();
                if TrapKind::from_u32(a).is_none() || b > 0xffff || c > 0xffff {
                    return Err(PreDecodeError::BadOperands {
                        pc,
                        mnemonic,
                        reason: format!("trap kind {a}, word halves {b:#x}/{c:#x}"),
                    });
                }
                Decoded::new(handlers!(trap), a, b, c)
            }
        })
    }
}
