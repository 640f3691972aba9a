//! A backend wrapper that counts every operation by kind: what verifying one proof
//! costs a recursion program (or circuit) built from the same calls.

use std::fmt;

use trellis_stark::{Challenge, Val};

use crate::backend::{Digest, EXT_DEGREE, VerifierBackend, WIDTH};

/// Operation counts of one verification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpCounts {
    /// Constants loaded (base and extension).
    pub constants: u64,
    /// Proof values loaded (base; an extension value counts 4).
    pub witness_elements: u64,
    /// Public inputs loaded.
    pub public_inputs: u64,
    /// Base-field additions and subtractions.
    pub base_add: u64,
    /// Base-field multiplications.
    pub base_mul: u64,
    /// Base-field inversions.
    pub base_inv: u64,
    /// Extension additions and subtractions (incl. extension + base).
    pub ext_add: u64,
    /// Extension × extension multiplications.
    pub ext_mul: u64,
    /// Extension × base multiplications.
    pub ext_mul_base: u64,
    /// Extension inversions.
    pub ext_inv: u64,
    /// Packing / unpacking an extension element to or from its coordinates.
    pub ext_pack: u64,
    /// Poseidon2-16 permutations (Merkle path levels are counted apart).
    pub permutations: u64,
    /// Bit decompositions (each of one field element).
    pub bit_decompositions: u64,
    /// Bits produced by them.
    pub bits: u64,
    /// Selections (base and extension).
    pub selects: u64,
    /// Merkle path levels (one node and its sibling ordered by an index bit, compressed).
    pub merkle_steps: u64,
    /// Reduced-opening rows (one per opened row and opening point).
    pub reduced_opening_rows: u64,
    /// Base values read by those rows.
    pub reduced_opening_elements: u64,
    /// Equality checks (an extension check counts once).
    pub asserts: u64,
}

impl fmt::Display for OpCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = [
            ("Poseidon2 permutations", self.permutations),
            ("reduced-opening rows", self.reduced_opening_rows),
            ("  base values in them", self.reduced_opening_elements),
            ("ext mul", self.ext_mul),
            ("ext × base mul", self.ext_mul_base),
            ("ext add/sub", self.ext_add),
            ("ext inverse", self.ext_inv),
            ("ext pack/unpack", self.ext_pack),
            ("base add/sub", self.base_add),
            ("base mul", self.base_mul),
            ("base inverse", self.base_inv),
            ("selects", self.selects),
            ("Merkle path levels", self.merkle_steps),
            ("bit decompositions", self.bit_decompositions),
            ("  bits", self.bits),
            ("asserts", self.asserts),
            ("witness elements", self.witness_elements),
            ("public inputs", self.public_inputs),
            ("constants", self.constants),
        ];
        for (name, n) in rows {
            if n > 0 {
                writeln!(f, "{name:<26}{n:>12}")?;
            }
        }
        Ok(())
    }
}

/// Wraps a backend and counts the operations made through it, in total and per phase.
pub struct CountingBackend<B> {
    inner: B,
    counts: OpCounts,
    phases: Vec<(&'static str, OpCounts)>,
    current: usize,
}

impl<B> CountingBackend<B> {
    /// Counts the operations made on `inner`.
    pub fn new(inner: B) -> Self {
        Self {
            inner,
            counts: OpCounts::default(),
            phases: vec![("setup", OpCounts::default())],
            current: 0,
        }
    }

    /// The counts so far.
    pub fn counts(&self) -> OpCounts {
        self.counts
    }

