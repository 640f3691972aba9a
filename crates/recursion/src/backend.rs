//! The operations the verifier is written over.
//!
//! Every value the verifier derives from a proof is a backend value and every step on
//! it is a backend call: field and extension arithmetic, the Poseidon2 permutation (the
//! Fiat–Shamir sponge, row hashing and Merkle compression are built on it), bit
//! decomposition and selection (query indices), the batched DEEP opening of one row, and
//! the checks. Checks never return early: a backend records a failed check and the
//! verifier runs to its end, so that a recording backend sees the same operation
//! sequence for every proof of one key shape.
//!
//! Control flow that depends only on the key and the proof's shape (trace heights,
//! widths, parameters) is plain Rust.
//!
//! The hash side (digests, row hashing, compression, transcript) is per hash family,
//! [`crate::hash::VerifierHash`]: for the BabyBear family every backend builds it on
//! [`VerifierBackend::permute`] and [`VerifierBackend::merkle_step`].

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{Challenge, Val};

/// Width of the Poseidon2 permutation (and of the sponge state).
pub const WIDTH: usize = 16;
/// Rate of the duplex sponge and of the row hash; also the digest length.
pub const RATE: usize = 8;
/// Degree of the challenge field over BabyBear.
pub const EXT_DEGREE: usize = trellis_stark::EXT_DEGREE;

/// A Merkle digest (or sponge output) of backend values.
pub type Digest<F> = [F; RATE];

/// Field, extension, hash and check operations over some representation of values.
///
/// `F` holds a BabyBear element, `EF` an element of its degree-5 binomial extension
/// (`X^5 = 2`). The native backend computes; the recording backend emits one
/// operation per call (or folds it away).
pub trait VerifierBackend {
    /// A base-field value.
    type F: Clone;
    /// An extension-field value.
    type EF: Clone;

    /// A constant fixed by the verifier or the key.
    fn constant(&mut self, c: Val) -> Self::F;
    /// An extension-field constant fixed by the verifier or the key.
    fn constant_ext(&mut self, c: Challenge) -> Self::EF;
    /// A base-field value carried by the proof (untrusted).
    fn witness(&mut self, v: Val) -> Self::F;
    /// An extension-field value carried by the proof (untrusted).
    fn witness_ext(&mut self, v: Challenge) -> Self::EF;
    /// A public input of the verified statement (the segment's public values).
    fn public_input(&mut self, v: Val) -> Self::F;

