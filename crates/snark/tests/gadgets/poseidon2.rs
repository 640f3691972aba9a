use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::fields::fp::FpVar;
use p3_symmetric::Permutation;
use trellis_snark::convert::{bn254_to_fr, fr_to_bn254};
use trellis_snark::gadgets::poseidon2_permute;

use crate::common::*;

#[test]
fn permutation_gadget_equals_native_on_random_inputs() {
    let mut rng = rng(1);
    let perm = trellis_snark::poseidon2_bn254();
    for _ in 0..8 {
        let input = [
            rand_bn254(&mut rng),
            rand_bn254(&mut rng),
            rand_bn254(&mut rng),
        ];
        let cs = cs();
        let vars = input.map(|x| FpVar::new_witness(cs.clone(), || Ok(bn254_to_fr(x))).unwrap());
        let out = poseidon2_permute(&vars).unwrap();
        assert_eq!(
            out.map(|v| fr_to_bn254(v.value().unwrap())),
            perm.permute(input)
        );
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), 240);
    }
}

#[test]
fn permutation_gadget_rejects_a_wrong_output() {
    let mut rng = rng(2);
    let input = [
        rand_bn254(&mut rng),
        rand_bn254(&mut rng),
        rand_bn254(&mut rng),
    ];
    let expected = trellis_snark::poseidon2_bn254().permute(input);
    let cs = cs();
    let vars = input.map(|x| FpVar::new_witness(cs.clone(), || Ok(bn254_to_fr(x))).unwrap());
    let out = poseidon2_permute(&vars).unwrap();
    use ark_r1cs_std::eq::EqGadget;
    let claimed = FpVar::new_input(cs.clone(), || {
        Ok(bn254_to_fr(expected[0]) + trellis_snark::Fr::from(1u64))
    })
    .unwrap();
    out[0].enforce_equal(&claimed).unwrap();
    assert!(!cs.is_satisfied().unwrap());
}
