//! [`R1csBackend`]: the project's STARK verifier ([`trellis_recursion::VerifierBackend`])
//! run as an R1CS circuit over BN254.
//!
//! Every base value is a [`BabyBearVar`] and every extension value an [`Ext5Var`]; each
//! verifier operation adds the constraints of the matching gadget, and each check is
//! enforced. The verifier's control flow depends only on the key and the proof's shape,
//! so synthesizing it on any proof of a shape (with or without witness values) yields the
//! same constraint system: what Groth16's setup needs.
//!
//! Checks never return early (the [`trellis_recursion::VerifierBackend`] contract): a failed
//! check is enforced anyway, which leaves the system unsatisfied, and is also recorded by
//! name when witness values are present, so a prover learns why a proof was refused
//! before running Groth16. A gadget error (a missing assignment) is kept and reported by
//! [`R1csBackend::finish`].

use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::{ConstraintSystemRef, SynthesisError};
use p3_field::PrimeCharacteristicRing;
use trellis_recursion::VerifierBackend;
use trellis_recursion::backend::{EXT_DEGREE, WIDTH};
use trellis_stark::{Challenge, Val};

use crate::Fr;
use crate::gadgets::{BabyBearVar, Ext5Var};

/// The verifier's operations as constraints on `cs`.
pub struct R1csBackend {
    cs: ConstraintSystemRef<Fr>,
    failures: Vec<String>,
    error: Option<SynthesisError>,
    phases: Vec<(&'static str, usize)>,
}

impl R1csBackend {
    /// A backend adding constraints to `cs`.
    pub fn new(cs: ConstraintSystemRef<Fr>) -> Self {
        Self {
            cs,
            failures: Vec::new(),
            error: None,
            phases: vec![("start", 0)],
        }
    }

    /// The constraint system.
    pub fn cs(&self) -> ConstraintSystemRef<Fr> {
        self.cs.clone()
    }

    /// The failed checks seen so far (only known when witness values are present).
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Constraints added per verifier phase ([`VerifierBackend::phase`]), in order.
    pub fn phase_costs(&self) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = Vec::new();
        let mut marks = self.phases.clone();
        marks.push(("end", self.cs.num_constraints()));
        for w in marks.windows(2) {
            let cost = w[1].1 - w[0].1;
            match out.iter_mut().find(|(n, _)| *n == w[0].0) {
                Some(e) => e.1 += cost,
                None => out.push((w[0].0, cost)),
            }
        }
        out
    }

    /// Whether the system has witness values (proving) rather than only shape (setup).
    fn has_values(&self) -> bool {
        !self.cs.is_in_setup_mode()
    }

    /// The first gadget error, if any; the failed checks otherwise.
    pub fn finish(self) -> Result<Vec<String>, SynthesisError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.failures),
        }
    }

    /// Keeps the first error and substitutes `fallback` for the failed gadget's output.
    pub(crate) fn keep<T>(
        &mut self,
        r: Result<T, SynthesisError>,
        fallback: impl FnOnce() -> T,
    ) -> T {
        match r {
            Ok(v) => v,
            Err(e) => {
                self.error.get_or_insert(e);
                fallback()
            }
        }
    }

    /// Records the failed check `what` (when witness values are present).
    pub(crate) fn record(&mut self, what: &str) {
        if self.has_values() {
            self.failures.push(what.to_string());
        }
    }

    fn zero() -> BabyBearVar {
        BabyBearVar::constant(Val::ZERO)
    }

    fn zero_ext() -> Ext5Var {
        Ext5Var::constant(Challenge::ZERO)
    }

    /// Records `what` when both values are known and differ.
    fn note_unequal<T: PartialEq>(&mut self, a: Option<T>, b: Option<T>, what: &str) {
        if self.has_values()
            && let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            self.failures.push(what.to_string());
        }
    }
}

impl VerifierBackend for R1csBackend {
    type F = BabyBearVar;
    type EF = Ext5Var;

    fn constant(&mut self, c: Val) -> BabyBearVar {
        BabyBearVar::constant(c)
    }
    fn constant_ext(&mut self, c: Challenge) -> Ext5Var {
        Ext5Var::constant(c)
    }
    fn witness(&mut self, v: Val) -> BabyBearVar {
        let r = BabyBearVar::new_witness(self.cs.clone(), || Ok(v));
        self.keep(r, Self::zero)
    }
    fn witness_ext(&mut self, v: Challenge) -> Ext5Var {
        let r = Ext5Var::new_witness(self.cs.clone(), || Ok(v));
        self.keep(r, Self::zero_ext)
    }
    fn public_input(&mut self, v: Val) -> BabyBearVar {
        let r = BabyBearVar::new_input(self.cs.clone(), || Ok(v));
        self.keep(r, Self::zero)
    }

