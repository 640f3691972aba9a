//! The transpiler decoder: claims `sha256compress` words (custom-0,
//! funct3 1, `rd = x0`, `funct7 = 0`) and nothing else. A custom-0 word
//! with funct3 1 but another `rd` or `funct7` is left unclaimed, so the
//! transpiler reports it as unsupported with its pc.

use crate::opcode::{CUSTOM_0, FUNCT3_SHA256, OPERAND_D, OPERAND_E, Sha256Opcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_transpiler::TranspilerExtension;

/// The extension's [`TranspilerExtension`] (named `"sha256"`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256Decoder;

/// Decodes one word: `Some` for a well-formed `sha256compress`.
pub fn decode(word: u32) -> Option<Instruction> {
    let opcode = word & 0x7f;
    let rd = (word >> 7) & 31;
    let funct3 = (word >> 12) & 7;
    let rs1 = (word >> 15) & 31;
    let rs2 = (word >> 20) & 31;
    let funct7 = word >> 25;
    if opcode != CUSTOM_0 || funct3 != FUNCT3_SHA256 || rd != 0 || funct7 != 0 {
        return None;
    }
    Some(Instruction::from_u32s(
        Sha256Opcode::Compress.global(),
        [4 * rs1, 4 * rs2, 0, OPERAND_D, OPERAND_E, 0, 0],
    ))
}

impl TranspilerExtension for Sha256Decoder {
    fn name(&self) -> &'static str {
        "sha256"
    }

    fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
        decode(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::encode;
    use trellis_transpiler::{TranspileError, Transpiler};

    #[test]
    fn decodes_every_register_pair() {
        for rs1 in 0..32 {
            for rs2 in 0..32 {
                let i = decode(encode(rs1, rs2)).unwrap();
                assert_eq!(i.opcode, Sha256Opcode::Compress.global());
                assert_eq!(i.operands(), [4 * rs1, 4 * rs2, 0, 1, 2, 0, 0]);
            }
        }
        // `.insn r 0x0B, 1, 0, x0, a0, a1` as the assembler writes it.
        assert_eq!(encode(10, 11), 0x00b5_100b);
    }

    #[test]
    fn leaves_other_words_alone() {
        let word = encode(10, 11);
        assert!(decode(word | 5 << 7).is_none(), "rd != x0");
        assert!(decode(word | 1 << 25).is_none(), "funct7 != 0");
        assert!(decode(word & !(7 << 12)).is_none(), "funct3 0 is keccak's");
        assert!(decode((word & !(7 << 12)) | 2 << 12).is_none(), "funct3 2");
        assert!(decode((word & !0x7f) | 0x2b).is_none(), "custom-1");
        assert!(decode(0x0000_0013).is_none(), "nop");
        assert!(
            trellis_rv32im::decoder::decode(word).is_none(),
            "the base decoder leaves it"
        );
    }

    #[test]
    fn works_beside_the_base_decoder() {
        let t = Transpiler::new()
            .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
            .with_extension(Sha256Decoder);
        assert_eq!(t.extension_names(), ["rv32im", "sha256"]);
        let i = t.decode_word(encode(5, 6), 0x1000).unwrap();
        assert_eq!(i.operands(), [20, 24, 0, 1, 2, 0, 0]);
        let e = t.decode_word(encode(5, 6) | 1 << 7, 0x1000).unwrap_err();
        assert!(
            matches!(e, TranspileError::UnsupportedInstruction { pc: 0x1000, .. }),
            "{e}"
        );
        // Without the extension the word is unsupported, naming its pc.
        let base = Transpiler::new().with_extension(trellis_rv32im::decoder::Rv32imDecoder);
        assert!(matches!(
            base.decode_word(encode(5, 6), 0x2000),
            Err(TranspileError::UnsupportedInstruction { pc: 0x2000, .. })
        ));
    }
}
