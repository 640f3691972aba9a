//! [`BabyBearPoseidon2`] over any backend: Poseidon2-16 over BabyBear through
//! [`VerifierBackend::permute`] (Plonky3's `PaddingFreeSponge`, `TruncatedPermutation`
//! and `DuplexChallenger<BabyBear, Poseidon2, 16, 8>`), 8-element digests.
//!
//! The duplex sponge: observed values go to an input buffer; a full buffer (8 values) is
//! written over the rate, the value count is added to the first capacity cell, and the
//! state permuted. Sampling flushes pending input the same way (or permutes when no
//! output is left) and takes the rate's values from the last one down.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{BabyBearPoseidon2, Val};

use super::VerifierHash;
use crate::backend::{Digest, RATE, VerifierBackend, WIDTH};

/// The duplex sponge's state, its pending input and its unread output.
pub struct DuplexState<F> {
    state: [F; WIDTH],
    input: Vec<F>,
    output: Vec<F>,
}

fn duplex<B: VerifierBackend>(b: &mut B, t: &mut DuplexState<B::F>) {
    let n = t.input.len();
    for (i, v) in t.input.drain(..).enumerate() {
        t.state[i] = v;
    }
    if n > 0 {
        let zero = b.constant(Val::ZERO);
        for cell in &mut t.state[n..RATE] {
            *cell = zero.clone();
        }
        let count = b.constant(Val::from_usize(n));
        t.state[RATE] = b.add(&t.state[RATE], &count);
    }
    t.state = b.permute(t.state.clone());
    t.output.clear();
    t.output.extend(t.state[..RATE].iter().cloned());
}

/// Hashes the concatenation of `rows` with the padding-free sponge: each chunk of 8
/// overwrites the rate, then the state is permuted; a final partial chunk leaves the
/// rest of the rate as it was. The digest is the first 8 cells.
pub fn hash_rows<B: VerifierBackend>(b: &mut B, rows: &[&[B::F]]) -> Digest<B::F> {
    let zero = b.constant(Val::ZERO);
    let mut state: [B::F; WIDTH] = std::array::from_fn(|_| zero.clone());
    let mut filled = 0;
    for v in rows.iter().flat_map(|r| r.iter()) {
        state[filled] = v.clone();
        filled += 1;
        if filled == RATE {
            state = b.permute(state);
            filled = 0;
        }
    }
    if filled != 0 {
        state = b.permute(state);
    }
    std::array::from_fn(|i| state[i].clone())
}

/// The 2-to-1 compression: permute `left ‖ right`, keep the first 8 cells.
pub fn compress<B: VerifierBackend>(
    b: &mut B,
    left: &Digest<B::F>,
    right: &Digest<B::F>,
) -> Digest<B::F> {
    let state: [B::F; WIDTH] = std::array::from_fn(|i| {
        if i < RATE {
            left[i].clone()
        } else {
            right[i - RATE].clone()
        }
    });
    let out = b.permute(state);
    std::array::from_fn(|i| out[i].clone())
}

impl<B: VerifierBackend> VerifierHash<BabyBearPoseidon2> for B {
    type Digest = Digest<B::F>;
    type Transcript = DuplexState<B::F>;

    fn digest_witness(&mut self, d: &[Val; RATE]) -> Digest<B::F> {
        std::array::from_fn(|k| self.witness(d[k]))
    }
    fn digest_constant(&mut self, d: &[Val; RATE]) -> Digest<B::F> {
        std::array::from_fn(|k| self.constant(d[k]))
    }
    fn hash_rows(&mut self, rows: &[&[B::F]]) -> Digest<B::F> {
        hash_rows(self, rows)
    }
    fn compress(&mut self, left: &Digest<B::F>, right: &Digest<B::F>) -> Digest<B::F> {
        compress(self, left, right)
    }
    fn merkle_level(
        &mut self,
        bit: &B::F,
        node: &Digest<B::F>,
        sibling: &Digest<B::F>,
    ) -> Digest<B::F> {
        self.merkle_step(bit, node, sibling)
    }
    fn assert_digest_eq(&mut self, a: &Digest<B::F>, b: &Digest<B::F>, what: &'static str) {
        for (x, y) in a.iter().zip(b) {
            self.assert_eq(x, y, what);
        }
    }

    fn transcript_new(&mut self) -> DuplexState<B::F> {
        let zero = self.constant(Val::ZERO);
        DuplexState {
            state: std::array::from_fn(|_| zero.clone()),
            input: Vec::with_capacity(RATE),
            output: Vec::with_capacity(RATE),
        }
    }
    fn transcript_observe(&mut self, t: &mut DuplexState<B::F>, v: B::F) {
        t.output.clear();
        t.input.push(v);
        if t.input.len() == RATE {
            duplex(self, t);
        }
    }
    fn transcript_observe_digest(&mut self, t: &mut DuplexState<B::F>, d: &Digest<B::F>) {
        for v in d {
            <Self as VerifierHash<BabyBearPoseidon2>>::transcript_observe(self, t, v.clone());
        }
    }
    fn transcript_sample(&mut self, t: &mut DuplexState<B::F>) -> B::F {
        if !t.input.is_empty() || t.output.is_empty() {
            duplex(self, t);
        }
        match t.output.pop() {
            Some(v) => v,
            None => unreachable!("a duplexing fills the output"),
        }
    }
}
