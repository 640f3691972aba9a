use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use p3_baby_bear::BabyBear;
use p3_challenger::{CanObserve, CanSample, CanSampleBits, FieldChallenger, GrindingChallenger};
use p3_field::PrimeCharacteristicRing;
use p3_symmetric::Hash;
use rand::Rng;
use trellis_snark::SnarkError;
use trellis_snark::convert::bn254_to_fr;
use trellis_snark::gadgets::{BabyBearVar, ChallengerVar, Ext5Var};

use crate::common::*;

/// Runs one random transcript on the native challenger and the gadget; every sampled value
/// must agree.
fn run_script(seed: u64, steps: usize) {
    let mut rng = rng(seed);
    let cs = cs();
    let mut native = native_challenger();
    let mut gadget = ChallengerVar::new();
    let mut compared = 0;
    for _ in 0..steps {
        match rng.random_range(0..7) {
            0 | 1 => {
                // Observe a batch: lengths around the 16-value flush threshold.
                let n = [1, 3, 15, 16, 17, 33][rng.random_range(0..6)];
                for _ in 0..n {
                    let x = rand_bb_edgy(&mut rng);
                    native.observe(x);
                    gadget
                        .observe(&BabyBearVar::new_witness(cs.clone(), || Ok(x)).unwrap())
                        .unwrap();
                }
            }
            2 => {
                let d = rand_bn254(&mut rng);
                native.observe(Hash::<BabyBear, p3_bn254::Bn254, 1>::from([d]));
                let dv = FpVar::new_witness(cs.clone(), || Ok(bn254_to_fr(d))).unwrap();
                gadget.observe_digest(&[dv]).unwrap();
            }
            3 => {
                // A run of samples, sometimes longer than one squeeze (14 challenges).
                for _ in 0..rng.random_range(1..20) {
                    let want: BabyBear = native.sample();
                    assert_eq!(gadget.sample().unwrap().value().unwrap(), want);
                    compared += 1;
                }
            }
            4 => {
                let want: Ext = native.sample_algebra_element();
                assert_eq!(gadget.sample_ext().unwrap().value().unwrap(), want);
                compared += 5;
            }
            5 => {
                let bits = rng.random_range(1..=30);
                let want = native.sample_bits(bits);
                let got = gadget.sample_bits(bits).unwrap();
                let v: usize = got
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (b.value().unwrap() as usize) << i)
                    .sum();
                assert_eq!(got.len(), bits);
                assert_eq!(v, want);
                compared += 1;
            }
            _ => {
                let e = rand_ext(&mut rng);
                native.observe_algebra_element(e);
                gadget
                    .observe_ext(&Ext5Var::new_witness(cs.clone(), || Ok(e)).unwrap())
                    .unwrap();
            }
        }
    }
    // Finish with a sample so the last observations count.
    let want: BabyBear = native.sample();
    assert_eq!(gadget.sample().unwrap().value().unwrap(), want);
    assert!(compared > 0);
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn challenger_gadget_equals_native_on_random_transcripts() {
    for seed in 0..6 {
        run_script(100 + seed, 25);
    }
}

#[test]
fn first_samples_of_a_fresh_challenger_match() {
    let cs = cs();
    let mut native = native_challenger();
    let mut gadget = ChallengerVar::new();
    for _ in 0..30 {
        let want: BabyBear = native.sample();
        assert_eq!(gadget.sample().unwrap().value().unwrap(), want);
    }
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn grinding_check_accepts_the_native_witness_and_rejects_others() {
    let mut rng = rng(40);
    let bits = 6;
    let prefix: Vec<BabyBear> = (0..5).map(|_| rand_bb(&mut rng)).collect();
    let mut native = native_challenger();
    prefix.iter().for_each(|&x| native.observe(x));
    let before = native.clone();
    let witness = native.grind(bits);
    let after: BabyBear = native.sample();

    // A candidate the native check rejects.
    let mut wrong = witness + BabyBear::ONE;
    while before.clone().check_witness(bits, wrong) {
        wrong += BabyBear::ONE;
    }

    for (candidate, ok) in [(witness, true), (wrong, false)] {
        let cs = cs();
        let mut gadget = ChallengerVar::new();
        for &x in &prefix {
            gadget
                .observe(&BabyBearVar::new_witness(cs.clone(), || Ok(x)).unwrap())
                .unwrap();
        }
        let wv = BabyBearVar::new_witness(cs.clone(), || Ok(candidate)).unwrap();
        gadget.check_witness(bits, &wv).unwrap();
        if ok {
            assert_eq!(gadget.sample().unwrap().value().unwrap(), after);
        }
        assert_eq!(cs.is_satisfied().unwrap(), ok);
    }
}

#[test]
fn too_many_sample_bits_is_an_error() {
    let mut gadget = ChallengerVar::new();
    assert!(matches!(
        gadget.sample_bits(31),
        Err(SnarkError::TooManyBits {
            requested: 31,
            max: 30
        })
    ));
}
