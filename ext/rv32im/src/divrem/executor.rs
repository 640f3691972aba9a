//! Executes div, divu, rem, remu with the RISC-V results for the edge cases:
//! division by zero gives all ones (quotient) or the dividend (remainder);
//! `i32::MIN / -1` overflows to `i32::MIN` with remainder 0.

use crate::alu::{alu_handlers, pre_decode};
use trellis_isa::rv32im::DivRemOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::{Decoded, Handlers, InstructionExecutor, PreDecodeError, handlers};

/// Signed quotient as RISC-V defines it.
pub fn div(x: u32, y: u32) -> u32 {
    if y == 0 {
        u32::MAX
    } else {
        (x as i32).wrapping_div(y as i32) as u32
    }
}

/// Unsigned quotient as RISC-V defines it.
pub fn divu(x: u32, y: u32) -> u32 {
    x.checked_div(y).unwrap_or(u32::MAX)
}

/// Signed remainder as RISC-V defines it.
pub fn rem(x: u32, y: u32) -> u32 {
    if y == 0 {
        x
    } else {
        (x as i32).wrapping_rem(y as i32) as u32
    }
}

/// Unsigned remainder as RISC-V defines it.
pub fn remu(x: u32, y: u32) -> u32 {
    x.checked_rem(y).unwrap_or(x)
}

alu_handlers!(div_rr, |x, y| div(x, y));
alu_handlers!(divu_rr, |x, y| divu(x, y));
alu_handlers!(rem_rr, |x, y| rem(x, y));
alu_handlers!(remu_rr, |x, y| remu(x, y));

/// Executor of the [`DivRemOpcode`] class.
pub struct DivRemExecutor;

impl InstructionExecutor for DivRemExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = DivRemOpcode::from_global(inst.opcode).expect("registered for DivRem");
        let handler: Handlers = match opcode {
            DivRemOpcode::Div => handlers!(div_rr),
            DivRemOpcode::Divu => handlers!(divu_rr),
            DivRemOpcode::Rem => handlers!(rem_rr),
            DivRemOpcode::Remu => handlers!(remu_rr),
        };
        pre_decode(inst, pc, opcode.mnemonic(), handler, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases_follow_the_spec() {
        assert_eq!(div(7, 0), u32::MAX);
        assert_eq!(divu(7, 0), u32::MAX);
        assert_eq!(rem(7, 0), 7);
        assert_eq!(remu(7, 0), 7);
        let min = i32::MIN as u32;
        assert_eq!(div(min, u32::MAX), min);
        assert_eq!(rem(min, u32::MAX), 0);
        assert_eq!(div(-7i32 as u32, 2), -3i32 as u32);
        assert_eq!(rem(-7i32 as u32, 2), -1i32 as u32);
    }
}
