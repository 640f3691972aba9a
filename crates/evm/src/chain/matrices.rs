//! A compact encoding of the chain circuit's constraint matrices, kept beside its Groth16
//! keys so that proving needs only a witness synthesis.
//!
//! Making the matrices takes a synthesis that records every linear combination and then
//! inlines them: several times the memory of the matrices themselves, and the peak of the
//! whole Groth16 prover. The setup has the matrices anyway; stored with the keys, a
//! prover synthesizes the witness alone (which keeps no constraints) and reads the rest.
//!
//! # Format
//!
//! Little-endian: the numbers of instance variables (the constant `1` included), witness
//! variables and constraints (`u64` each); the distinct coefficients (`u32` count, then 32
//! bytes each, canonical); then the rows of A, B and C, each as its entry count and its
//! entries `(coefficient number, variable)`, all unsigned LEB128. A decoder checks every
//! count, number and coefficient, so a damaged encoding is an error, never a panic.

use std::collections::HashMap;

use ark_ff::{BigInteger, PrimeField};
use ark_relations::r1cs::ConstraintMatrices;
use trellis_snark::Fr;

use crate::error::{EvmError, Result};

/// One matrix: a row of `(coefficient, variable)` entries per constraint.
type Rows = Vec<Vec<(Fr, usize)>>;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Encodes `m` ([module docs](self)).
pub fn encode_matrices(m: &ConstraintMatrices<Fr>) -> Vec<u8> {
    let mut numbers: HashMap<Fr, u32> = HashMap::new();
    let mut coefficients: Vec<Fr> = Vec::new();
    let mut body = Vec::new();
    for rows in [&m.a, &m.b, &m.c] {
        for row in rows {
            put_varint(&mut body, row.len() as u64);
            for &(coeff, var) in row {
                let n = *numbers.entry(coeff).or_insert_with(|| {
                    coefficients.push(coeff);
                    (coefficients.len() - 1) as u32
                });
                put_varint(&mut body, u64::from(n));
                put_varint(&mut body, var as u64);
            }
        }
    }
    let mut out = Vec::with_capacity(28 + 32 * coefficients.len() + body.len());
    for n in [
        m.num_instance_variables,
        m.num_witness_variables,
        m.num_constraints,
    ] {
        out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    out.extend_from_slice(&(coefficients.len() as u32).to_le_bytes());
    for c in &coefficients {
        out.extend_from_slice(&c.into_bigint().to_bytes_le());
    }
    out.extend_from_slice(&body);
    out
}

/// Reads what [`encode_matrices`] wrote.
struct Reader<'a> {
    bytes: &'a [u8],
}

fn damaged(what: &str) -> EvmError {
    EvmError::InvalidInput(format!("the constraint matrices are damaged: {what}"))
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.bytes.len() < n {
            return Err(damaged("they end early"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(damaged("a number is too long"))
    }

    /// A number below `limit` (so no allocation or index follows a damaged one).
    fn below(&mut self, limit: u64, what: &str) -> Result<usize> {
        let v = self.varint()?;
        if v >= limit {
            return Err(damaged(what));
        }
        Ok(v as usize)
    }
}

/// Decodes an encoding made by [`encode_matrices`].
pub fn decode_matrices(bytes: &[u8]) -> Result<ConstraintMatrices<Fr>> {
    let mut r = Reader { bytes };
    let instance = r.u64()?;
    let witness = r.u64()?;
    let constraints = r.u64()?;
    let variables = instance
        .checked_add(witness)
        .filter(|&v| v <= u64::from(u32::MAX))
        .ok_or_else(|| damaged("too many variables"))?;
    // Every row costs at least one byte.
    if instance == 0 || constraints.saturating_mul(3) > r.bytes.len() as u64 {
        return Err(damaged("impossible sizes"));
    }
    let count = u32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes")) as usize;
    if count.saturating_mul(32) > r.bytes.len() {
        return Err(damaged("too many coefficients"));
    }
    let mut coefficients = Vec::with_capacity(count);
    for _ in 0..count {
        let raw = r.take(32)?;
        let c = Fr::from_le_bytes_mod_order(raw);
        if c.into_bigint().to_bytes_le() != raw {
            return Err(damaged("a coefficient is not a canonical field element"));
        }
        coefficients.push(c);
    }
    let matrix = |r: &mut Reader<'_>| -> Result<(Rows, usize)> {
        let mut rows = Vec::with_capacity(constraints as usize);
        let mut entries = 0;
        for _ in 0..constraints {
            // Every entry costs at least two bytes.
            let len = r.below(r.bytes.len() as u64 / 2 + 1, "a row is too long")?;
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let n = r.below(count as u64, "a coefficient number is out of range")?;
                let var = r.below(variables, "a variable is out of range")?;
                row.push((coefficients[n], var));
            }
            entries += len;
            rows.push(row);
        }
        Ok((rows, entries))
    };
    let (a, a_num_non_zero) = matrix(&mut r)?;
    let (b, b_num_non_zero) = matrix(&mut r)?;
    let (c, c_num_non_zero) = matrix(&mut r)?;
    if !r.bytes.is_empty() {
        return Err(damaged("bytes follow the matrices"));
    }
    Ok(ConstraintMatrices {
        num_instance_variables: instance as usize,
        num_witness_variables: witness as usize,
        num_constraints: constraints as usize,
        a_num_non_zero,
        b_num_non_zero,
        c_num_non_zero,
        a,
        b,
        c,
    })
}

#[cfg(test)]
mod tests {
    use ark_relations::lc;
    use ark_relations::r1cs::{ConstraintSystem, Variable};

    use super::*;

    fn sample() -> ConstraintMatrices<Fr> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let z = cs.new_input_variable(|| Ok(Fr::from(6u64))).unwrap();
        let x = cs.new_witness_variable(|| Ok(Fr::from(2u64))).unwrap();
        let y = cs.new_witness_variable(|| Ok(Fr::from(3u64))).unwrap();
        cs.enforce_constraint(lc!() + x, lc!() + y, lc!() + z)
            .unwrap();
        cs.enforce_constraint(
            lc!() + (Fr::from(300u64), x) + (-Fr::from(1u64), y),
            lc!() + Variable::One,
            lc!() + (Fr::from(597u64), Variable::One),
        )
        .unwrap();
        cs.enforce_constraint(lc!(), lc!(), lc!()).unwrap();
        cs.finalize();
        cs.to_matrices().unwrap()
    }

    #[test]
    fn matrices_round_trip() {
        let m = sample();
        let back = decode_matrices(&encode_matrices(&m)).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.a_num_non_zero, m.a_num_non_zero);
    }

    #[test]
    fn damaged_encodings_are_errors() {
        let bytes = encode_matrices(&sample());
        for cut in 0..bytes.len() {
            assert!(decode_matrices(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_matrices(&longer).is_err());
        // Every single-byte change either fails to decode or decodes to other matrices
        // (the key file's digest is what catches those).
        let m = sample();
        for i in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[i] ^= 0x5a;
            if let Ok(other) = decode_matrices(&changed) {
                assert_ne!(other, m, "byte {i}");
            }
        }
        // A variable past the last one.
        let mut m = sample();
        m.a[0][0].1 = m.num_instance_variables + m.num_witness_variables;
        assert!(decode_matrices(&encode_matrices(&m)).is_err());
    }
}
