//! The transpiler decoder: claims custom-1 words whose `funct3` is an
//! operation (0 add, 1 sub, 2 mul) and whose `funct7` is a modulus index
//! (0..5); every other custom-1 word is left unclaimed (the transpiler
//! then reports it as unsupported, with its pc).

use crate::Modulus;
use crate::opcode::{BigIntOpcode, CUSTOM_1, OPERAND_D, OPERAND_E};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_transpiler::TranspilerExtension;

/// The extension's [`TranspilerExtension`] (named `"bigint"`).
#[derive(Clone, Copy, Debug, Default)]
pub struct BigIntDecoder;

/// Decodes one word: `Some` for a well-formed `addmod`/`submod`/`mulmod`.
pub fn decode(word: u32) -> Option<Instruction> {
    if word & 0x7f != CUSTOM_1 {
        return None;
    }
    let rd = (word >> 7) & 31;
    let op = BigIntOpcode::from_funct3((word >> 12) & 7)?;
    let rs1 = (word >> 15) & 31;
    let rs2 = (word >> 20) & 31;
    let modulus = Modulus::from_index(word >> 25)?;
    Some(Instruction::from_u32s(
        op.global(),
        [
            4 * rd,
            4 * rs1,
            4 * rs2,
            OPERAND_D,
            OPERAND_E,
            modulus.index() as u32,
            0,
        ],
    ))
}

impl TranspilerExtension for BigIntDecoder {
    fn name(&self) -> &'static str {
        "bigint"
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

    const OPS: [BigIntOpcode; 3] = [
        BigIntOpcode::AddMod,
        BigIntOpcode::SubMod,
        BigIntOpcode::MulMod,
    ];

    #[test]
    fn decodes_every_operation_modulus_and_register() {
        for op in OPS {
            for m in Modulus::ALL {
                for (rd, rs1, rs2) in [(0, 0, 0), (10, 11, 12), (31, 1, 31), (5, 5, 5)] {
                    let i = decode(encode(op, m, rd, rs1, rs2)).unwrap();
                    assert_eq!(i.opcode, op.global());
                    assert_eq!(
                        i.operands(),
                        [4 * rd, 4 * rs1, 4 * rs2, 1, 2, m.index() as u32, 0]
                    );
                }
            }
        }
        // `.insn r 0x2B, 2, 0, a0, a1, a2` as the assembler writes it.
        assert_eq!(
            encode(BigIntOpcode::MulMod, Modulus::Secp256k1P, 10, 11, 12),
            0x00c5_a52b
        );
    }

    #[test]
    fn leaves_other_words_alone() {
        let word = encode(BigIntOpcode::MulMod, Modulus::Secp256k1P, 10, 11, 12);
        assert!(decode(word | 5 << 25).is_none(), "funct7 5 is no modulus");
        assert!(decode(word | 0x40 << 25).is_none(), "funct7 64");
        assert!(decode((word & !(7 << 12)) | 3 << 12).is_none(), "funct3 3");
        assert!(decode((word & !(7 << 12)) | 7 << 12).is_none(), "funct3 7");
        assert!(decode((word & !0x7f) | 0x0b).is_none(), "custom-0");
        assert!(decode(0x0000_0013).is_none(), "nop");
        assert!(trellis_rv32im::decoder::decode(word).is_none());
    }

    #[test]
    fn works_beside_the_base_decoder() {
        let t = Transpiler::new()
            .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
            .with_extension(BigIntDecoder);
        assert_eq!(t.extension_names(), ["rv32im", "bigint"]);
        let word = encode(BigIntOpcode::AddMod, Modulus::Curve25519P, 5, 6, 7);
        let i = t.decode_word(word, 0x1000).unwrap();
        assert_eq!(i.operands(), [20, 24, 28, 1, 2, 2, 0]);
        let base = Transpiler::new().with_extension(trellis_rv32im::decoder::Rv32imDecoder);
        assert!(matches!(
            base.decode_word(word, 0x2000),
            Err(TranspileError::UnsupportedInstruction { pc: 0x2000, .. })
        ));
    }
}
