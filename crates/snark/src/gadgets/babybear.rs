//! [`BabyBearVar`]: a BabyBear element inside a BN254 circuit, reduced lazily.
//!
//! # Representation
//!
//! A `BabyBearVar` is one [`FpVar<Fr>`] holding a non-negative integer `v` and a bound `B`
//! known at circuit-construction time with `0 ≤ v ≤ B`; the BabyBear value it stands for is
//! `v mod p` (`p = 2³¹ − 2²⁷ + 1`). It is *canonical* when `B < p`.
//!
//! # Bound arithmetic
//!
//! Every bound stays below `2^LIMIT_BITS` (`2²⁴⁶`), far below `Fr`'s order `r ≈ 2²⁵³·⁶`, so
//! the integer never wraps modulo `r` and `Fr` arithmetic on it is integer arithmetic:
//!
//! | operation | value | bound | constraints |
//! | --- | --- | --- | --- |
//! | `a + b` | `va + vb` | `Ba + Bb` | 0 |
//! | `a − b` | `va − vb + k·p`, `k = ⌈Bb / p⌉` | `Ba + k·p` | 0 |
//! | `a · b` | `va · vb` | `Ba · Bb` | 1 (0 with a constant) |
//! | `reduce` | `r` with `v = q·p + r`, `r < p` | `p − 1` | 33 (r) + bits(⌊B/p⌋) (q) + 1 |
//! | `assert_equal` | `va − vb + k·p = m·p` | — | bits(⌊(Ba + k·p)/p⌋) (m) + 1 |
//!
//! An operation whose result bound would reach the limit first reduces the operand with the
//! larger bound (then the other). `reduce` is sound because `q < 2^bits(⌊B/p⌋) ≤ 2B/p + 1` and
//! `r < p` make `q·p + r < 2B + 2p < r`, so `v = q·p + r` holds over the integers and `r` is
//! `v mod p`.
//!
//! # Canonical values and range checks
//!
//! A canonical witness is 31 witnessed bits `b₀..b₃₀` (31 booleanity constraints), the value
//! `v` as its own variable with one constraint `v = Σ 2ⁱ·bᵢ` (so every product or sum that reads
//! `v` carries one term rather than 31: the Groth16 matrices of the chain circuit hold half
//! the entries, and its prover half the memory, for 1 % more constraints), plus the check
//! `v < p`. As `p − 1 = 15 · 2²⁷`, `v ≤ p − 1`
//! iff the top four bits `hi = Σ 2ⁱ·b₂₇₊ᵢ` are not all one or the low 27 bits `low` are zero:
//! one constraint `low = z · (hi − 15)` with a witnessed `z` (when `hi = 15` it forces
//! `low = 0`; otherwise `z = low / (hi − 15)` satisfies it). A canonical witness thus costs 33
//! constraints and keeps its bits, so [`BabyBearVar::to_bits`] on it costs nothing.

use std::cmp::max;

use ark_bn254::Fr;
use ark_ff::Field as _;
use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_r1cs_std::select::CondSelectGadget;
use ark_relations::r1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;
use p3_baby_bear::BabyBear;
use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};

use super::bits::{alloc_bits, pack_bits, range_check};
use crate::convert::{biguint_to_fr, fr_to_biguint};

/// BabyBear's characteristic `p = 2³¹ − 2²⁷ + 1`.
pub const BABYBEAR_P: u32 = 0x7800_0001;

/// Every bound stays below `2^LIMIT_BITS`.
const LIMIT_BITS: u64 = 246;

/// Bits of a canonical value.
const CANON_BITS: usize = 31;

/// A BabyBear element in a BN254 circuit: an integer representative with a tracked bound.
#[derive(Clone, Debug)]
pub struct BabyBearVar {
    /// The integer representative `v`.
    value: FpVar<Fr>,
    /// Inclusive upper bound on `v`.
    bound: BigUint,
    /// The 31-bit decomposition of `v` when it is known and canonical.
    bits: Option<Vec<Boolean<Fr>>>,
}

fn p_big() -> BigUint {
    BigUint::from(BABYBEAR_P)
}

