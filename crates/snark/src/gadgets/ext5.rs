//! [`Ext5Var`]: an element of BabyBear's degree-5 binomial extension `F[X]/(X⁵ − 2)`
//! (Plonky3's `BinomialExtensionField<BabyBear, 5>`), as five lazily reduced
//! [`BabyBearVar`] coordinates `Σ cᵢ Xⁱ`.
//!
//! Multiplication costs 9 constraints: the 9 coefficients of the polynomial product come
//! from [`super::toom`] (9 products instead of 25) and fold with `X⁵ = 2` for free. No
//! coordinate is reduced unless a bound would otherwise reach the limit (see
//! [`super::babybear`]); after one product of canonical elements coordinate `k` is bounded by
//! `(k + 1 + 2·(4 − k))·(p − 1)²` (at most `9·(p − 1)² < 2⁶⁶`).

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;
use p3_baby_bear::BabyBear;
use p3_field::extension::BinomialExtensionField;
use p3_field::{BasedVectorSpace, Field, PrimeCharacteristicRing, PrimeField32};

use super::babybear::BabyBearVar;
use super::toom::poly_mul;

/// The extension degree.
pub const EXT_DEGREE: usize = 5;
/// The binomial constant: `X⁵ = W`.
pub const W: u64 = 2;

/// The native extension field.
type Ext = BinomialExtensionField<BabyBear, EXT_DEGREE>;

/// Every operand bound of a multiplication stays below `2^MUL_OPERAND_BITS`, so the 9 product
/// coefficients (each at most `5·Ba·Bb`, folded to `(1 + 2·4)·Ba·Bb`) stay below the limit.
const MUL_OPERAND_BITS: u64 = 118;

/// An element of `BinomialExtensionField<BabyBear, 5>` in a BN254 circuit.
#[derive(Clone, Debug)]
pub struct Ext5Var {
    coeffs: [BabyBearVar; EXT_DEGREE],
}

impl Ext5Var {
    /// The constant `c`.
    pub fn constant(c: Ext) -> Self {
        let cs = c.as_basis_coefficients_slice();
        Self {
            coeffs: std::array::from_fn(|i| BabyBearVar::constant(cs[i])),
        }
    }

