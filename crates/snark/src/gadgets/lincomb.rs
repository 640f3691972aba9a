//! [`lincomb`]: a linear combination of field variables as one recorded combination.
//!
//! `FpVar` arithmetic records a symbolic linear combination in the constraint system for
//! every addition and every product with a constant, each referring to the previous one:
//! a sum of `n` scaled terms leaves `2n` of them, all kept until the system is finalized.
//! In the chain circuit those were most of the synthesis memory. [`lincomb`] records one.

use ark_bn254::Fr;
use ark_ff::Zero;
use ark_r1cs_std::fields::fp::{AllocatedFp, FpVar};
use ark_relations::r1cs::{ConstraintSystemRef, LinearCombination, Variable};

/// `constant + Σ cᵢ·xᵢ` over `terms` `(cᵢ, xᵢ)`: no constraint, one recorded linear
/// combination (none when every `xᵢ` is a constant).
pub fn lincomb<'a>(
    terms: impl IntoIterator<Item = (Fr, &'a FpVar<Fr>)>,
    constant: Fr,
) -> FpVar<Fr> {
    let mut lc = LinearCombination::<Fr>::zero();
    let mut fixed = constant;
    // Σ cᵢ·xᵢ over the variables, while every value is known (not during key generation).
    let mut varying = Some(Fr::zero());
    let mut cs = ConstraintSystemRef::None;
    for (c, x) in terms {
        match x {
            FpVar::Constant(v) => fixed += c * v,
            FpVar::Var(v) => {
                if c.is_zero() {
                    continue;
                }
                lc += (c, v.variable);
                varying = match (varying, v.value()) {
                    (Some(acc), Ok(xv)) => Some(acc + c * xv),
                    _ => None,
                };
                cs = cs.or(v.cs.clone());
            }
        }
    }
    if cs.is_none() {
        return FpVar::Constant(fixed);
    }
    lc += (fixed, Variable::One);
    let variable = cs
        .new_lc(lc)
        .expect("a constraint system that is not None records linear combinations");
    FpVar::Var(AllocatedFp::new(varying.map(|v| v + fixed), variable, cs))
}