impl BabyBearVar {
    /// The constant `c` (canonical, no constraints).
    pub fn constant(c: BabyBear) -> Self {
        let v = c.as_canonical_u32();
        Self {
            value: FpVar::constant(Fr::from(v)),
            bound: BigUint::from(v),
            bits: None,
        }
    }

    /// A private canonical witness: 33 constraints.
    pub fn new_witness(
        cs: ConstraintSystemRef<Fr>,
        f: impl FnOnce() -> Result<BabyBear, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        Self::new_witness_u32(cs, || f().map(|x| x.as_canonical_u32()))
    }

    /// A private witness given as an integer: allocates `f() mod 2³¹` and proves it less
    /// than `p` (33 constraints). An integer in `[p, 2³¹)` leaves the system unsatisfied.
    pub fn new_witness_u32(
        cs: ConstraintSystemRef<Fr>,
        f: impl FnOnce() -> Result<u32, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let bits = alloc_bits(cs, || f().map(BigUint::from), CANON_BITS)?;
        Self::from_canonical_bits(bits)
    }

    /// A public input (the verified statement's values): 33 constraints.
    pub fn new_input(
        cs: ConstraintSystemRef<Fr>,
        f: impl FnOnce() -> Result<BabyBear, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let x = FpVar::new_input(cs, || f().map(|x| Fr::from(x.as_canonical_u32())))?;
        let bits = range_check(&x, CANON_BITS)?;
        Self::canonical(bits, Some(x))
    }

    /// A private witness of 31 bits not proven canonical (31 constraints, bound `2³¹ − 1`):
    /// enough where only the value mod `p` matters (inverses).
    pub(crate) fn new_witness_u31(
        cs: ConstraintSystemRef<Fr>,
        f: impl FnOnce() -> Result<u32, SynthesisError>,
    ) -> Result<Self, SynthesisError> {
        let bits = alloc_bits(cs, || f().map(BigUint::from), CANON_BITS)?;
        Ok(Self {
            value: pack_bits(&bits)?,
            bound: (BigUint::from(1u32) << CANON_BITS) - 1u32,
            bits: None,
        })
    }

    /// The value whose 31 bits (least significant first) are `bits`, proven less than `p`
    /// (2 constraints: the value variable `v = Σ 2ⁱ·bᵢ` and `low = z · (hi − 15)` for a
    /// witnessed `z`; see the module doc).
    pub(crate) fn from_canonical_bits(bits: Vec<Boolean<Fr>>) -> Result<Self, SynthesisError> {
        Self::canonical(bits, None)
    }

    /// [`Self::from_canonical_bits`], with `value` a variable the caller has already
    /// proven equal to `Σ 2ⁱ·bᵢ` (then 1 constraint).
    fn canonical(bits: Vec<Boolean<Fr>>, value: Option<FpVar<Fr>>) -> Result<Self, SynthesisError> {
        debug_assert_eq!(bits.len(), CANON_BITS);
        let sum = pack_bits(&bits)?;
        if sum.is_constant() {
            return Ok(Self {
                value: sum,
                bound: p_big() - 1u32,
                bits: Some(bits),
            });
        }
        let value = match value {
            Some(v) => v,
            None => {
                let v = FpVar::new_witness(sum.cs(), || sum.value())?;
                v.enforce_equal(&sum)?;
                v
            }
        };
        let hi = pack_bits(&bits[27..])?;
        let low = &value - &hi * Fr::from(1u64 << 27);
        let hi_minus_15 = &hi - Fr::from(15u32);
        let z = FpVar::new_witness(value.cs(), || {
            let d = hi_minus_15.value()?;
            Ok(if d == Fr::from(0u32) {
                d
            } else {
                low.value()? * d.inverse().unwrap_or_default()
            })
        })?;
        z.mul_equals(&hi_minus_15, &low)?;
        Ok(Self {
            value,
            bound: p_big() - 1u32,
            bits: Some(bits),
        })
    }

    /// A value `v` the caller has proven to satisfy `0 ≤ v ≤ bound` (as integers).
    pub(crate) fn from_fp_with_bound(value: FpVar<Fr>, bound: BigUint) -> Self {
        Self {
            value,
            bound,
            bits: None,
        }
    }