    /// The counts per phase, in the order the phases were first entered.
    pub fn phases(&self) -> &[(&'static str, OpCounts)] {
        &self.phases
    }

    fn bump(&mut self, f: impl Fn(&mut OpCounts)) {
        f(&mut self.counts);
        f(&mut self.phases[self.current].1);
    }

    /// The wrapped backend.
    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: VerifierBackend> VerifierBackend for CountingBackend<B> {
    type F = B::F;
    type EF = B::EF;

    fn constant(&mut self, c: Val) -> B::F {
        self.bump(|c| c.constants += 1);
        self.inner.constant(c)
    }
    fn constant_ext(&mut self, c: Challenge) -> B::EF {
        self.bump(|c| c.constants += 1);
        self.inner.constant_ext(c)
    }
    fn witness(&mut self, v: Val) -> B::F {
        self.bump(|c| c.witness_elements += 1);
        self.inner.witness(v)
    }
    fn witness_ext(&mut self, v: Challenge) -> B::EF {
        self.bump(|c| c.witness_elements += EXT_DEGREE as u64);
        self.inner.witness_ext(v)
    }
    fn public_input(&mut self, v: Val) -> B::F {
        self.bump(|c| c.public_inputs += 1);
        self.inner.public_input(v)
    }
    fn add(&mut self, a: &B::F, b: &B::F) -> B::F {
        self.bump(|c| c.base_add += 1);
        self.inner.add(a, b)
    }
    fn sub(&mut self, a: &B::F, b: &B::F) -> B::F {
        self.bump(|c| c.base_add += 1);
        self.inner.sub(a, b)
    }
    fn mul(&mut self, a: &B::F, b: &B::F) -> B::F {
        self.bump(|c| c.base_mul += 1);
        self.inner.mul(a, b)
    }
    fn inverse(&mut self, a: &B::F, what: &'static str) -> B::F {
        self.bump(|c| c.base_inv += 1);
        self.inner.inverse(a, what)
    }
    fn ext_add(&mut self, a: &B::EF, b: &B::EF) -> B::EF {
        self.bump(|c| c.ext_add += 1);
        self.inner.ext_add(a, b)
    }
    fn ext_sub(&mut self, a: &B::EF, b: &B::EF) -> B::EF {
        self.bump(|c| c.ext_add += 1);
        self.inner.ext_sub(a, b)
    }
    fn ext_mul(&mut self, a: &B::EF, b: &B::EF) -> B::EF {
        self.bump(|c| c.ext_mul += 1);
        self.inner.ext_mul(a, b)
    }
    fn ext_mul_base(&mut self, a: &B::EF, b: &B::F) -> B::EF {
        self.bump(|c| c.ext_mul_base += 1);
        self.inner.ext_mul_base(a, b)
    }
    fn ext_add_base(&mut self, a: &B::EF, b: &B::F) -> B::EF {
        self.bump(|c| c.ext_add += 1);
        self.inner.ext_add_base(a, b)
    }
    fn ext_inverse(&mut self, a: &B::EF, what: &'static str) -> B::EF {
        self.bump(|c| c.ext_inv += 1);
        self.inner.ext_inverse(a, what)
    }
    fn ext_from_base(&mut self, a: &B::F) -> B::EF {
        self.bump(|c| c.ext_pack += 1);
        self.inner.ext_from_base(a)
    }
    fn ext_from_coeffs(&mut self, c: [B::F; EXT_DEGREE]) -> B::EF {
        self.bump(|c| c.ext_pack += 1);
        self.inner.ext_from_coeffs(c)
    }
    fn ext_to_coeffs(&mut self, a: &B::EF) -> [B::F; EXT_DEGREE] {
        self.bump(|c| c.ext_pack += 1);
        self.inner.ext_to_coeffs(a)
    }
    fn permute(&mut self, state: [B::F; WIDTH]) -> [B::F; WIDTH] {
        self.bump(|c| c.permutations += 1);
        self.inner.permute(state)
    }
    fn low_bits(&mut self, x: &B::F, n: usize) -> Vec<B::F> {
        self.bump(|c| c.bit_decompositions += 1);
        self.bump(|c| c.bits += n as u64);
        self.inner.low_bits(x, n)
    }
    fn select(&mut self, bit: &B::F, if_one: &B::F, if_zero: &B::F) -> B::F {
        self.bump(|c| c.selects += 1);
        self.inner.select(bit, if_one, if_zero)
    }
    fn select_ext(&mut self, bit: &B::F, if_one: &B::EF, if_zero: &B::EF) -> B::EF {
        self.bump(|c| c.selects += 1);
        self.inner.select_ext(bit, if_one, if_zero)
    }
    fn merkle_step(
        &mut self,
        bit: &B::F,
        node: &Digest<B::F>,
        sibling: &Digest<B::F>,
    ) -> Digest<B::F> {
        self.bump(|c| c.merkle_steps += 1);
        self.inner.merkle_step(bit, node, sibling)
    }
    fn reduced_opening_row(
        &mut self,
        alpha_powers: &[B::EF],
        row: &[B::F],
        sum_at_z: &B::EF,
        x: &B::F,
        z: &B::EF,
    ) -> B::EF {
        self.bump(|c| c.reduced_opening_rows += 1);
        self.bump(|c| c.reduced_opening_elements += row.len() as u64);
        self.inner
            .reduced_opening_row(alpha_powers, row, sum_at_z, x, z)
    }
    fn assert_eq(&mut self, a: &B::F, b: &B::F, what: &'static str) {
        self.bump(|c| c.asserts += 1);
        self.inner.assert_eq(a, b, what)
    }
    fn assert_eq_ext(&mut self, a: &B::EF, b: &B::EF, what: &'static str) {
        self.bump(|c| c.asserts += 1);
        self.inner.assert_eq_ext(a, b, what)
    }
    fn phase(&mut self, name: &'static str) {
        // Re-entering a phase counts on: phases accumulate by name.
        self.current = match self.phases.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                self.phases.push((name, OpCounts::default()));
                self.phases.len() - 1
            }
        };
        self.inner.phase(name);
    }
    fn reject(&mut self, what: String) {
        self.inner.reject(what)
    }
    fn value(&self, x: &B::F) -> Option<Val> {
        self.inner.value(x)
    }
}
