//! The Keccak decoder: claims `keccakf rs1`, the custom-0 word with
//! `funct3 = 0b000` and `rd = rs2 = funct7 = 0` (assembler:
//! `.insn r 0x0b, 0, 0, x0, rs1, x0`), and turns it into
//! [`KeccakOpcode::KeccakF`] with the operands of docs/isa.md:
//! `a = 0`, `b = 4 * rs1`, `c = 0`, `d = 1` (registers), `e = 2` (memory),
//! `f = g = 0`. Every other word, including custom-0 words with other
//! fields, is left to other extensions.

#[cfg(test)]
mod tests;

use trellis_isa::keccak::{CUSTOM_0, KECCAKF_FUNCT3, KeccakOpcode};
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_transpiler::TranspilerExtension;

/// The Keccak extension's [`TranspilerExtension`] (named `"keccak"`).
#[derive(Clone, Copy, Debug, Default)]
pub struct KeccakDecoder;

impl TranspilerExtension for KeccakDecoder {
    fn name(&self) -> &'static str {
        "keccak"
    }

    fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
        decode(word)
    }
}

/// The instruction word of `keccakf rs1`.
pub const fn encode(rs1: u32) -> u32 {
    (rs1 & 31) << 15 | KECCAKF_FUNCT3 << 12 | CUSTOM_0
}

/// Decodes `keccakf rs1`; `None` for any other word.
pub fn decode(word: u32) -> Option<Instruction> {
    let opcode = word & 0x7f;
    let rd = (word >> 7) & 31;
    let funct3 = (word >> 12) & 7;
    let rs1 = (word >> 15) & 31;
    let rest = word >> 20; // rs2 and funct7
    if opcode != CUSTOM_0 || funct3 != KECCAKF_FUNCT3 || rd != 0 || rest != 0 {
        return None;
    }
    Some(Instruction::from_u32s(
        KeccakOpcode::KeccakF.global(),
        [0, 4 * rs1, 0, AS_REGISTER, AS_MEMORY, 0, 0],
    ))
}