    /// `0` or `1` from a boolean (no constraints).
    pub fn from_boolean(b: &Boolean<Fr>) -> Self {
        Self {
            value: FpVar::from(b.clone()),
            bound: BigUint::from(1u32),
            bits: None,
        }
    }

    /// The integer representative (for gadgets that pack canonical values).
    pub fn fp(&self) -> &FpVar<Fr> {
        &self.value
    }

    /// The inclusive upper bound on the integer representative.
    pub fn bound(&self) -> &BigUint {
        &self.bound
    }

    /// Whether the representative is known to be less than `p` (then it is the value).
    pub fn is_canonical(&self) -> bool {
        self.bound < p_big()
    }

    /// Whether the value is a circuit constant.
    pub fn is_constant(&self) -> bool {
        self.value.is_constant()
    }

    /// The BabyBear value (the representative mod `p`); needs an assignment.
    pub fn value(&self) -> Result<BabyBear, SynthesisError> {
        let v = fr_to_biguint(self.value.value()?) % p_big();
        Ok(BabyBear::from_u32(
            v.to_u32_digits().first().copied().unwrap_or(0),
        ))
    }

    /// The constraint system (none for a constant).
    pub fn cs(&self) -> ConstraintSystemRef<Fr> {
        self.value.cs()
    }

    fn limit() -> BigUint {
        BigUint::from(1u32) << LIMIT_BITS
    }

    /// Reduces `a` and/or `b` until `combine(Ba, Bb)` is below the limit.
    fn fit(
        a: &Self,
        b: &Self,
        combine: impl Fn(&BigUint, &BigUint) -> BigUint,
    ) -> Result<(Self, Self), SynthesisError> {
        let (mut a, mut b) = (a.clone(), b.clone());
        while combine(&a.bound, &b.bound) >= Self::limit() {
            if a.bound >= b.bound && !a.is_canonical() {
                a = a.reduce()?;
            } else if !b.is_canonical() {
                b = b.reduce()?;
            } else {
                a = a.reduce()?;
            }
        }
        Ok((a, b))
    }

