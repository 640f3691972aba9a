//! SHA-256 against the `sha2` crate at every padding boundary, its size, and a wrong
//! message bit that changes the digest.

use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_relations::r1cs::ConstraintSystem;
use sha2::{Digest, Sha256};
use trellis_snark::Fr;
use trellis_snark::gadgets::sha256;

/// The gadget's digest of `message` (bytes allocated as witnesses) and the constraints it
/// took.
fn digest(message: &[u8]) -> ([u8; 32], usize) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let bytes: Vec<Vec<Boolean<Fr>>> = message
        .iter()
        .map(|&b| {
            (0..8)
                .map(|i| Boolean::new_witness(cs.clone(), || Ok((b >> i) & 1 == 1)).unwrap())
                .collect()
        })
        .collect();
    let before = cs.num_constraints();
    let out = sha256(&bytes).unwrap();
    assert!(cs.is_satisfied().unwrap());
    let mut d = [0u8; 32];
    for (byte, bits) in d.iter_mut().zip(&out) {
        *byte = bits
            .iter()
            .enumerate()
            .map(|(i, b)| u8::from(b.value().unwrap()) << i)
            .sum();
    }
    (d, cs.num_constraints() - before)
}

#[test]
fn sha256_matches_the_sha2_crate_at_every_padding_boundary() {
    for len in [0usize, 1, 55, 56, 63, 64, 65, 100, 119, 120, 128] {
        let message: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        let (d, _) = digest(&message);
        let expected: [u8; 32] = Sha256::digest(&message).into();
        assert_eq!(d, expected, "length {len}");
    }
}

#[test]
fn sha256_costs_about_27_thousand_constraints_a_block() {
    // 55 bytes fill one block with its padding, 119 two.
    let (_, one_block) = digest(&[7u8; 55]);
    let (_, two_blocks) = digest(&[7u8; 119]);
    let per_block = two_blocks - one_block;
    println!("SHA-256: {one_block} constraints for one block, {per_block} a further block");
    assert!(per_block < 28_000, "{per_block}");
}

#[test]
fn a_digest_claimed_for_another_message_leaves_the_system_unsatisfied() {
    // The gadget computes the digest of the bits it is given: a prover who claims the
    // digest of another message must break a constraint.
    let message = b"trellis".to_vec();
    let cs = ConstraintSystem::<Fr>::new_ref();
    let bytes: Vec<Vec<Boolean<Fr>>> = message
        .iter()
        .map(|&b| {
            (0..8)
                .map(|i| Boolean::new_witness(cs.clone(), || Ok((b >> i) & 1 == 1)).unwrap())
                .collect()
        })
        .collect();
    let out = sha256(&bytes).unwrap();
    let other: [u8; 32] = Sha256::digest(b"trellix").into();
    for (bits, byte) in out.iter().zip(other) {
        for (i, bit) in bits.iter().enumerate() {
            let claimed = Boolean::new_input(cs.clone(), || Ok((byte >> i) & 1 == 1)).unwrap();
            ark_r1cs_std::eq::EqGadget::enforce_equal(bit, &claimed).unwrap();
        }
    }
    assert!(!cs.is_satisfied().unwrap());
}
