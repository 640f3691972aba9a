//! Encoding arkworks BN254 values as the EVM precompiles and the verifier read them.

use alloy::primitives::{U256, keccak256};
use ark_bn254::{Bn254, Fq, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use ark_groth16::Proof;

/// A base field element as a 256-bit word.
pub fn fq_to_u256(x: &Fq) -> U256 {
    U256::from_limbs(x.into_bigint().0)
}

/// A scalar field element as a 256-bit word.
pub fn fr_to_u256(x: &Fr) -> U256 {
    U256::from_limbs(x.into_bigint().0)
}

/// A G1 point as `(x, y)`; the point at infinity is `(0, 0)`, as EIP-196 reads it.
pub fn g1_words(point: &G1Affine) -> [U256; 2] {
    match point.xy() {
        Some((x, y)) => [fq_to_u256(&x), fq_to_u256(&y)],
        None => [U256::ZERO; 2],
    }
}

/// A G2 point as `(x_im, x_re, y_im, y_re)` — imaginary part first, the order EIP-197
/// reads; the point at infinity is all zeros.
pub fn g2_words(point: &G2Affine) -> [U256; 4] {
    match point.xy() {
        Some((x, y)) => [
            fq_to_u256(&x.c1),
            fq_to_u256(&x.c0),
            fq_to_u256(&y.c1),
            fq_to_u256(&y.c0),
        ],
        None => [U256::ZERO; 4],
    }
}

/// A proof as the verifier's `uint256[8]`: `(A.x, A.y, B.x_im, B.x_re, B.y_im, B.y_re, C.x, C.y)`.
pub fn encode_proof(proof: &Proof<Bn254>) -> [U256; 8] {
    let [ax, ay] = g1_words(&proof.a);
    let [bx1, bx0, by1, by0] = g2_words(&proof.b);
    let [cx, cy] = g1_words(&proof.c);
    [ax, ay, bx1, bx0, by1, by0, cx, cy]
}

/// Public inputs as the verifier's `uint256[N]`.
pub fn encode_public_inputs(inputs: &[Fr]) -> Vec<U256> {
    inputs.iter().map(fr_to_u256).collect()
}

/// The 4-byte selector of a function signature such as `verifyProof(uint256[8],uint256[2])`.
pub fn function_selector(signature: &str) -> [u8; 4] {
    let hash = keccak256(signature.as_bytes());
    [hash[0], hash[1], hash[2], hash[3]]
}

/// Calldata for `function_name(uint256[8] proof, uint256[N] input)` with `N = inputs.len()`
/// (the verifier's `verifyProof`, or an application's entry with the same arguments).
/// Both arrays are static, so the ABI encoding is the selector and the words in order.
pub fn call_data(function_name: &str, proof: &[U256; 8], inputs: &[U256]) -> Vec<u8> {
    let signature = format!("{function_name}(uint256[8],uint256[{}])", inputs.len());
    let mut data = function_selector(&signature).to_vec();
    for word in proof.iter().chain(inputs) {
        data.extend_from_slice(&word.to_be_bytes::<32>());
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::PrimeGroup;

    #[test]
    fn generator_words_are_the_eip197_constants() {
        // EIP-197 lists G2's generator as x = (x_im, x_re), y = (y_im, y_re) with these values.
        let g2 = g2_words(&ark_bn254::G2Projective::generator().into());
        let expected = [
            "11559732032986387107991004021392285783925812861821192530917403151452391805634",
            "10857046999023057135944570762232829481370756359578518086990519993285655852781",
            "4082367875863433681332203403145435568316851327593401208105741076214120093531",
            "8495653923123431417604973247489272438418190587263600148770280649306958101930",
        ];
        for (word, text) in g2.iter().zip(expected) {
            assert_eq!(word.to_string(), text);
        }
        assert_eq!(
            g1_words(&G1Affine::generator()),
            [U256::from(1), U256::from(2)]
        );
        assert_eq!(g1_words(&G1Affine::identity()), [U256::ZERO; 2]);
    }

    #[test]
    fn call_data_is_selector_then_words() {
        let proof = [U256::from(7); 8];
        let data = call_data("verifyProof", &proof, &[U256::from(1), U256::from(2)]);
        assert_eq!(data.len(), 4 + 10 * 32);
        assert_eq!(
            data[..4],
            function_selector("verifyProof(uint256[8],uint256[2])")
        );
        assert_eq!(data[4 + 9 * 32 + 31], 2);
    }
}
