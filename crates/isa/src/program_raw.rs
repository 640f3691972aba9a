//! A program as its file spells it: operands as plain integers, before
//! they are checked to be field elements. Decoding goes through this form
//! so that an operand `>= p` is reported by instruction, pc and operand
//! instead of as a decoder failure without a message.

use crate::field::{F, MODULUS, PrimeCharacteristicRing};
use crate::instruction::Instruction;
use crate::opcode::Opcode;
use crate::program::{MemorySegment, Program};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Operand names, in file order.
const OPERAND_NAMES: [&str; 7] = ["a", "b", "c", "d", "e", "f", "g"];

/// An operand that is not a canonical BabyBear element.
#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "instruction {index} (pc {pc:#010x}): operand {operand} = {value} is out of range \
     (a field element must be below {MODULUS})"
)]
pub struct OperandOutOfRange {
    /// Index of the instruction in the code.
    pub index: usize,
    /// Its pc.
    pub pc: u32,
    /// The operand's name (`a`..`g`).
    pub operand: &'static str,
    /// The value in the file.
    pub value: u32,
}

/// [`Instruction`] with raw operands; same field order, so the same
/// encoding in postcard and JSON.
#[derive(Serialize, Deserialize)]
pub(crate) struct RawInstruction {
    opcode: Opcode,
    a: u32,
    b: u32,
    c: u32,
    d: u32,
    e: u32,
    f: u32,
    g: u32,
}

/// [`Program`] with [`RawInstruction`]s; same encoding.
#[derive(Serialize, Deserialize)]
pub(crate) struct RawProgram {
    pc_base: u32,
    entry_pc: u32,
    instructions: Vec<RawInstruction>,
    memory_image: Vec<MemorySegment>,
}

impl RawProgram {
    /// The program, if every operand is below p.
    pub(crate) fn into_program(self) -> Result<Program, OperandOutOfRange> {
        let pc_base = self.pc_base;
        let instructions = self
            .instructions
            .into_iter()
            .enumerate()
            .map(|(index, raw)| {
                let values = [raw.a, raw.b, raw.c, raw.d, raw.e, raw.f, raw.g];
                if let Some(k) = values.iter().position(|&v| v >= MODULUS) {
                    return Err(OperandOutOfRange {
                        index,
                        pc: pc_base.wrapping_add(4u32.wrapping_mul(index as u32)),
                        operand: OPERAND_NAMES[k],
                        value: values[k],
                    });
                }
                let [a, b, c, d, e, f, g] = values.map(F::from_u32);
                Ok(Instruction {
                    opcode: raw.opcode,
                    a,
                    b,
                    c,
                    d,
                    e,
                    f,
                    g,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Program {
            pc_base,
            entry_pc: self.entry_pc,
            instructions,
            memory_image: self.memory_image,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode::OpcodeClass;
    use crate::rv32im::BaseAluOpcode;

    fn sample() -> Program {
        Program {
            pc_base: 0x1000,
            entry_pc: 0x1000,
            instructions: vec![Instruction::from_u32s(
                BaseAluOpcode::Add.global(),
                [4, 8, 0xfff, 1, 0, 0, MODULUS - 1],
            )],
            memory_image: vec![MemorySegment {
                start: 0x2000,
                bytes: vec![9, 8],
            }],
        }
    }

    #[test]
    fn same_encoding_as_program() {
        let bytes = postcard::to_allocvec(&sample()).unwrap();
        let raw: RawProgram = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(postcard::to_allocvec(&raw).unwrap(), bytes);
        assert_eq!(raw.into_program().unwrap(), sample());
        let json = serde_json::to_string(&sample()).unwrap();
        let raw: RawProgram = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&raw).unwrap(), json);
    }

    #[test]
    fn names_the_out_of_range_operand() {
        let mut raw: RawProgram =
            postcard::from_bytes(&postcard::to_allocvec(&sample()).unwrap()).unwrap();
        raw.instructions[0].e = MODULUS;
        let err = raw.into_program().unwrap_err();
        assert_eq!(
            err.to_string(),
            "instruction 0 (pc 0x00001000): operand e = 2013265921 is out of range \
             (a field element must be below 2013265921)"
        );
    }
}
