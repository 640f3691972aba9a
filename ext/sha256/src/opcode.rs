//! The opcode class of the extension and its operand conventions.
//!
//! `sha256compress rs1, rs2` (custom-0 major opcode `0x0B`, funct3 `0b001`,
//! R-type with `rd = x0`, `funct7 = 0`) becomes the Trellis instruction
//! `{ opcode: 0x300, a: 4·rs1, b: 4·rs2, c: 0, d: 1, e: 2, f: 0, g: 0 }`
//! (`d`/`e`: the address spaces of the registers and of the memory).

use trellis_isa::opcode_class;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};

opcode_class! {
    /// The SHA-256 compression function (the whole class is one opcode).
    pub enum Sha256Opcode at 0x300 => { Compress = "sha256compress" }
}

/// RISC-V major opcode of the custom-0 space.
pub const CUSTOM_0: u32 = 0x0b;
/// funct3 of `sha256compress` inside custom-0 (funct3 0 belongs to keccak).
pub const FUNCT3_SHA256: u32 = 0b001;

/// Operand `d`: the address space of the two pointer registers.
pub const OPERAND_D: u32 = AS_REGISTER;
/// Operand `e`: the address space of the state and the block.
pub const OPERAND_E: u32 = AS_MEMORY;

/// The instruction word of `sha256compress x<rs1>, x<rs2>`.
pub const fn encode(rs1: u32, rs2: u32) -> u32 {
    (rs2 & 31) << 20 | (rs1 & 31) << 15 | FUNCT3_SHA256 << 12 | CUSTOM_0
}
