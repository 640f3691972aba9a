//! Bit decompositions: the range checks every other gadget is built on.

use ark_bn254::Fr;
use ark_ff::AdditiveGroup as _;
use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::{AllocatedFp, FpVar};
use ark_relations::r1cs::{ConstraintSystemRef, LinearCombination, SynthesisError};
use num_bigint::BigUint;

/// Allocates `n` witness bits (least significant first) of the integer `value()`; `n`
/// constraints (one booleanity check per bit). The integer's bits from `n` up are dropped.
///
/// `value` is only called when the system holds assignments (not during key generation).
pub fn alloc_bits(
    cs: ConstraintSystemRef<Fr>,
    value: impl FnOnce() -> Result<BigUint, SynthesisError>,
    n: usize,
) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let v = if cs.is_in_setup_mode() {
        None
    } else {
        Some(value()?)
    };
    (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                v.as_ref()
                    .map(|v| v.bit(i as u64))
                    .ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect()
}

/// Proves `0 ≤ x < 2ⁿ` (as an integer below `Fr`'s order) by decomposing it into `n` bits,
/// returned least significant first; `n + 1` constraints (none for a constant that fits).
pub fn range_check(x: &FpVar<Fr>, n: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    if let FpVar::Constant(c) = x {
        let v = crate::convert::fr_to_biguint(*c);
        if v.bits() > n as u64 {
            return Err(SynthesisError::Unsatisfiable);
        }
        return Ok((0..n).map(|i| Boolean::constant(v.bit(i as u64))).collect());
    }
    let bits = alloc_bits(x.cs(), || Ok(crate::convert::fr_to_biguint(x.value()?)), n)?;
    pack_bits(&bits)?.enforce_equal(x)?;
    Ok(bits)
}

/// `Σ 2ⁱ·bᵢ` of `bits` (least significant first, fewer than `Fr`'s 254 bits): no
/// constraints. Unlike `Boolean::le_bits_to_fp`, which makes a symbolic linear combination
/// per bit and one for their sum, this records one, so large circuits hold a fraction of
/// the linear combinations while they are synthesized (the same matrices come out).
pub fn pack_bits(bits: &[Boolean<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    debug_assert!(bits.len() < 254);
    let cs = bits.cs();
    if cs.is_none() {
        // Every bit is a constant.
        return Boolean::le_bits_to_fp(bits);
    }
    let mut lc = LinearCombination::zero();
    let mut power = Fr::from(1u64);
    for b in bits {
        lc = lc + (power, &b.lc());
        power.double_in_place();
    }
    let value = if cs.is_in_setup_mode() {
        None
    } else {
        let mut v = Fr::from(0u64);
        let mut power = Fr::from(1u64);
        for b in bits {
            if b.value()? {
                v += power;
            }
            power.double_in_place();
        }
        Some(v)
    };
    let variable = cs.new_lc(lc)?;
    Ok(FpVar::Var(AllocatedFp::new(value, variable, cs)))
}
