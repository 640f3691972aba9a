//! The opcode class of the extension and its encoding.
//!
//! `addmod`/`submod`/`mulmod` are R-type words in the RISC-V custom-1
//! space (major opcode `0x2B`): `funct3` selects the operation (0 add, 1
//! sub, 2 mul), `funct7` the modulus ([`crate::Modulus`], 0..5), and
//! `rd`, `rs1`, `rs2` hold the addresses of the result, `a` and `b`. The
//! Trellis instruction is `{ opcode: 0x400 + funct3, a: 4·rd, b: 4·rs1,
//! c: 4·rs2, d: 1, e: 2, f: funct7, g: 0 }`.

use crate::Modulus;
use trellis_isa::opcode_class;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};

opcode_class! {
    /// Modular addition, subtraction and multiplication of 256-bit numbers.
    pub enum BigIntOpcode at 0x400 => {
        /// `r = (a + b) mod m`.
        AddMod = "addmod",
        /// `r = (a - b) mod m`.
        SubMod = "submod",
        /// `r = a · b mod m`.
        MulMod = "mulmod",
    }
}

/// RISC-V major opcode of the custom-1 space.
pub const CUSTOM_1: u32 = 0x2b;

/// Operand `d`: the address space of the three pointer registers.
pub const OPERAND_D: u32 = AS_REGISTER;
/// Operand `e`: the address space of the operands and the result.
pub const OPERAND_E: u32 = AS_MEMORY;

impl BigIntOpcode {
    /// The `funct3` field that selects this operation.
    pub const fn funct3(self) -> u32 {
        self as u32
    }

    /// The operation selected by `funct3`, if any.
    pub fn from_funct3(funct3: u32) -> Option<Self> {
        [Self::AddMod, Self::SubMod, Self::MulMod]
            .get(funct3 as usize)
            .copied()
    }
}

/// The instruction word of `op` modulo `modulus` with pointers in `rd`,
/// `rs1`, `rs2` (as the assembler writes `.insn r 0x2B, funct3, funct7,
/// rd, rs1, rs2`).
pub const fn encode(op: BigIntOpcode, modulus: Modulus, rd: u32, rs1: u32, rs2: u32) -> u32 {
    (modulus as u32) << 25
        | (rs2 & 31) << 20
        | (rs1 & 31) << 15
        | op.funct3() << 12
        | (rd & 31) << 7
        | CUSTOM_1
}