    fn add(&mut self, a: &BabyBearVar, b: &BabyBearVar) -> BabyBearVar {
        let r = a.add(b);
        self.keep(r, Self::zero)
    }
    fn sub(&mut self, a: &BabyBearVar, b: &BabyBearVar) -> BabyBearVar {
        let r = a.sub(b);
        self.keep(r, Self::zero)
    }
    fn mul(&mut self, a: &BabyBearVar, b: &BabyBearVar) -> BabyBearVar {
        let r = a.mul(b);
        self.keep(r, Self::zero)
    }
    fn inverse(&mut self, a: &BabyBearVar, what: &'static str) -> BabyBearVar {
        if self.has_values() && a.value().is_ok_and(|v| v == Val::ZERO) {
            self.failures.push(what.to_string());
        }
        let r = a.inverse();
        self.keep(r, Self::zero)
    }

    fn ext_add(&mut self, a: &Ext5Var, b: &Ext5Var) -> Ext5Var {
        let r = a.add(b);
        self.keep(r, Self::zero_ext)
    }
    fn ext_sub(&mut self, a: &Ext5Var, b: &Ext5Var) -> Ext5Var {
        let r = a.sub(b);
        self.keep(r, Self::zero_ext)
    }
    fn ext_mul(&mut self, a: &Ext5Var, b: &Ext5Var) -> Ext5Var {
        let r = a.mul(b);
        self.keep(r, Self::zero_ext)
    }
    fn ext_mul_base(&mut self, a: &Ext5Var, b: &BabyBearVar) -> Ext5Var {
        let r = a.mul_base(b);
        self.keep(r, Self::zero_ext)
    }
    fn ext_add_base(&mut self, a: &Ext5Var, b: &BabyBearVar) -> Ext5Var {
        let r = a.add_base(b);
        self.keep(r, Self::zero_ext)
    }
    fn ext_inverse(&mut self, a: &Ext5Var, what: &'static str) -> Ext5Var {
        if self.has_values() && a.value().is_ok_and(|v| v == Challenge::ZERO) {
            self.failures.push(what.to_string());
        }
        let r = a.inverse();
        self.keep(r, Self::zero_ext)
    }
    fn ext_from_base(&mut self, a: &BabyBearVar) -> Ext5Var {
        Ext5Var::from_base(a)
    }
    fn ext_from_coeffs(&mut self, c: [BabyBearVar; EXT_DEGREE]) -> Ext5Var {
        Ext5Var::from_coeffs(c)
    }
    fn ext_to_coeffs(&mut self, a: &Ext5Var) -> [BabyBearVar; EXT_DEGREE] {
        a.coeffs().clone()
    }

    /// Poseidon2 over BabyBear is not a gadget here: this backend verifies proofs of the
    /// BN254 hash family, whose hashing has its own gadgets. A proof that would need it
    /// is refused (the system is left unsatisfiable).
    fn permute(&mut self, state: [BabyBearVar; WIDTH]) -> [BabyBearVar; WIDTH] {
        self.reject("the R1CS verifier hashes over BN254 only (no BabyBear Poseidon2)".into());
        state
    }

    fn low_bits(&mut self, x: &BabyBearVar, n: usize) -> Vec<BabyBearVar> {
        let r = x.to_bits();
        let bits = self.keep(r, Vec::new);
        (0..n)
            .map(|i| {
                bits.get(i)
                    .map_or_else(Self::zero, BabyBearVar::from_boolean)
            })
            .collect()
    }
    fn select(
        &mut self,
        bit: &BabyBearVar,
        if_one: &BabyBearVar,
        if_zero: &BabyBearVar,
    ) -> BabyBearVar {
        // `if_zero + bit · (if_one − if_zero)`; `bit` is 0 or 1 (from `low_bits`).
        let r = if_one
            .sub(if_zero)
            .and_then(|d| d.mul(bit))
            .and_then(|t| t.add(if_zero));
        self.keep(r, Self::zero)
    }
    fn select_ext(&mut self, bit: &BabyBearVar, if_one: &Ext5Var, if_zero: &Ext5Var) -> Ext5Var {
        let r = if_one
            .sub(if_zero)
            .and_then(|d| d.mul_base(bit))
            .and_then(|t| t.add(if_zero));
        self.keep(r, Self::zero_ext)
    }

    /// A product with one of [`Self::ext_powers`] needs no reduction; a Horner step
    /// (`acc·α`) reduces the accumulator every time.
    fn folds_with_powers(&self) -> bool {
        true
    }

