use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use p3_baby_bear::BabyBear;
use p3_field::PrimeCharacteristicRing;
use p3_symmetric::{CryptographicHasher, PseudoCompressionFunction};
use trellis_snark::convert::{bn254_to_fr, fr_to_bn254};
use trellis_snark::gadgets::{BabyBearVar, compress, hash_babybears};

use crate::common::*;

#[test]
fn sponge_gadget_equals_native_for_every_block_shape() {
    let mut rng = rng(30);
    let native = native_sponge();
    for len in [0, 1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 100] {
        let input: Vec<BabyBear> = (0..len).map(|_| rand_bb_edgy(&mut rng)).collect();
        let cs = cs();
        let vars: Vec<BabyBearVar> = input
            .iter()
            .map(|&x| BabyBearVar::new_witness(cs.clone(), || Ok(x)).unwrap())
            .collect();
        let out = hash_babybears(&vars).unwrap();
        assert_eq!(
            fr_to_bn254(out.value().unwrap()),
            native.hash_slice(&input)[0],
            "len {len}"
        );
        assert!(cs.is_satisfied().unwrap());
    }
}

/// Inputs that are lazy (non-canonical) representatives are reduced before packing.
#[test]
fn sponge_gadget_reduces_lazy_inputs() {
    let mut rng = rng(31);
    let input: Vec<BabyBear> = (0..20).map(|_| rand_bb(&mut rng)).collect();
    let cs = cs();
    let vars: Vec<BabyBearVar> = input
        .iter()
        .map(|&x| {
            // x = (x + 1) · 1 − 1, left unreduced.
            let v = BabyBearVar::new_witness(cs.clone(), || Ok(x + BabyBear::ONE)).unwrap();
            let one = BabyBearVar::new_witness(cs.clone(), || Ok(BabyBear::ONE)).unwrap();
            v.mul(&one)
                .unwrap()
                .sub(&BabyBearVar::constant(BabyBear::ONE))
                .unwrap()
        })
        .collect();
    assert!(vars.iter().all(|v| !v.is_canonical()));
    let out = hash_babybears(&vars).unwrap();
    assert_eq!(
        fr_to_bn254(out.value().unwrap()),
        native_sponge().hash_slice(&input)[0]
    );
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn compression_gadget_equals_native() {
    let mut rng = rng(32);
    let native = NativeCompress::new(trellis_snark::poseidon2_bn254());
    for _ in 0..4 {
        let (l, r) = (rand_bn254(&mut rng), rand_bn254(&mut rng));
        let cs = cs();
        let lv = FpVar::new_witness(cs.clone(), || Ok(bn254_to_fr(l))).unwrap();
        let rv = FpVar::new_witness(cs.clone(), || Ok(bn254_to_fr(r))).unwrap();
        let out = compress(&lv, &rv).unwrap();
        assert_eq!(
            fr_to_bn254(out.value().unwrap()),
            native.compress([[l], [r]])[0]
        );
        assert_eq!(cs.num_constraints(), 240);
    }
}

/// Hashing a tampered input and claiming the digest of the original fails.
#[test]
fn tampered_sponge_input_is_rejected() {
    let mut rng = rng(33);
    let input: Vec<BabyBear> = (0..20).map(|_| rand_bb(&mut rng)).collect();
    let digest = native_sponge().hash_slice(&input)[0];
    for tamper in [0, 19] {
        let cs = cs();
        let vars: Vec<BabyBearVar> = input
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let x = if i == tamper { x + BabyBear::ONE } else { x };
                BabyBearVar::new_witness(cs.clone(), || Ok(x)).unwrap()
            })
            .collect();
        let claimed = FpVar::new_input(cs.clone(), || Ok(bn254_to_fr(digest))).unwrap();
        hash_babybears(&vars)
            .unwrap()
            .enforce_equal(&claimed)
            .unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
