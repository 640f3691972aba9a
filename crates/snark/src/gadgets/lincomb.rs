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

#[cfg(test)]
mod tests {
    use ark_r1cs_std::R1CSVar;
    use ark_r1cs_std::alloc::AllocVar;
    use ark_r1cs_std::eq::EqGadget;
    use ark_relations::r1cs::{ConstraintSystem, SynthesisMode};

    use super::*;

    #[test]
    fn one_recorded_combination_with_the_right_value() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64))).unwrap();
        let y = FpVar::new_witness(cs.clone(), || Ok(Fr::from(5u64))).unwrap();
        let c = FpVar::Constant(Fr::from(7u64));
        let before = cs.borrow().unwrap().num_linear_combinations;
        let sum = lincomb(
            [
                (Fr::from(2u64), &x),
                (Fr::from(4u64), &y),
                (Fr::from(10u64), &c),
                (Fr::from(0u64), &x),
            ],
            Fr::from(1u64),
        );
        assert_eq!(cs.borrow().unwrap().num_linear_combinations, before + 1);
        assert_eq!(sum.value().unwrap(), Fr::from(2 * 3 + 4 * 5 + 70 + 1u64));
        // The recorded combination is what the value says: equal to a witness of 97.
        let w = FpVar::new_witness(cs.clone(), || Ok(Fr::from(97u64))).unwrap();
        sum.enforce_equal(&w).unwrap();
        assert!(cs.is_satisfied().unwrap());
        let wrong = FpVar::new_witness(cs.clone(), || Ok(Fr::from(96u64))).unwrap();
        sum.enforce_equal(&wrong).unwrap();
        assert!(!cs.is_satisfied().unwrap());
        // Constants only: a constant, nothing recorded.
        let k = lincomb([(Fr::from(3u64), &c)], Fr::from(2u64));
        assert!(matches!(k, FpVar::Constant(v) if v == Fr::from(23u64)));
    }

    #[test]
    fn without_assignments_the_value_is_unknown() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_mode(SynthesisMode::Setup);
        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64))).unwrap();
        let sum = lincomb([(Fr::from(2u64), &x)], Fr::from(1u64));
        assert!(sum.value().is_err());
    }
}
