//! The output chain: a commitment to the public output of a run that segments and
//! aggregation nodes extend piece by piece.
//!
//! The state is eight BabyBear elements, all zero before the first byte; each byte `b`
//! moves it to the first eight elements of `Poseidon2(state ‖ b ‖ 0⁷)` (Plonky3's
//! default BabyBear Poseidon2-16, the permutation the recursion circuit has a table
//! for). A stretch of the run states its start and end states; joining stretches checks
//! that one ends where the next starts, so the root's end state commits to the run's
//! whole output in order, whatever the segmentation. With the length also stated, two
//! different outputs with the same end state would give a collision of the truncated
//! permutation (the Merkle compression of every Trellis proof).
//!
//! Inside a program, a segment's output is the fixed [`OUTPUT_CAPACITY`] values of its
//! PublicOutput AIR (length, then the bytes, zero past the length); the chain absorbs
//! the first `len` of them: a mask `fᵢ = [i < len]` (boolean, non-increasing, summing
//! to `len`) selects between the absorbed and the unchanged state.

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_field::{PrimeCharacteristicRing, PrimeField32};
use p3_symmetric::Permutation;
use trellis_stark::Val;

use super::statement::STATE_LEN;
use crate::backend::{VerifierBackend, WIDTH};

/// Bytes one segment's PublicOutput AIR holds.
pub const OUTPUT_CAPACITY: usize = trellis_vm::io::MAX_PUBLIC_OUTPUT;

/// The state before any output.
pub const EMPTY_STATE: [u32; STATE_LEN] = [0; STATE_LEN];

/// The chain state after `bytes`, from `start`.
pub fn extend(start: [u32; STATE_LEN], bytes: &[u8]) -> [u32; STATE_LEN] {
    let perm: Poseidon2BabyBear<WIDTH> = default_babybear_poseidon2_16();
    let mut state = start.map(Val::from_u32);
    for &b in bytes {
        let mut full = [Val::ZERO; WIDTH];
        full[..STATE_LEN].copy_from_slice(&state);
        full[STATE_LEN] = Val::from_u8(b);
        perm.permute_mut(&mut full);
        state.copy_from_slice(&full[..STATE_LEN]);
    }
    state.map(|v| v.as_canonical_u32())
}

/// The chain state of a whole output.
pub fn commit(bytes: &[u8]) -> [u32; STATE_LEN] {
    extend(EMPTY_STATE, bytes)
}

/// Extends `state` by the first `len` of `values` inside a program (see the [module
/// docs](self)). `len` must be at most `values.len()`; a larger one has no mask and
/// records a failed check.
pub fn absorb_prefix<B: VerifierBackend>(
    b: &mut B,
    start: &[B::F],
    values: &[B::F],
    len: &B::F,
) -> Vec<B::F> {
    let concrete_len = b.value(len).map(|v| v.as_canonical_u32() as usize);
    let one = b.constant(Val::ONE);
    let mut state = start.to_vec();
    let mut previous: Option<B::F> = None;
    let mut count = b.constant(Val::ZERO);
    for (i, v) in values.iter().enumerate() {
        let f = b.witness(Val::from_bool(concrete_len.is_some_and(|n| i < n)));
        let not_f = b.sub(&one, &f);
        let boolean = b.mul(&f, &not_f);
        b.assert_zero(&boolean, "an output mask value is not boolean");
        if let Some(p) = &previous {
            let not_p = b.sub(&one, p);
            let rise = b.mul(&f, &not_p);
            b.assert_zero(&rise, "the output mask rises after a zero");
        }
        count = b.add(&count, &f);
        let zero = b.constant(Val::ZERO);
        let mut full: [B::F; WIDTH] = std::array::from_fn(|_| zero.clone());
        full[..STATE_LEN].clone_from_slice(&state);
        full[STATE_LEN] = v.clone();
        let next = b.permute(full);
        state = (0..STATE_LEN)
            .map(|k| b.select(&f, &next[k], &state[k]))
            .collect();
        previous = Some(f);
    }
    b.assert_eq(
        &count,
        len,
        "the output mask does not cover the output length",
    );
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::NativeBackend;

    #[test]
    fn chaining_pieces_equals_the_whole_and_the_masked_absorb_agrees() {
        let bytes: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37)).collect();
        let whole = commit(&bytes);
        assert_eq!(extend(commit(&bytes[..13]), &bytes[13..]), whole);
        assert_ne!(commit(&bytes[..39]), whole);
        assert_ne!(commit(&[]), commit(&[0]));

        let mut b = NativeBackend::new();
        let start: Vec<Val> = commit(&bytes[..13]).map(Val::from_u32).to_vec();
        let mut values: Vec<Val> = bytes[13..].iter().map(|&x| Val::from_u8(x)).collect();
        values.resize(64, Val::ZERO);
        let len = Val::from_usize(bytes.len() - 13);
        let out = absorb_prefix(&mut b, &start, &values, &len);
        assert!(b.failures().is_empty(), "{:?}", b.failures());
        assert_eq!(out, whole.map(Val::from_u32).to_vec());

        // A length past the values has no mask.
        let mut b = NativeBackend::new();
        absorb_prefix(&mut b, &start, &values[..8], &Val::from_u32(9));
        assert!(!b.failures().is_empty());
    }
}
