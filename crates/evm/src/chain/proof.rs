//! [`ChainProof`]: a Groth16 proof of the chain circuit and the exit code it was made for,
//! in the byte layout `TrellisVerifier.verify` reads.

use alloy::primitives::U256;
use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ff::PrimeField;
use ark_groth16::Proof;

use crate::error::{EvmError, Result};
use crate::groth16::encode_proof;

/// Bytes of a chain proof: eight 32-byte words of the Groth16 proof, then the exit code
/// (big-endian u32).
pub const CHAIN_PROOF_LEN: usize = 8 * 32 + 4;

/// What a contract checks for a finished run (with the program id and public output it is
/// given next to it).
#[derive(Clone, Debug, PartialEq)]
pub struct ChainProof {
    /// The Groth16 proof of the chain circuit.
    pub groth16: Proof<Bn254>,
    /// The run's exit code (part of the commitment the proof is for).
    pub exit_code: u32,
}

impl ChainProof {
    /// The contract's layout: `(A.x, A.y, B.x_im, B.x_re, B.y_im, B.y_re, C.x, C.y)` as
    /// big-endian words, then the exit code.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(CHAIN_PROOF_LEN);
        for word in encode_proof(&self.groth16) {
            out.extend_from_slice(&word.to_be_bytes::<32>());
        }
        out.extend_from_slice(&self.exit_code.to_be_bytes());
        out
    }

    /// Reads [`Self::to_bytes`]; an error for another length, a coordinate outside the
    /// base field, or a point off the curve or outside its prime-order subgroup.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != CHAIN_PROOF_LEN {
            return Err(EvmError::InvalidInput(format!(
                "a chain proof has {CHAIN_PROOF_LEN} bytes, this one {}",
                bytes.len()
            )));
        }
        let word = |i: usize| -> Result<Fq> {
            let w = U256::from_be_slice(&bytes[32 * i..32 * i + 32]);
            let f = Fq::from_be_bytes_mod_order(&bytes[32 * i..32 * i + 32]);
            if crate::groth16::fq_to_u256(&f) != w {
                return Err(EvmError::InvalidInput(format!(
                    "chain proof word {i} is not below the base field modulus"
                )));
            }
            Ok(f)
        };
        let g1 = |x: Fq, y: Fq, what: &str| -> Result<G1Affine> {
            let p = G1Affine::new_unchecked(x, y);
            if !p.is_on_curve() || !p.is_in_correct_subgroup_assuming_on_curve() {
                return Err(EvmError::InvalidInput(format!(
                    "chain proof point {what} is not on BN254"
                )));
            }
            Ok(p)
        };
        let a = g1(word(0)?, word(1)?, "A")?;
        let b = G2Affine::new_unchecked(Fq2::new(word(3)?, word(2)?), Fq2::new(word(5)?, word(4)?));
        if !b.is_on_curve() || !b.is_in_correct_subgroup_assuming_on_curve() {
            return Err(EvmError::InvalidInput(
                "chain proof point B is not on BN254's twist".into(),
            ));
        }
        let c = g1(word(6)?, word(7)?, "C")?;
        let exit_code = u32::from_be_bytes(bytes[256..260].try_into().expect("4 bytes"));
        Ok(Self {
            groth16: Proof { a, b, c },
            exit_code,
        })
    }
}