    /// `self + other` (no constraints).
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = Self::fit(self, other, |x, y| x + y)?;
        Ok(Self {
            value: &a.value + &b.value,
            bound: a.bound + b.bound,
            bits: None,
        })
    }

    /// The multiple of `p` added by `sub` to keep `x − (value ≤ bound)` non-negative.
    fn offset_for(bound: &BigUint) -> BigUint {
        let p = p_big();
        (bound + &p - 1u32) / &p * p
    }

    /// `self − other` (no constraints): `self − other + k·p` with `k·p ≥` `other`'s bound.
    pub fn sub(&self, other: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = Self::fit(self, other, |x, y| x + Self::offset_for(y))?;
        let off = Self::offset_for(&b.bound);
        Ok(Self {
            value: &a.value - &b.value + FpVar::constant(biguint_to_fr(&off)),
            bound: a.bound + off,
            bits: None,
        })
    }

    /// `−self` (no constraints).
    pub fn neg(&self) -> Result<Self, SynthesisError> {
        Self::constant(BabyBear::ZERO).sub(self)
    }

    /// `self · other`: one constraint, none when either is a constant.
    pub fn mul(&self, other: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = Self::fit(self, other, |x, y| x * y)?;
        Ok(Self {
            value: &a.value * &b.value,
            bound: a.bound * b.bound,
            bits: None,
        })
    }

    /// `self · c` for a small integer constant `c` (no constraints).
    pub fn scale(&self, c: u64) -> Result<Self, SynthesisError> {
        let (a, _) = Self::fit(self, self, |x, _| x * c)?;
        Ok(Self {
            value: &a.value * Fr::from(c),
            bound: a.bound * c,
            bits: None,
        })
    }

    /// The sum of `terms` (no constraints).
    pub fn sum(terms: &[Self]) -> Result<Self, SynthesisError> {
        let mut acc = Self::constant(BabyBear::ZERO);
        for t in terms {
            acc = acc.add(t)?;
        }
        Ok(acc)
    }

    /// The canonical representative (`< p`), with its bits. Free when already canonical;
    /// otherwise `33 + bits(⌊B/p⌋) + 1` constraints (65 after one product of canonical
    /// values).
    pub fn reduce(&self) -> Result<Self, SynthesisError> {
        if self.is_canonical() {
            return Ok(self.clone());
        }
        if let FpVar::Constant(c) = &self.value {
            let v = fr_to_biguint(*c) % p_big();
            return Ok(Self {
                value: FpVar::constant(biguint_to_fr(&v)),
                bound: v,
                bits: None,
            });
        }
        let cs = self.value.cs();
        let p = p_big();
        let q_bits = (&self.bound / &p).bits() as usize;
        let int = || Ok::<_, SynthesisError>(fr_to_biguint(self.value.value()?));
        let q = alloc_bits(cs.clone(), || Ok(int()? / &p), q_bits)?;
        let r = alloc_bits(cs, || Ok(int()? % &p), CANON_BITS)?;
        let out = Self::from_canonical_bits(r)?;
        let recomposed = pack_bits(&q)? * Fr::from(BABYBEAR_P) + &out.value;
        recomposed.enforce_equal(&self.value)?;
        Ok(out)
    }

    /// The 31 bits (least significant first) of the canonical value. Free on a canonical
    /// witness or the result of [`Self::reduce`]; otherwise reduces first.
    pub fn to_bits(&self) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
        if let Some(bits) = &self.bits {
            return Ok(bits.clone());
        }
        if let FpVar::Constant(c) = &self.value {
            let v = fr_to_biguint(*c) % p_big();
            return Ok((0..CANON_BITS)
                .map(|i| Boolean::constant(v.bit(i as u64)))
                .collect());
        }
        if self.is_canonical() {
            return range_check(&self.value, CANON_BITS);
        }
        self.reduce()?.to_bits()
    }

    /// Enforces `self ≡ other (mod p)` without reducing either: one constraint when both are
    /// canonical, else `bits(⌊(Ba + k·p)/p⌋) + 1`.
    pub fn assert_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        if self.is_canonical() && other.is_canonical() {
            return self.value.enforce_equal(&other.value);
        }
        let d = self.sub(other)?;
        if let FpVar::Constant(c) = &d.value {
            return if (fr_to_biguint(*c) % p_big()).bits() == 0 {
                Ok(())
            } else {
                Err(SynthesisError::Unsatisfiable)
            };
        }
        let p = p_big();
        let m_bits = (&d.bound / &p).bits() as usize;
        let m = alloc_bits(
            d.value.cs(),
            || Ok(fr_to_biguint(d.value.value()?) / &p),
            m_bits,
        )?;
        (pack_bits(&m)? * Fr::from(BABYBEAR_P)).enforce_equal(&d.value)
    }

    /// `self⁻¹`: the inverse is witnessed (31 bits) and `self · inv ≡ 1` checked. A zero
    /// `self` leaves the system unsatisfied (a constant zero is an error).
    pub fn inverse(&self) -> Result<Self, SynthesisError> {
        if self.is_constant() {
            let v = self.value()?;
            return v
                .try_inverse()
                .map(Self::constant)
                .ok_or(SynthesisError::Unsatisfiable);
        }
        let inv = Self::new_witness_u31(self.cs(), || {
            Ok(self
                .value()?
                .try_inverse()
                .unwrap_or(BabyBear::ZERO)
                .as_canonical_u32())
        })?;
        self.mul(&inv)?
            .assert_equal(&Self::constant(BabyBear::ONE))?;
        Ok(inv)
    }

    /// `if_true` when `bit` is one, else `if_false` (one constraint unless constant).
    pub fn select(
        bit: &Boolean<Fr>,
        if_true: &Self,
        if_false: &Self,
    ) -> Result<Self, SynthesisError> {
        Ok(Self {
            value: FpVar::conditionally_select(bit, &if_true.value, &if_false.value)?,
            bound: max(if_true.bound.clone(), if_false.bound.clone()),
            bits: None,
        })
    }
}
