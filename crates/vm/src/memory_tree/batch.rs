//! Many compressions at once: the same Poseidon2 compression as
//! [`poseidon2_compress`], run on SIMD-packed states where the build has
//! them (AVX2: 8 lanes, AVX-512: 16, NEON: 4), in parallel over chunks.
//! The packed permutation is Plonky3's own implementation of the same
//! permutation (`default_babybear_poseidon2_16`); the tests compare both.

use crate::circuit::hash::{DIGEST_ELEMS, Digest, POSEIDON2_WIDTH, poseidon2_compress};
use rayon::prelude::*;
use trellis_stark::Val;

/// A compression input: left child then right child (or a leaf's limbs).
pub(super) type Input = [Val; POSEIDON2_WIDTH];

/// `left ‖ right`: the input of their parent's compression.
pub(super) fn concat(left: &Digest, right: &Digest) -> Input {
    core::array::from_fn(|i| {
        if i < DIGEST_ELEMS {
            left[i]
        } else {
            right[i - DIGEST_ELEMS]
        }
    })
}

/// Inputs per parallel task.
const TASK_INPUTS: usize = 512;

/// The compressions of `inputs`, in order (in parallel for long inputs).
pub(super) fn compress_all(inputs: &[Input]) -> Vec<Digest> {
    let mut out = vec![Digest::default(); inputs.len()];
    out.par_chunks_mut(TASK_INPUTS)
        .zip(inputs.par_chunks(TASK_INPUTS))
        .for_each(|(out, inputs)| compress_into(inputs, out));
    out
}

/// Writes the compressions of `inputs` to `out` (same length), on this thread.
pub(super) fn compress_into(inputs: &[Input], out: &mut [Digest]) {
    let mut chunks = inputs.chunks_exact(packed::LANES);
    let mut outs = out.chunks_exact_mut(packed::LANES);
    for (inputs, out) in (&mut chunks).zip(&mut outs) {
        packed::compress_lanes(inputs, out);
    }
    for (input, out) in chunks.remainder().iter().zip(outs.into_remainder()) {
        *out = poseidon2_compress(*input);
    }
}

#[cfg(any(
    all(target_arch = "x86_64", target_feature = "avx2"),
    all(target_arch = "aarch64", target_feature = "neon")
))]
mod packed {
    use super::{Digest, Input, POSEIDON2_WIDTH};
    use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
    use p3_symmetric::Permutation;
    use std::sync::LazyLock;

    #[cfg(all(
        target_arch = "x86_64",
        target_feature = "avx2",
        not(target_feature = "avx512f")
    ))]
    use p3_baby_bear::PackedBabyBearAVX2 as Packed;
    #[cfg(all(target_arch = "x86_64", target_feature = "avx512f"))]
    use p3_baby_bear::PackedBabyBearAVX512 as Packed;
    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
    use p3_baby_bear::PackedBabyBearNeon as Packed;

    /// Lanes of a packed state.
    pub(super) const LANES: usize = core::mem::size_of::<Packed>() / core::mem::size_of::<Val>();
    use trellis_stark::Val;

    static PERMUTATION: LazyLock<Poseidon2BabyBear<POSEIDON2_WIDTH>> =
        LazyLock::new(default_babybear_poseidon2_16);

    /// Compresses `LANES` inputs in one packed permutation.
    pub(super) fn compress_lanes(inputs: &[Input], out: &mut [Digest]) {
        let state: [Packed; POSEIDON2_WIDTH] = core::array::from_fn(|i| Packed {
            0: core::array::from_fn(|lane| inputs[lane][i]),
        });
        let state = PERMUTATION.permute(state);
        for (lane, digest) in out.iter_mut().enumerate() {
            *digest = core::array::from_fn(|i| state[i].0[lane]);
        }
    }
}

#[cfg(not(any(
    all(target_arch = "x86_64", target_feature = "avx2"),
    all(target_arch = "aarch64", target_feature = "neon")
)))]
mod packed {
    use super::{Digest, Input, poseidon2_compress};

    /// No SIMD: one lane.
    pub(super) const LANES: usize = 1;

    /// Compresses one input.
    pub(super) fn compress_lanes(inputs: &[Input], out: &mut [Digest]) {
        out[0] = poseidon2_compress(inputs[0]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_stark::PrimeCharacteristicRing;

    #[test]
    fn packed_compressions_equal_the_scalar_one() {
        let inputs: Vec<Input> = (0..1100u32)
            .map(|k| {
                core::array::from_fn(|i| {
                    Val::from_u32(k.wrapping_mul(0x9e37_79b9) ^ (i as u32 * 7919))
                })
            })
            .collect();
        for len in [0, 1, 7, 8, 9, 17, 513, 1100] {
            let expected: Vec<Digest> = inputs[..len]
                .iter()
                .map(|x| poseidon2_compress(*x))
                .collect();
            assert_eq!(compress_all(&inputs[..len]), expected, "{len} inputs");
        }
    }
}
