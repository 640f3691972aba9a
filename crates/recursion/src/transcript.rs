//! The Fiat–Shamir duplex sponge (Plonky3's `DuplexChallenger<BabyBear, Poseidon2, 16, 8>`)
//! over backend values.
//!
//! Observed values go to an input buffer; a full buffer (8 values) is written over the
//! rate, the value count is added to the first capacity cell, and the state permuted.
//! Sampling flushes pending input the same way (or permutes when no output is left) and
//! takes the rate's values from the last one down.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::Val;

use crate::backend::{Digest, EXT_DEGREE, RATE, VerifierBackend, WIDTH};

/// The sponge state, its pending input and its unread output.
pub struct Challenger<B: VerifierBackend> {
    state: [B::F; WIDTH],
    input: Vec<B::F>,
    output: Vec<B::F>,
}

impl<B: VerifierBackend> Challenger<B> {
    /// The all-zero sponge of a fresh challenger.
    pub fn new(b: &mut B) -> Self {
        let zero = b.constant(Val::ZERO);
        Self {
            state: std::array::from_fn(|_| zero.clone()),
            input: Vec::with_capacity(RATE),
            output: Vec::with_capacity(RATE),
        }
    }

    fn duplex(&mut self, b: &mut B) {
        let n = self.input.len();
        for (i, v) in self.input.drain(..).enumerate() {
            self.state[i] = v;
        }
        if n > 0 {
            let zero = b.constant(Val::ZERO);
            for cell in &mut self.state[n..RATE] {
                *cell = zero.clone();
            }
            let count = b.constant(Val::from_usize(n));
            self.state[RATE] = b.add(&self.state[RATE], &count);
        }
        self.state = b.permute(self.state.clone());
        self.output.clear();
        self.output.extend(self.state[..RATE].iter().cloned());
    }

    /// Absorbs one value.
    pub fn observe(&mut self, b: &mut B, v: B::F) {
        self.output.clear();
        self.input.push(v);
        if self.input.len() == RATE {
            self.duplex(b);
        }
    }

    /// Absorbs constants (domain separators, shape seeds).
    pub fn observe_constants(&mut self, b: &mut B, values: &[Val]) {
        for &v in values {
            let c = b.constant(v);
            self.observe(b, c);
        }
    }

    /// Absorbs the four coordinates of an extension element.
    pub fn observe_ext(&mut self, b: &mut B, v: &B::EF) {
        for c in b.ext_to_coeffs(v) {
            self.observe(b, c);
        }
    }

    /// Absorbs a commitment: every root of its Merkle cap.
    pub fn observe_cap(&mut self, b: &mut B, roots: &[Digest<B::F>]) {
        for root in roots {
            for v in root {
                self.observe(b, v.clone());
            }
        }
    }

    /// Squeezes one base value.
    pub fn sample(&mut self, b: &mut B) -> B::F {
        if !self.input.is_empty() || self.output.is_empty() {
            self.duplex(b);
        }
        self.output.pop().expect("a duplexing fills the output")
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
        let mut ours = Challenger::new(&mut b);
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
