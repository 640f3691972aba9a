//! [`Bn254Poseidon2`] on concrete values ([`NativeBackend`]): Plonky3's own
//! `MultiField32PaddingFreeSponge` (rows packed into BN254 elements), width-3
//! `TruncatedPermutation` and `MultiField32Challenger`, with the permutation of
//! [`trellis_stark::hash::poseidon2_bn254`], so the host verifier of this family cannot
//! diverge from the prover's. One-element digests.

use p3_bn254::Bn254;
use p3_challenger::{CanObserve, CanSample, MultiField32Challenger};
use p3_field::PrimeCharacteristicRing;
use p3_symmetric::{CryptographicHasher, Hash, PseudoCompressionFunction};
use trellis_stark::hash::poseidon2_bn254::{Poseidon2Bn254Perm, poseidon2_bn254};
use trellis_stark::{Bn254Poseidon2, Val};

use super::VerifierHash;
use crate::backend::VerifierBackend;
use crate::family::{Bn254Compress, bn254_sponge};
use crate::native::NativeBackend;

/// The transcript of [`Bn254Poseidon2`]: Plonky3's challenger of the family.
pub type Bn254Transcript = MultiField32Challenger<Val, Bn254, Poseidon2Bn254Perm, 3, 2>;

impl VerifierHash<Bn254Poseidon2> for NativeBackend {
    type Digest = [Bn254; 1];
    type Transcript = Bn254Transcript;

    fn digest_witness(&mut self, d: &[Bn254; 1]) -> [Bn254; 1] {
        *d
    }
    fn digest_constant(&mut self, d: &[Bn254; 1]) -> [Bn254; 1] {
        *d
    }
    fn hash_rows(&mut self, rows: &[&[Val]]) -> [Bn254; 1] {
        bn254_sponge().hash_iter(rows.iter().flat_map(|r| r.iter().copied()))
    }
    fn compress(&mut self, left: &[Bn254; 1], right: &[Bn254; 1]) -> [Bn254; 1] {
        Bn254Compress::new(poseidon2_bn254()).compress([*left, *right])
    }
    fn merkle_level(&mut self, bit: &Val, node: &[Bn254; 1], sibling: &[Bn254; 1]) -> [Bn254; 1] {
        let (left, right) = if *bit == Val::ZERO {
            (node, sibling)
        } else {
            (sibling, node)
        };
        <Self as VerifierHash<Bn254Poseidon2>>::compress(self, left, right)
    }
    fn assert_digest_eq(&mut self, a: &[Bn254; 1], b: &[Bn254; 1], what: &'static str) {
        if a != b {
            self.reject(what.to_string());
        }
    }

    fn transcript_new(&mut self) -> Bn254Transcript {
        // BN254's order exceeds BabyBear's and 8 packed values · rate 2 fit the length
        // tag: the only conditions `new` checks.
        match Bn254Transcript::new(poseidon2_bn254()) {
            Ok(t) => t,
            Err(e) => unreachable!("{e}"),
        }
    }
    fn transcript_observe(&mut self, t: &mut Bn254Transcript, v: Val) {
        t.observe(v);
    }
    fn transcript_observe_digest(&mut self, t: &mut Bn254Transcript, d: &[Bn254; 1]) {
        t.observe(Hash::<Val, Bn254, 1>::from(*d));
    }
    fn transcript_sample(&mut self, t: &mut Bn254Transcript) -> Val {
        t.sample()
    }
}