    /// A private witness with canonical coordinates (5 × 32 constraints).
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        f: impl FnOnce() -> Result<Ext, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let v = if cs.is_in_setup_mode() {
            None
        } else {
            Some(f()?)
        };
        let mut coeffs = Vec::with_capacity(EXT_DEGREE);
        for i in 0..EXT_DEGREE {
            coeffs.push(BabyBearVar::new_witness(cs.clone(), || {
                v.map(|v| v.as_basis_coefficients_slice()[i])
                    .ok_or(SynthesisError::AssignmentMissing)
            })?);
        }
        Ok(Self::from_coeffs(to_array(coeffs)))
    }

    /// `Σ cᵢ Xⁱ` from its coordinates.
    pub fn from_coeffs(coeffs: [BabyBearVar; EXT_DEGREE]) -> Self {
        Self { coeffs }
    }

    /// The coordinates `c₀..c₄` (the order in which the transcript absorbs them).
    pub fn coeffs(&self) -> &[BabyBearVar; EXT_DEGREE] {
        &self.coeffs
    }

    /// The base value `a` as an extension element (no constraints).
    pub fn from_base(a: &BabyBearVar) -> Self {
        let zero = BabyBearVar::constant(BabyBear::ZERO);
        Self {
            coeffs: std::array::from_fn(|i| if i == 0 { a.clone() } else { zero.clone() }),
        }
    }

    /// The extension value; needs an assignment.
    pub fn value(&self) -> Result<Ext, SynthesisError> {
        let mut c = [BabyBear::ZERO; EXT_DEGREE];
        for (ci, v) in c.iter_mut().zip(&self.coeffs) {
            *ci = v.value()?;
        }
        Ok(Ext::from_basis_coefficients_fn(|i| c[i]))
    }

    fn zip(
        &self,
        other: &Self,
        f: impl Fn(&BabyBearVar, &BabyBearVar) -> Result<BabyBearVar, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let mut out = Vec::with_capacity(EXT_DEGREE);
        for (a, b) in self.coeffs.iter().zip(&other.coeffs) {
            out.push(f(a, b)?);
        }
        Ok(Self::from_coeffs(to_array(out)))
    }

    /// `self + other` (no constraints).
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.zip(other, BabyBearVar::add)
    }

    /// `self − other` (no constraints).
    pub fn sub(&self, other: &Self) -> Result<Self, SynthesisError> {
        self.zip(other, BabyBearVar::sub)
    }

    /// `self + b` for a base value `b` (no constraints).
    pub fn add_base(&self, b: &BabyBearVar) -> Result<Self, SynthesisError> {
        let mut out = self.clone();
        out.coeffs[0] = out.coeffs[0].add(b)?;
        Ok(out)
    }

    /// `self · b` for a base value `b`: 5 constraints (none with a constant).
    pub fn mul_base(&self, b: &BabyBearVar) -> Result<Self, SynthesisError> {
        let mut out = Vec::with_capacity(EXT_DEGREE);
        for a in &self.coeffs {
            out.push(a.mul(b)?);
        }
        Ok(Self::from_coeffs(to_array(out)))
    }

    /// Every coordinate reduced to canonical form.
    pub fn reduce(&self) -> Result<Self, SynthesisError> {
        let mut out = Vec::with_capacity(EXT_DEGREE);
        for a in &self.coeffs {
            out.push(a.reduce()?);
        }
        Ok(Self::from_coeffs(to_array(out)))
    }

    /// Coordinates whose bound is at least `2^MUL_OPERAND_BITS` reduced.
    fn fit_for_mul(&self) -> Result<Self, SynthesisError> {
        let limit = BigUint::from(1u32) << MUL_OPERAND_BITS;
        let mut out = self.clone();
        for c in out.coeffs.iter_mut() {
            if *c.bound() >= limit {
                *c = c.reduce()?;
            }
        }
        Ok(out)
    }

    /// `self · other`: 9 constraints (none when either is a constant).
    pub fn mul(&self, other: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = (self.fit_for_mul()?, other.fit_for_mul()?);
        let fa: [FpVar<Fr>; EXT_DEGREE] = std::array::from_fn(|i| a.coeffs[i].fp().clone());
        let fb: [FpVar<Fr>; EXT_DEGREE] = std::array::from_fn(|i| b.coeffs[i].fp().clone());
        let prod = poly_mul(&fa, &fb)?;
        let mut out = Vec::with_capacity(EXT_DEGREE);
        for k in 0..EXT_DEGREE {
            // The exact integer bound of coefficient k (and of k + 5) of the product.
            let coef_bound = |k: usize| -> BigUint {
                (0..EXT_DEGREE)
                    .filter(|&i| k >= i && k - i < EXT_DEGREE)
                    .map(|i| a.coeffs[i].bound() * b.coeffs[k - i].bound())
                    .sum()
            };
            let low = BabyBearVar::from_fp_with_bound(prod[k].clone(), coef_bound(k));
            let folded = if k + EXT_DEGREE < prod.len() {
                let high = BabyBearVar::from_fp_with_bound(
                    prod[k + EXT_DEGREE].clone(),
                    coef_bound(k + EXT_DEGREE),
                );
                low.add(&high.scale(W)?)?
            } else {
                low
            };
            out.push(folded);
        }
        Ok(Self::from_coeffs(to_array(out)))
    }

    /// `self²` (9 constraints).
    pub fn square(&self) -> Result<Self, SynthesisError> {
        self.mul(self)
    }

    /// Enforces `self = other` coordinate by coordinate, without reducing.
    pub fn assert_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        for (a, b) in self.coeffs.iter().zip(&other.coeffs) {
            a.assert_equal(b)?;
        }
        Ok(())
    }

    /// `self⁻¹`: the inverse is witnessed (5 × 31 bits) and `self · inv = 1` checked. A zero
    /// `self` leaves the system unsatisfied (a constant zero is an error).
    pub fn inverse(&self) -> Result<Self, SynthesisError> {
        if self.coeffs.iter().all(BabyBearVar::is_constant) {
            return self
                .value()?
                .try_inverse()
                .map(Self::constant)
                .ok_or(SynthesisError::Unsatisfiable);
        }
        let cs = self
            .coeffs
            .iter()
            .map(BabyBearVar::cs)
            .fold(ConstraintSystemRef::None, |a, b| a.or(b));
        let v: Option<Ext> = if cs.is_in_setup_mode() {
            None
        } else {
            Some(self.value()?.try_inverse().unwrap_or(Ext::ZERO))
        };
        let mut coeffs = Vec::with_capacity(EXT_DEGREE);
        for i in 0..EXT_DEGREE {
            coeffs.push(BabyBearVar::new_witness_u31(cs.clone(), || {
                v.map(|v| {
                    BasedVectorSpace::<BabyBear>::as_basis_coefficients_slice(&v)[i]
                        .as_canonical_u32()
                })
                .ok_or(SynthesisError::AssignmentMissing)
            })?);
        }
        let inv = Self::from_coeffs(to_array(coeffs));
        self.mul(&inv)?.assert_equal(&Self::constant(Ext::ONE))?;
        Ok(inv)
    }

    /// `if_true` when `bit` is one, else `if_false` (5 constraints unless constant).
    pub fn select(
        bit: &Boolean<Fr>,
        if_true: &Self,
        if_false: &Self,
    ) -> Result<Self, SynthesisError> {
        if_true.zip(if_false, |a, b| BabyBearVar::select(bit, a, b))
    }
}

fn to_array(v: Vec<BabyBearVar>) -> [BabyBearVar; EXT_DEGREE] {
    // Every caller pushes exactly EXT_DEGREE coordinates.
    let mut it = v.into_iter();
    std::array::from_fn(|_| {
        it.next()
            .unwrap_or_else(|| BabyBearVar::constant(BabyBear::ZERO))
    })
}
