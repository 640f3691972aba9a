//! The Fiat–Shamir transcript of the verifier over backend values, for any hash family:
//! the family's observe / sample operations ([`VerifierHash`]) and what the verifier
//! derives from them the same way for every family (Plonky3's `FieldChallenger` and
//! `GrindingChallenger` defaults): extension elements absorbed and squeezed coordinate by
//! coordinate, index bits as the low bits of one squeezed value, grinding as absorbing
//! the witness and checking the low bits of the next value are zero.

use std::marker::PhantomData;

use trellis_stark::{BabyBearPoseidon2, Val};

use crate::backend::EXT_DEGREE;
use crate::family::VerifierFamily;
use crate::hash::VerifierHash;

/// The transcript state of family `H` on the backend `B`.
pub struct Challenger<B: VerifierHash<H>, H: VerifierFamily = BabyBearPoseidon2> {
    state: <B as VerifierHash<H>>::Transcript,
    family: PhantomData<H>,
}

impl<B: VerifierHash<H>, H: VerifierFamily> Challenger<B, H> {
    /// A fresh transcript.
    pub fn new(b: &mut B) -> Self {
        Self {
            state: b.transcript_new(),
            family: PhantomData,
        }
    }

    /// Absorbs one value.
    pub fn observe(&mut self, b: &mut B, v: B::F) {
        b.transcript_observe(&mut self.state, v);
    }

    /// Absorbs constants (domain separators, shape seeds).
    pub fn observe_constants(&mut self, b: &mut B, values: &[Val]) {
        for &v in values {
            let c = b.constant(v);
            self.observe(b, c);
        }
    }

    /// Absorbs the coordinates of an extension element.
    pub fn observe_ext(&mut self, b: &mut B, v: &B::EF) {
        for c in b.ext_to_coeffs(v) {
            self.observe(b, c);
        }
    }

    /// Absorbs a commitment: every root of its Merkle cap.
    pub fn observe_cap(&mut self, b: &mut B, roots: &[<B as VerifierHash<H>>::Digest]) {
        for root in roots {
            b.transcript_observe_digest(&mut self.state, root);
        }
    }

    /// Squeezes one base value.
    pub fn sample(&mut self, b: &mut B) -> B::F {
        b.transcript_sample(&mut self.state)
    }

    /// Squeezes an extension element, coordinate 0 first.
    pub fn sample_ext(&mut self, b: &mut B) -> B::EF {
        let c: [B::F; EXT_DEGREE] = std::array::from_fn(|_| self.sample(b));
        b.ext_from_coeffs(c)
    }

    /// Squeezes one value and returns its `bits` low bits, least significant first.
    pub fn sample_bits(&mut self, b: &mut B, bits: usize) -> Vec<B::F> {
        let v = self.sample(b);
        b.low_bits(&v, bits)
    }

    /// Replays a proof-of-work step of `bits` bits: absorbs the witness, squeezes one
    /// value and checks that its `bits` low bits are zero. Zero bits: nothing happens.
    pub fn check_witness(&mut self, b: &mut B, bits: usize, witness: &B::F, what: &'static str) {
        if bits == 0 {
            return;
        }
        self.observe(b, witness.clone());
        for bit in self.sample_bits(b, bits) {
            b.assert_zero(&bit, what);
        }
    }
}

#[cfg(test)]
mod tests {
    use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
    use p3_challenger::{CanObserve, CanSample, CanSampleBits, DuplexChallenger};
    use p3_field::PrimeCharacteristicRing;
    use trellis_stark::Challenge;

    use super::*;
    use crate::native::NativeBackend;
    use crate::points::bits_value;

    #[test]
    fn matches_plonky3_duplex_challenger() {
        let mut theirs = DuplexChallenger::<Val, Poseidon2BabyBear<16>, 16, 8>::new(
            default_babybear_poseidon2_16(),
        );
        let mut b = NativeBackend::new();
        let mut ours = Challenger::<_, BabyBearPoseidon2>::new(&mut b);
        for (round, n_obs) in [3usize, 8, 0, 13, 1, 16, 5, 7].into_iter().enumerate() {
            for k in 0..n_obs {
                let v = Val::from_usize(round * 100 + k);
                theirs.observe(v);
                ours.observe(&mut b, v);
            }
            for _ in 0..=(round % 3) {
                let t: Val = theirs.sample();
                assert_eq!(t, ours.sample(&mut b), "round {round}");
            }
            let t = theirs.sample_bits(13);
            let o = ours.sample_bits(&mut b, 13);
            assert_eq!(Some(t), bits_value(&b, &o), "round {round}");
            let t: Challenge = theirs.sample();
            assert_eq!(t, ours.sample_ext(&mut b), "round {round}");
        }
        assert!(b.failures().is_empty());
    }
}
