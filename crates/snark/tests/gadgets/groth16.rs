//! A Groth16 round trip on a circuit made of the gadgets: witnessed BabyBear and extension
//! values, an extension product, the sponge hash, a Merkle compression and a challenger
//! sample; the digest and the challenge are public inputs.

use ark_bn254::Bn254 as Curve;
use ark_groth16::Groth16;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_snark::SNARK;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use p3_baby_bear::BabyBear;
use p3_challenger::{CanObserve, CanSample};
use p3_field::{BasedVectorSpace, PrimeField32};
use p3_symmetric::{CryptographicHasher, PseudoCompressionFunction};
use trellis_snark::Fr;
use trellis_snark::convert::bn254_to_fr;
use trellis_snark::gadgets::{BabyBearVar, ChallengerVar, Ext5Var, compress, hash_babybears};

use crate::common::*;

#[derive(Clone)]
struct Circuit {
    vals: Vec<BabyBear>,
    a: Ext,
    b: Ext,
    /// Public: compress(hash(vals ‖ coords(a·b)), hash(vals)).
    root: Fr,
    /// Public: the challenge sampled after observing the root... as a canonical integer.
    challenge: Fr,
}

impl ConstraintSynthesizer<Fr> for Circuit {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let root = FpVar::new_input(cs.clone(), || Ok(self.root))?;
        let challenge = FpVar::new_input(cs.clone(), || Ok(self.challenge))?;
        let vals: Vec<BabyBearVar> = self
            .vals
            .iter()
            .map(|&x| BabyBearVar::new_witness(cs.clone(), || Ok(x)))
            .collect::<Result<_, _>>()?;
        let a = Ext5Var::new_witness(cs.clone(), || Ok(self.a))?;
        let b = Ext5Var::new_witness(cs.clone(), || Ok(self.b))?;
        let prod = a.mul(&b)?;
        let mut leaf_in = vals.clone();
        leaf_in.extend(prod.coeffs().iter().cloned());
        let left = hash_babybears(&leaf_in)?;
        let right = hash_babybears(&vals)?;
        let node = compress(&left, &right)?;
        node.enforce_equal(&root)?;
        let mut ch = ChallengerVar::new();
        ch.observe_digest(&[node])?;
        ch.sample()?.fp().enforce_equal(&challenge)?;
        Ok(())
    }
}

fn honest() -> Circuit {
    let mut rng = rng(50);
    let vals: Vec<BabyBear> = (0..10).map(|_| rand_bb(&mut rng)).collect();
    let (a, b) = (rand_ext(&mut rng), rand_ext(&mut rng));
    let sponge = native_sponge();
    let mut leaf_in = vals.clone();
    leaf_in.extend_from_slice((a * b).as_basis_coefficients_slice());
    let node = NativeCompress::new(trellis_snark::poseidon2_bn254())
        .compress([sponge.hash_slice(&leaf_in), sponge.hash_slice(&vals)]);
    let mut ch = native_challenger();
    ch.observe(p3_symmetric::Hash::<BabyBear, p3_bn254::Bn254, 1>::from(
        node,
    ));
    let c: BabyBear = ch.sample();
    Circuit {
        vals,
        a,
        b,
        root: bn254_to_fr(node[0]),
        challenge: Fr::from(c.as_canonical_u32()),
    }
}

#[test]
fn groth16_round_trip_and_rejections() {
    let circuit = honest();
    let mut rng = StdRng::seed_from_u64(13);
    let (pk, vk) =
        Groth16::<Curve>::circuit_specific_setup(circuit.clone(), &mut rng).expect("setup");
    let public = [circuit.root, circuit.challenge];
    let proof = Groth16::<Curve>::prove(&pk, circuit.clone(), &mut rng).expect("prove");
    assert!(Groth16::<Curve>::verify(&vk, &public, &proof).expect("verify"));
    // The proof does not verify other public inputs.
    let wrong_public = [circuit.root, circuit.challenge + Fr::from(1u64)];
    assert!(!Groth16::<Curve>::verify(&vk, &wrong_public, &proof).expect("verify"));

    // A tampered witness leaves the system unsatisfied.
    let mut bad = circuit.clone();
    bad.vals[3] += BabyBear::new(1);
    let cs = ark_relations::r1cs::ConstraintSystem::<Fr>::new_ref();
    bad.generate_constraints(cs.clone()).unwrap();
    assert!(!cs.is_satisfied().unwrap());
    let cs = ark_relations::r1cs::ConstraintSystem::<Fr>::new_ref();
    circuit.generate_constraints(cs.clone()).unwrap();
    assert!(cs.is_satisfied().unwrap());
}
