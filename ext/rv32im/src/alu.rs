//! Shared pre-decoding and handler generation for register/immediate
//! arithmetic (ALU, shifts, comparisons, multiply, divide).

use crate::operands::{Operands, Source};
use trellis_isa::Instruction;
use trellis_isa::rv32im::AS_REGISTER;
use trellis_vm::{Decoded, Handlers, PreDecodeError};

/// Defines `$rr` (second source a register) and `$ri` (an immediate) handlers
/// that write `$body`, computed from `$x` (rs1) and `$y`, to rd.
macro_rules! alu_handlers {
    ($rr:ident, $ri:ident, |$x:ident, $y:ident| $body:expr) => {
        alu_handlers!($rr, |$x, $y| $body);
        fn $ri<C: trellis_vm::Cpu>(m: &mut C, op: &trellis_vm::Op, pc: u32) -> u32 {
            let $x = m.reg(op.b);
            let $y = op.c;
            m.set_reg(op.a, $body);
            pc.wrapping_add(4)
        }
    };
    ($rr:ident, |$x:ident, $y:ident| $body:expr) => {
        fn $rr<C: trellis_vm::Cpu>(m: &mut C, op: &trellis_vm::Op, pc: u32) -> u32 {
            let $x = m.reg(op.b);
            let $y = m.reg(op.c);
            m.set_reg(op.a, $body);
            pc.wrapping_add(4)
        }
    };
}
pub(crate) use alu_handlers;

/// Pre-decodes `rd = rs1 op (rs2 | imm)`; `immediate` is `None` for
/// register-only opcodes. `max_imm` bounds the immediate (exclusive, as u32).
/// Every operand is checked against the adapter's program-bus tuple
/// `(rd, rs1, rs2 | imm24, 1, e, 0, 0)` (`adapters/alu.rs`).
pub(crate) fn pre_decode(
    inst: &Instruction,
    pc: u32,
    mnemonic: &'static str,
    register: Handlers,
    immediate: Option<(Handlers, Option<u32>)>,
) -> Result<Decoded, PreDecodeError> {
    let ops = Operands::new(inst, pc, mnemonic);
    ops.expect(inst.d, AS_REGISTER, "d")?;
    ops.expect_zero([(inst.f, "f"), (inst.g, "g")])?;
    let rd = ops.written_destination(inst.a)?;
    let rs1 = ops.register(inst.b, "rs1")?;
    match (ops.alu_source()?, immediate) {
        (Source::Register(rs2), _) => Ok(Decoded::new(register, rd, rs1, rs2)),
        (Source::Immediate(imm), Some((handler, max))) => {
            if let Some(max) = max
                && imm >= max
            {
                return Err(ops.error(format!("immediate {imm} must be below {max}")));
            }
            Ok(Decoded::new(handler, rd, rs1, imm))
        }
        (Source::Immediate(_), None) => {
            Err(ops.error("this opcode takes no immediate (e must be 1)"))
        }
    }
}
