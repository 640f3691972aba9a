//! Checks the layout of serialized Groth16 keys before arkworks reads them.
//!
//! arkworks' deserializer trusts the length in front of each vector and reserves that
//! many elements first: a damaged (or crafted) length aborts the process for want of
//! memory instead of failing. [`check_key_layout`] walks the fields of a verifying or
//! proving key over BN254 (the order of their `CanonicalSerialize` derivation) and
//! checks every vector's length against the bytes that are left, so what arkworks then
//! reads is within the input.

use ark_bn254::{G1Affine, G2Affine};
use ark_serialize::{CanonicalSerialize, Compress};

use crate::error::{EvmError, Result};

/// Which Groth16 key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// A `VerifyingKey<Bn254>`.
    Verifying,
    /// A `ProvingKey<Bn254>`.
    Proving,
}

/// One serialized field: a point of G1 or G2, or a vector of them.
#[derive(Clone, Copy)]
enum Field {
    G1,
    G2,
    VecG1,
    VecG2,
}

/// The verifying key: `alpha_g1, beta_g2, gamma_g2, delta_g2, gamma_abc_g1`.
const VERIFYING: [Field; 5] = [Field::G1, Field::G2, Field::G2, Field::G2, Field::VecG1];
/// The proving key after its verifying key: `beta_g1, delta_g1, a_query, b_g1_query,
/// b_g2_query, h_query, l_query`.
const PROVING_REST: [Field; 7] = [
    Field::G1,
    Field::G1,
    Field::VecG1,
    Field::VecG1,
    Field::VecG2,
    Field::VecG1,
    Field::VecG1,
];

/// Checks that `bytes` have exactly the layout of a `kind` key serialized with
/// `compress`: every vector's length fits in what follows it, and nothing is left over.
pub fn check_key_layout(bytes: &[u8], kind: KeyKind, compress: Compress) -> Result<()> {
    let g1 = G1Affine::default().serialized_size(compress);
    let g2 = G2Affine::default().serialized_size(compress);
    let fields: Vec<Field> = match kind {
        KeyKind::Verifying => VERIFYING.to_vec(),
        KeyKind::Proving => VERIFYING.iter().chain(&PROVING_REST).copied().collect(),
    };
    let bad = |what: &str| EvmError::InvalidInput(format!("a damaged Groth16 key: {what}"));
    let mut rest = bytes;
    for field in fields {
        let (count, size) = match field {
            Field::G1 => (1, g1),
            Field::G2 => (1, g2),
            Field::VecG1 | Field::VecG2 => {
                if rest.len() < 8 {
                    return Err(bad("it ends inside a vector's length"));
                }
                let (len, after) = rest.split_at(8);
                rest = after;
                let len = u64::from_le_bytes(len.try_into().expect("8 bytes"));
                let size = if matches!(field, Field::VecG1) {
                    g1
                } else {
                    g2
                };
                (len, size)
            }
        };
        let need = count
            .checked_mul(size as u64)
            .filter(|&n| n <= rest.len() as u64)
            .ok_or_else(|| bad("a vector is longer than the bytes that follow"))?;
        rest = &rest[need as usize..];
    }
    if rest.is_empty() {
        Ok(())
    } else {
        Err(bad("bytes follow its last field"))
    }
}

#[cfg(test)]
mod tests {
    use ark_bn254::Bn254;
    use ark_std::rand::SeedableRng;
    use ark_std::rand::rngs::StdRng;

    use super::*;
    use crate::chain::setup::setup_from_matrices;

    #[test]
    fn real_keys_pass_and_damaged_lengths_fail() {
        let cs = ark_relations::r1cs::ConstraintSystem::<ark_bn254::Fr>::new_ref();
        let x = cs.new_witness_variable(|| Ok(3u64.into())).unwrap();
        let z = cs.new_input_variable(|| Ok(9u64.into())).unwrap();
        cs.enforce_constraint(
            ark_relations::lc!() + x,
            ark_relations::lc!() + x,
            ark_relations::lc!() + z,
        )
        .unwrap();
        cs.finalize();
        let pk: ark_groth16::ProvingKey<Bn254> =
            setup_from_matrices(&cs.to_matrices().unwrap(), &mut StdRng::seed_from_u64(1)).unwrap();
        for (kind, compress) in [
            (KeyKind::Verifying, Compress::Yes),
            (KeyKind::Verifying, Compress::No),
            (KeyKind::Proving, Compress::Yes),
            (KeyKind::Proving, Compress::No),
        ] {
            let mut bytes = Vec::new();
            match kind {
                KeyKind::Verifying => pk.vk.serialize_with_mode(&mut bytes, compress),
                KeyKind::Proving => pk.serialize_with_mode(&mut bytes, compress),
            }
            .unwrap();
            check_key_layout(&bytes, kind, compress).unwrap();
            for cut in 0..bytes.len() {
                assert!(check_key_layout(&bytes[..cut], kind, compress).is_err());
            }
            let mut longer = bytes.clone();
            longer.push(0);
            assert!(check_key_layout(&longer, kind, compress).is_err());
        }
        // A huge length where the verifying key's vector starts.
        let mut bytes = Vec::new();
        pk.vk.serialize_compressed(&mut bytes).unwrap();
        let at = 32 + 3 * 64;
        bytes[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(check_key_layout(&bytes, KeyKind::Verifying, Compress::Yes).is_err());
    }
}