    /// `a + b` in the base field.
    fn add(&mut self, a: &Self::F, b: &Self::F) -> Self::F;
    /// `a - b` in the base field.
    fn sub(&mut self, a: &Self::F, b: &Self::F) -> Self::F;
    /// `a · b` in the base field.
    fn mul(&mut self, a: &Self::F, b: &Self::F) -> Self::F;
    /// `a⁻¹`; records the failed check `what` (and yields zero) when `a = 0`.
    fn inverse(&mut self, a: &Self::F, what: &'static str) -> Self::F;

    /// `a + b` in the extension.
    fn ext_add(&mut self, a: &Self::EF, b: &Self::EF) -> Self::EF;
    /// `a - b` in the extension.
    fn ext_sub(&mut self, a: &Self::EF, b: &Self::EF) -> Self::EF;
    /// `a · b` in the extension.
    fn ext_mul(&mut self, a: &Self::EF, b: &Self::EF) -> Self::EF;
    /// `a · b` for an extension `a` and a base `b`.
    fn ext_mul_base(&mut self, a: &Self::EF, b: &Self::F) -> Self::EF;
    /// `a + b` for an extension `a` and a base `b`.
    fn ext_add_base(&mut self, a: &Self::EF, b: &Self::F) -> Self::EF;
    /// `a⁻¹` in the extension; records the failed check `what` (and yields zero) when `a = 0`.
    fn ext_inverse(&mut self, a: &Self::EF, what: &'static str) -> Self::EF;
    /// The base value `a` as an extension element.
    fn ext_from_base(&mut self, a: &Self::F) -> Self::EF;
    /// `Σ cᵢ Xⁱ` from its four coordinates.
    fn ext_from_coeffs(&mut self, c: [Self::F; EXT_DEGREE]) -> Self::EF;
    /// The four coordinates of `a` (the order in which the transcript absorbs them).
    fn ext_to_coeffs(&mut self, a: &Self::EF) -> [Self::F; EXT_DEGREE];

    /// The Poseidon2-16 permutation over BabyBear with Plonky3's default round constants.
    fn permute(&mut self, state: [Self::F; WIDTH]) -> [Self::F; WIDTH];

    /// The `n` low bits of the canonical representative of `x`, least significant first,
    /// each 0 or 1 (a recording backend constrains the full decomposition to be canonical).
    fn low_bits(&mut self, x: &Self::F, n: usize) -> Vec<Self::F>;
    /// `if_one` when the bit `bit` is 1, `if_zero` when it is 0 (`bit` from [`Self::low_bits`]).
    fn select(&mut self, bit: &Self::F, if_one: &Self::F, if_zero: &Self::F) -> Self::F;
    /// [`Self::select`] on extension values.
    fn select_ext(&mut self, bit: &Self::F, if_one: &Self::EF, if_zero: &Self::EF) -> Self::EF;

    /// `[1, a, a², …, a^(n−1)]` (the DEEP batching powers). The default multiplies
    /// step by step; a backend may compute the same values another way (the R1CS backend
    /// uses a two-level table, which spares it a range reduction per power).
    fn ext_powers(&mut self, a: &Self::EF, n: usize) -> Vec<Self::EF> {
        let mut out = Vec::with_capacity(n);
        if n > 0 {
            out.push(self.constant_ext(Challenge::ONE));
        }
        while out.len() < n {
            let next = self.ext_mul(out.last().expect("non-empty"), a);
            out.push(next);
        }
        out
    }

    /// `Σᵢ coeffs[i]·xⁱ` (the final FRI polynomial at a query's point); zero for no
    /// coefficients. The default is Horner's rule; a backend may compute the same value
    /// another way (the R1CS backend sums products with a table of `x`'s powers instead of
    /// reducing the accumulator at every step).
    fn ext_poly_at_base(&mut self, coeffs: &[Self::EF], x: &Self::F) -> Self::EF {
        let Some(last) = coeffs.last() else {
            return self.constant_ext(Challenge::ZERO);
        };
        let mut eval = last.clone();
        for c in coeffs.iter().rev().skip(1) {
            eval = self.ext_mul_base(&eval, x);
            eval = self.ext_add(&eval, c);
        }
        eval
    }

    /// Whether sums `Σ αᵏ⁻¹⁻ⁱ·vᵢ` (the constraint folding at the out-of-domain point) are
    /// better taken with [`Self::ext_powers`] than by Horner's rule (`acc ← acc·α + vᵢ`,
    /// the default: fewer operations, and the recorded programs' order). The value is the
    /// same either way.
    fn folds_with_powers(&self) -> bool {
        false
    }

    /// One opened row's share of the DEEP reduced opening:
    /// `(sum_at_z − Σᵢ alpha_powers[i] · row[i]) / (z − x)`, with `sum_at_z` the same sum over
    /// the claimed evaluations at `z`. Records the failed check (and yields zero) when `z = x`.
    fn reduced_opening_row(
        &mut self,
        alpha_powers: &[Self::EF],
        row: &[Self::F],
        sum_at_z: &Self::EF,
        x: &Self::F,
        z: &Self::EF,
    ) -> Self::EF;

    /// Checks `a = b`; records the failed check `what` otherwise.
    fn assert_eq(&mut self, a: &Self::F, b: &Self::F, what: &'static str);
    /// Checks `a = b` in the extension; records the failed check `what` otherwise.
    fn assert_eq_ext(&mut self, a: &Self::EF, b: &Self::EF, what: &'static str);
    /// Records a check that fails outright: the proof admits no witness (e.g. a Merkle
    /// multi-proof whose paths cannot be restored).
    fn reject(&mut self, what: String);

    /// One level of a Merkle path: the node `node` and its `sibling` ordered by the index
    /// bit `bit` (1: the node is the right child) and compressed. The default is two
    /// selections per digest element and one permutation; a recording backend emits one
    /// operation.
    fn merkle_step(
        &mut self,
        bit: &Self::F,
        node: &Digest<Self::F>,
        sibling: &Digest<Self::F>,
    ) -> Digest<Self::F> {
        let state: [Self::F; WIDTH] = std::array::from_fn(|i| {
            let k = i % RATE;
            if i < RATE {
                self.select(bit, &sibling[k], &node[k])
            } else {
                self.select(bit, &node[k], &sibling[k])
            }
        });
        let out = self.permute(state);
        std::array::from_fn(|i| out[i].clone())
    }

    /// The concrete value of `x`, for advice only: what the prover of a recursion program
    /// supplies as non-deterministic input (restored Merkle paths). Acceptance never
    /// depends on it except through checks made with backend operations. `None` where
    /// the backend holds no values (recording): the verifier then takes placeholder
    /// advice, which changes no operation.
    fn value(&self, x: &Self::F) -> Option<Val>;

    /// Marks the start of a phase of the verifier (for cost reports); no effect on the
    /// outcome.
    fn phase(&mut self, _name: &'static str) {}

    /// Checks `a = 0`.
    fn assert_zero(&mut self, a: &Self::F, what: &'static str) {
        let zero = self.constant(Val::ZERO);
        self.assert_eq(a, &zero, what);
    }
    /// Checks `a = 0` in the extension.
    fn assert_zero_ext(&mut self, a: &Self::EF, what: &'static str) {
        let zero = self.constant_ext(Challenge::ZERO);
        self.assert_eq_ext(a, &zero, what);
    }
}