    /// Powers through a two-level table: `aⁱ = big[i / k] · small[i mod k]` with
    /// `k ≈ √n`, both tables reduced to canonical form (about `2√n` reductions) and each
    /// power one unreduced product (9 constraints, coordinates below `9·2⁶²`, small enough
    /// to be multiplied and summed without reduction). Stepping `aⁱ⁺¹ = aⁱ · a` instead
    /// needs a reduction every few steps and again wherever a power is used.
    fn ext_powers(&mut self, a: &Ext5Var, n: usize) -> Vec<Ext5Var> {
        if n == 0 {
            return Vec::new();
        }
        let a = a.reduce();
        let a = self.keep(a, Self::zero_ext);
        let one = Ext5Var::constant(Challenge::ONE);
        let (k, small, big) = power_tables(&a, one, n, |x, y| {
            let r = x.mul(y).and_then(|v| v.reduce());
            self.keep(r, Self::zero_ext)
        });
        (0..n)
            .map(|i| {
                let r = big[i / k].mul(&small[i % k]);
                self.keep(r, Self::zero_ext)
            })
            .collect()
    }

    /// `Σ cᵢ·xⁱ` with `xⁱ = big[i / k] · small[i mod k]` (`k ≈ √n`, both tables reduced
    /// to canonical form): each power is one unreduced product and each term five, summed
    /// without reduction. Horner's rule reduces the accumulator at every step instead.
    fn ext_poly_at_base(&mut self, coeffs: &[Ext5Var], x: &BabyBearVar) -> Ext5Var {
        let n = coeffs.len();
        if n <= 1 {
            return coeffs.first().cloned().unwrap_or_else(Self::zero_ext);
        }
        let x = x.reduce();
        let x = self.keep(x, Self::zero);
        let one = BabyBearVar::constant(Val::ONE);
        let (k, small, big) = power_tables(&x, one, n, |a, b| {
            let r = a.mul(b).and_then(|v| v.reduce());
            self.keep(r, Self::zero)
        });
        let mut sum = Self::zero_ext();
        for (i, c) in coeffs.iter().enumerate() {
            let power = big[i / k].mul(&small[i % k]);
            let term = power.and_then(|p| c.mul_base(&p));
            let term = self.keep(term, Self::zero_ext);
            sum = self.ext_add(&sum, &term);
        }
        sum
    }

    fn reduced_opening_row(
        &mut self,
        alpha_powers: &[Ext5Var],
        row: &[BabyBearVar],
        sum_at_z: &Ext5Var,
        x: &BabyBearVar,
        z: &Ext5Var,
    ) -> Ext5Var {
        let mut sum_at_x = Self::zero_ext();
        for (a, v) in alpha_powers.iter().zip(row) {
            let term = self.ext_mul_base(a, v);
            sum_at_x = self.ext_add(&sum_at_x, &term);
        }
        let denominator = self.ext_sub(z, &Ext5Var::from_base(x));
        let quotient = self.ext_inverse(
            &denominator,
            "an opening point equals a query point (z = x)",
        );
        let numerator = self.ext_sub(sum_at_z, &sum_at_x);
        self.ext_mul(&numerator, &quotient)
    }

    fn assert_eq(&mut self, a: &BabyBearVar, b: &BabyBearVar, what: &'static str) {
        self.note_unequal(a.value().ok(), b.value().ok(), what);
        let r = a.assert_equal(b);
        self.keep(r, || ());
    }
    fn assert_eq_ext(&mut self, a: &Ext5Var, b: &Ext5Var, what: &'static str) {
        self.note_unequal(a.value().ok(), b.value().ok(), what);
        let r = a.assert_equal(b);
        self.keep(r, || ());
    }
    fn reject(&mut self, what: String) {
        self.failures.push(what);
        // `1 = 0` over a fresh witness: unsatisfiable, and a constraint (not an error) in
        // setup mode too.
        let one = FpVar::new_witness(self.cs.clone(), || Ok(Fr::from(1u32)));
        let r = one.and_then(|o| o.enforce_equal(&FpVar::zero()));
        self.keep(r, || ());
    }

    fn value(&self, x: &BabyBearVar) -> Option<Val> {
        x.value().ok()
    }

    fn phase(&mut self, name: &'static str) {
        self.phases.push((name, self.cs.num_constraints()));
    }
}

/// The two tables of `aⁱ = big[i / k] · small[i mod k]` for `i < n` (`k ≈ √n`): `small`
/// holds `a⁰..a^(k−1)`, `big` the powers of `aᵏ`, every entry made by `mul_reduced`
/// (a product reduced to canonical form), so any `big[j] · small[l]` is one unreduced
/// product. Returns `(k, small, big)`; `a` must be reduced already.
fn power_tables<T: Clone>(
    a: &T,
    one: T,
    n: usize,
    mut mul_reduced: impl FnMut(&T, &T) -> T,
) -> (usize, Vec<T>, Vec<T>) {
    let k = ((n as f64).sqrt().ceil() as usize).max(1);
    let mut small = vec![one.clone()];
    while small.len() < k {
        let next = mul_reduced(small.last().expect("non-empty"), a);
        small.push(next);
    }
    let step = mul_reduced(small.last().expect("non-empty"), a);
    let mut big = vec![one];
    while big.len() * k < n {
        let next = mul_reduced(big.last().expect("non-empty"), &step);
        big.push(next);
    }
    (k, small, big)
}
