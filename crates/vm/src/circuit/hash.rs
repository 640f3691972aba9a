//! The native Poseidon2 2-to-1 compression that the memory Merkle tree uses
//! and the `poseidon2` bus provides: the first 8 elements of the width-16
//! Poseidon2 permutation over BabyBear with Plonky3's default round constants
//! (`p3_baby_bear::default_babybear_poseidon2_16`, the permutation of the
//! STARK's own Merkle trees, i.e. `TruncatedPermutation<_, 2, 8, 16>`).

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_symmetric::Permutation;
use std::sync::LazyLock;
use trellis_stark::Val;

/// Elements of a digest (a Merkle node).
pub const DIGEST_ELEMS: usize = 8;
/// Width of the permutation: the two children of a node, side by side.
pub const POSEIDON2_WIDTH: usize = 2 * DIGEST_ELEMS;

/// A Merkle digest: 8 BabyBear elements (≈ 247 bits).
pub type Digest = [Val; DIGEST_ELEMS];

/// The permutation, built once.
static PERMUTATION: LazyLock<Poseidon2BabyBear<POSEIDON2_WIDTH>> =
    LazyLock::new(default_babybear_poseidon2_16);

/// The width-16 Poseidon2 permutation of `state` (all 16 output elements).
pub fn poseidon2_permute(state: [Val; POSEIDON2_WIDTH]) -> [Val; POSEIDON2_WIDTH] {
    PERMUTATION.permute(state)
}

/// Compresses `input` (left child then right child) to the first
/// [`DIGEST_ELEMS`] elements of its permutation.
pub fn poseidon2_compress(input: [Val; POSEIDON2_WIDTH]) -> Digest {
    let out = poseidon2_permute(input);
    core::array::from_fn(|i| out[i])
}

/// The parent of two child digests: [`poseidon2_compress`] of `left ‖ right`.
pub fn compress_pair(left: &Digest, right: &Digest) -> Digest {
    poseidon2_compress(core::array::from_fn(|i| {
        if i < DIGEST_ELEMS {
            left[i]
        } else {
            right[i - DIGEST_ELEMS]
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use p3_symmetric::{PseudoCompressionFunction, TruncatedPermutation};
    use trellis_stark::PrimeCharacteristicRing;

    #[test]
    fn compress_is_the_starks_truncated_permutation() {
        let reference = TruncatedPermutation::<_, 2, DIGEST_ELEMS, POSEIDON2_WIDTH>::new(
            default_babybear_poseidon2_16(),
        );
        for seed in 0..8u32 {
            let left: Digest = core::array::from_fn(|i| Val::from_u32(seed * 977 + i as u32));
            let right: Digest =
                core::array::from_fn(|i| Val::from_u32(seed.wrapping_mul(0x9e37_79b9) ^ i as u32));
            assert_eq!(
                compress_pair(&left, &right),
                reference.compress([left, right])
            );
        }
    }

    #[test]
    fn compress_of_zero_is_a_fixed_nonzero_digest() {
        let zero = poseidon2_compress([Val::ZERO; POSEIDON2_WIDTH]);
        assert_ne!(zero, [Val::ZERO; DIGEST_ELEMS]);
        assert_eq!(zero, compress_pair(&[Val::ZERO; 8], &[Val::ZERO; 8]));
        let full = poseidon2_permute([Val::ZERO; POSEIDON2_WIDTH]);
        assert_eq!(zero, core::array::from_fn(|i| full[i]));
    }
}
