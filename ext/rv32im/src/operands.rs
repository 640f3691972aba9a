//! Reading Trellis operands (docs/isa.md) back into the host integers that
//! handlers use. Every check here turns a malformed program file into a
//! clear pre-decode error instead of wrong execution.

use trellis_isa::field::{to_signed, to_u32};
use trellis_isa::rv32im::{OPERAND_IMMEDIATE, OPERAND_REGISTER, u24_to_u32};
use trellis_isa::{F, Instruction};
use trellis_vm::PreDecodeError;
use trellis_vm::machine::SINK_REGISTER;

/// Reads operands of one instruction, naming it in errors.
pub(crate) struct Operands<'a> {
    pub inst: &'a Instruction,
    pub pc: u32,
    pub mnemonic: &'static str,
}

/// The second source of an ALU instruction.
pub(crate) enum Source {
    /// A register index.
    Register(u32),
    /// An immediate value (already sign-extended to 32 bits).
    Immediate(u32),
}

impl<'a> Operands<'a> {
    pub fn new(inst: &'a Instruction, pc: u32, mnemonic: &'static str) -> Self {
        Self { inst, pc, mnemonic }
    }

    pub fn error(&self, reason: impl Into<String>) -> PreDecodeError {
        PreDecodeError::BadOperands {
            pc: self.pc,
            mnemonic: self.mnemonic,
            reason: reason.into(),
        }
    }

    /// A register operand (`4 * index`) as a register index.
    pub fn register(&self, value: F, name: &str) -> Result<u32, PreDecodeError> {
        let raw = to_u32(value);
        if !raw.is_multiple_of(4) || raw >= 128 {
            return Err(self.error(format!(
                "{name} = {raw} is not a register address (4 * 0..32)"
            )));
        }
        Ok(raw / 4)
    }

    /// A destination register; `x0` becomes the sink so writes vanish.
    pub fn destination(&self, value: F) -> Result<u32, PreDecodeError> {
        let index = self.register(value, "rd")?;
        Ok(if index == 0 { SINK_REGISTER } else { index })
    }

    /// The destination of an instruction whose only effect is writing rd
    /// (ALU, shifts, comparisons, multiply, divide). `x0` is rejected: the
    /// transpiler turns such instructions into `nop`, and the chips prove
    /// every row as a real register write.
    pub fn written_destination(&self, value: F) -> Result<u32, PreDecodeError> {
        match self.register(value, "rd")? {
            0 => {
                Err(self
                    .error("writes x0 (the transpiler emits nop for this; the VM cannot prove it)"))
            }
            index => Ok(index),
        }
    }

    /// A destination that also has an enable flag `f` (loads, jal, jalr, lui).
    pub fn enabled_destination(&self) -> Result<u32, PreDecodeError> {
        let index = self.register(self.inst.a, "rd")?;
        match (to_u32(self.inst.f), index) {
            (0, 0) => Ok(SINK_REGISTER),
            (1, i) if i != 0 => Ok(i),
            (f, i) => Err(self.error(format!("write flag f = {f} does not match rd = x{i}"))),
        }
    }

    /// Checks an operand that must hold a fixed value.
    pub fn expect(&self, value: F, expected: u32, name: &str) -> Result<(), PreDecodeError> {
        let raw = to_u32(value);
        if raw != expected {
            return Err(self.error(format!("{name} = {raw}, expected {expected}")));
        }
        Ok(())
    }

    /// Checks operands that must be 0 (the chip puts 0 in their place on
    /// the program bus), e.g. `[(inst.f, "f"), (inst.g, "g")]`.
    pub fn expect_zero<const N: usize>(
        &self,
        operands: [(F, &str); N],
    ) -> Result<(), PreDecodeError> {
        operands
            .into_iter()
            .try_for_each(|(value, name)| self.expect(value, 0, name))
    }

    /// `c` with `e` selecting register (1) or 24-bit immediate (0).
    pub fn alu_source(&self) -> Result<Source, PreDecodeError> {
        match to_u32(self.inst.e) {
            OPERAND_REGISTER => Ok(Source::Register(self.register(self.inst.c, "rs2")?)),
            OPERAND_IMMEDIATE => {
                let raw = to_u32(self.inst.c);
                if raw >= 1 << 24 {
                    return Err(self.error(format!("immediate {raw:#x} does not fit 24 bits")));
                }
                Ok(Source::Immediate(u24_to_u32(raw)))
            }
            e => Err(self.error(format!("operand kind e = {e} (expected 0 or 1)"))),
        }
    }

    /// A 16-bit immediate in `c` with its sign bit in `g`, sign-extended to 32 bits.
    pub fn imm16(&self) -> Result<u32, PreDecodeError> {
        let (c, g) = (to_u32(self.inst.c), to_u32(self.inst.g));
        if c >= 1 << 16 || g > 1 {
            return Err(self.error(format!("immediate c = {c:#x}, sign g = {g}")));
        }
        Ok(if g == 1 { c | 0xffff_0000 } else { c })
    }

    /// A signed offset embedded in the field.
    pub fn signed(&self, value: F) -> u32 {
        to_signed(value) as u32
    }

    /// An unsigned immediate below `2^bits`.
    pub fn unsigned(&self, value: F, bits: u32, name: &str) -> Result<u32, PreDecodeError> {
        let raw = to_u32(value);
        if raw >= 1 << bits {
            return Err(self.error(format!("{name} = {raw:#x} does not fit {bits} bits")));
        }
        Ok(raw)
    }
}
