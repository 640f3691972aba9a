//! One Trellis instruction: an opcode and seven field operands.

use crate::field::{F, MODULUS, PrimeCharacteristicRing, PrimeField32};
use crate::opcode::Opcode;
use serde::{Deserialize, Serialize};

/// One instruction: a global opcode and operands `a..g`, each a BabyBear
/// element. What each operand means is fixed by the opcode's class
/// (`docs/isa.md`). Operands serialize as canonical integers below p.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Instruction {
    /// Which operation.
    pub opcode: Opcode,
    /// Operand `a` (usually the destination).
    #[serde(with = "canonical")]
    pub a: F,
    /// Operand `b` (usually the first source).
    #[serde(with = "canonical")]
    pub b: F,
    /// Operand `c` (usually the second source or an immediate).
    #[serde(with = "canonical")]
    pub c: F,
    /// Operand `d` (usually the address space of `a`/`b`).
    #[serde(with = "canonical")]
    pub d: F,
    /// Operand `e` (usually the address space of `c`).
    #[serde(with = "canonical")]
    pub e: F,
    /// Operand `f` (usually an enable flag).
    #[serde(with = "canonical")]
    pub f: F,
    /// Operand `g` (usually a sign bit).
    #[serde(with = "canonical")]
    pub g: F,
}

impl Instruction {
    /// An instruction from canonical integer operands (each reduced mod p).
    pub fn from_u32s(opcode: Opcode, operands: [u32; 7]) -> Self {
        let [a, b, c, d, e, f, g] = operands.map(F::from_u32);
        Self {
            opcode,
            a,
            b,
            c,
            d,
            e,
            f,
            g,
        }
    }

    /// An instruction with every operand zero.
    pub fn nullary(opcode: Opcode) -> Self {
        Self::from_u32s(opcode, [0; 7])
    }

    /// The operands as canonical integers, `a` first.
    pub fn operands(&self) -> [u32; 7] {
        [self.a, self.b, self.c, self.d, self.e, self.f, self.g].map(|x| x.as_canonical_u32())
    }
}

/// Serde helper: a field element as its canonical `u32`, rejecting values >= p.
mod canonical {
    use super::*;
    use serde::{Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(value: &F, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(value.as_canonical_u32())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<F, D::Error> {
        let raw = u32::deserialize(deserializer)?;
        if raw >= MODULUS {
            return Err(D::Error::custom(format!(
                "operand {raw} is not a field element (must be below {MODULUS})"
            )));
        }
        Ok(F::from_u32(raw))
    }
}
