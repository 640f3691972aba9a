//! Prints the R1CS constraint count of each gadget.
//!
//! `cargo run -p trellis-snark --example constraint_counts`

use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::{ConstraintSystem, ConstraintSystemRef, SynthesisError};
use p3_baby_bear::BabyBear;
use p3_field::extension::BinomialExtensionField;
use p3_field::{BasedVectorSpace, PrimeCharacteristicRing};
use trellis_snark::Fr;
use trellis_snark::gadgets::{
    BabyBearVar, ChallengerVar, Ext5Var, compress, hash_babybears, poseidon2_permute,
};

type Ext = BinomialExtensionField<BabyBear, 5>;

/// Constraints `body` adds after `setup` (whose own constraints are not counted).
fn count<S>(
    setup: impl FnOnce(&ConstraintSystemRef<Fr>) -> Result<S, SynthesisError>,
    body: impl FnOnce(S) -> Result<(), SynthesisError>,
) -> Result<usize, SynthesisError> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let s = setup(&cs)?;
    let before = cs.num_constraints();
    body(s)?;
    assert!(cs.is_satisfied()?, "the measured circuit must be satisfied");
    Ok(cs.num_constraints() - before)
}

fn bb(cs: &ConstraintSystemRef<Fr>, v: u32) -> Result<BabyBearVar, SynthesisError> {
    BabyBearVar::new_witness(cs.clone(), || Ok(BabyBear::from_u32(v)))
}

fn ext(cs: &ConstraintSystemRef<Fr>, v: u32) -> Result<Ext5Var, SynthesisError> {
    Ext5Var::new_witness(cs.clone(), || {
        Ok(
            Ext::from_u32(v)
                + Ext::from_basis_coefficients_fn(|i| BabyBear::from_u32(v + i as u32)),
        )
    })
}

/// Constraints of one canonical witness allocation.
fn witness_count() -> Result<usize, SynthesisError> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    bb(&cs, 5)?;
    Ok(cs.num_constraints())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: Vec<(&str, usize)> = vec![
        ("BabyBear canonical witness", witness_count()?),
        (
            "BabyBear mul (canonical operands)",
            count(
                |cs| Ok((bb(cs, 5)?, bb(cs, 7)?)),
                |(a, b)| a.mul(&b).map(drop),
            )?,
        ),
        (
            "BabyBear mul + reduce",
            count(
                |cs| Ok((bb(cs, 5)?, bb(cs, 7)?)),
                |(a, b)| a.mul(&b)?.reduce().map(drop),
            )?,
        ),
        (
            "BabyBear assert_equal after mul",
            count(
                |cs| Ok((bb(cs, 5)?, bb(cs, 7)?, bb(cs, 35)?)),
                |(a, b, c)| a.mul(&b)?.assert_equal(&c),
            )?,
        ),
        (
            "BabyBear inverse",
            count(|cs| bb(cs, 5), |a| a.inverse().map(drop))?,
        ),
        (
            "ext5 mul",
            count(
                |cs| Ok((ext(cs, 5)?, ext(cs, 7)?)),
                |(a, b)| a.mul(&b).map(drop),
            )?,
        ),
        (
            "ext5 mul + reduce",
            count(
                |cs| Ok((ext(cs, 5)?, ext(cs, 7)?)),
                |(a, b)| a.mul(&b)?.reduce().map(drop),
            )?,
        ),
        (
            "ext5 mul_base",
            count(
                |cs| Ok((ext(cs, 5)?, bb(cs, 7)?)),
                |(a, b)| a.mul_base(&b).map(drop),
            )?,
        ),
        (
            "ext5 inverse",
            count(|cs| ext(cs, 5), |a| a.inverse().map(drop))?,
        ),
        (
            "Poseidon2-BN254 permutation",
            count(
                |cs| {
                    (0..3)
                        .map(|i| FpVar::new_witness(cs.clone(), || Ok(Fr::from(i as u64))))
                        .collect::<Result<Vec<_>, _>>()
                },
                |s| poseidon2_permute(&[s[0].clone(), s[1].clone(), s[2].clone()]).map(drop),
            )?,
        ),
        (
            "hash of 100 canonical BabyBear values",
            count(
                |cs| (0..100).map(|i| bb(cs, i)).collect::<Result<Vec<_>, _>>(),
                |v| hash_babybears(&v).map(drop),
            )?,
        ),
        (
            "Merkle compression (2-to-1)",
            count(
                |cs| {
                    Ok((
                        FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64)))?,
                        FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64)))?,
                    ))
                },
                |(l, r)| compress(&l, &r).map(drop),
            )?,
        ),
        (
            "challenger: observe 1 value + sample (flush + split)",
            count(
                |cs| bb(cs, 9),
                |x| {
                    let mut ch = ChallengerVar::new();
                    ch.observe(&x)?;
                    ch.sample().map(drop)
                },
            )?,
        ),
        (
            "challenger: the next 6 samples (same word)",
            count(
                |cs| {
                    let mut ch = ChallengerVar::new();
                    ch.observe(&bb(cs, 9)?)?;
                    ch.sample()?;
                    Ok(ch)
                },
                |mut ch| (0..6).try_for_each(|_| ch.sample().map(drop)),
            )?,
        ),
        (
            "challenger: the 8th sample (splits the second word)",
            count(
                |cs| {
                    let mut ch = ChallengerVar::new();
                    ch.observe(&bb(cs, 9)?)?;
                    (0..7).try_for_each(|_| ch.sample().map(drop))?;
                    Ok(ch)
                },
                |mut ch| ch.sample().map(drop),
            )?,
        ),
        (
            "challenger: observe digest + sample_ext",
            count(
                |cs| FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64))),
                |d| {
                    let mut ch = ChallengerVar::new();
                    ch.observe_digest(&[d])?;
                    ch.sample_ext().map(drop)
                },
            )?,
        ),
    ];
    println!("{:<55} {:>11}", "gadget", "constraints");
    for (name, n) in rows {
        println!("{name:<55} {n:>11}");
    }
    Ok(())
}
