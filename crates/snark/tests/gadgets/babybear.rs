use ark_r1cs_std::R1CSVar;
use p3_baby_bear::BabyBear;
use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
use trellis_snark::gadgets::{BABYBEAR_P, BabyBearVar};

use crate::common::*;

fn w(cs: &ark_relations::r1cs::ConstraintSystemRef<trellis_snark::Fr>, x: BabyBear) -> BabyBearVar {
    BabyBearVar::new_witness(cs.clone(), || Ok(x)).unwrap()
}

#[test]
fn arithmetic_equals_native() {
    let mut rng = rng(10);
    for _ in 0..20 {
        let (a, b, c) = (
            rand_bb_edgy(&mut rng),
            rand_bb_edgy(&mut rng),
            rand_bb_edgy(&mut rng),
        );
        let cs = cs();
        let (va, vb, vc) = (w(&cs, a), w(&cs, b), w(&cs, c));
        let kc = BabyBearVar::constant(c);
        // Lazy expressions, reduced once at the end.
        let e1 = va.mul(&vb).unwrap().sub(&vc).unwrap().add(&va).unwrap();
        assert_eq!(e1.value().unwrap(), a * b - c + a);
        let r = e1.reduce().unwrap();
        assert!(r.is_canonical());
        assert_eq!(r.value().unwrap(), a * b - c + a);
        assert_eq!(
            r.fp().value().unwrap(),
            trellis_snark::Fr::from((a * b - c + a).as_canonical_u32())
        );
        let e2 = va.sub(&kc).unwrap().mul(&kc).unwrap().neg().unwrap();
        assert_eq!(e2.value().unwrap(), -((a - c) * c));
        // Bits of the canonical value.
        let bits = e1.to_bits().unwrap();
        let v: u32 = bits
            .iter()
            .enumerate()
            .map(|(i, b)| (b.value().unwrap() as u32) << i)
            .sum();
        assert_eq!(v, (a * b - c + a).as_canonical_u32());
        // assert_equal mod p between a lazy and a reduced representative.
        e1.assert_equal(&r).unwrap();
        e2.assert_equal(&BabyBearVar::constant(-((a - c) * c)))
            .unwrap();
        if !a.is_zero() {
            assert_eq!(va.inverse().unwrap().value().unwrap(), a.inverse());
        }
        assert!(cs.is_satisfied().unwrap());
    }
}

/// A long product chain forces the automatic reductions; values stay right.
#[test]
fn long_lazy_chains_stay_exact() {
    let mut rng = rng(11);
    let cs = cs();
    let mut native = BabyBear::ONE;
    let mut var = BabyBearVar::constant(BabyBear::ONE);
    for i in 0..40 {
        let x = rand_bb(&mut rng);
        native = if i % 3 == 0 {
            native * x - x
        } else {
            native * x + native
        };
        let vx = w(&cs, x);
        var = if i % 3 == 0 {
            var.mul(&vx).unwrap().sub(&vx).unwrap()
        } else {
            var.mul(&vx).unwrap().add(&var).unwrap()
        };
        assert!(var.bound().bits() < 250);
        assert_eq!(var.value().unwrap(), native);
    }
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn mul_and_reduce_of_canonical_values_costs_66_constraints() {
    let cs = cs();
    let (a, b) = (w(&cs, BabyBear::from_u32(7)), w(&cs, BabyBear::from_u32(9)));
    let before = cs.num_constraints();
    a.mul(&b).unwrap().reduce().unwrap();
    // The product (1), then the remainder's bits, value and range check (31 + 1 + 1), the
    // quotient's 31 bits and the recomposition (1); each canonical witness is 33.
    assert_eq!(cs.num_constraints() - before, 66);
    assert_eq!(before, 66);
}

/// An integer in [p, 2^31) where a canonical value is required leaves the system unsatisfied.
#[test]
fn non_canonical_witness_is_rejected() {
    for raw in [BABYBEAR_P, BABYBEAR_P + 5, (1u32 << 31) - 1] {
        let cs = cs();
        BabyBearVar::new_witness_u32(cs.clone(), || Ok(raw)).unwrap();
        assert!(!cs.is_satisfied().unwrap(), "{raw}");
    }
    for raw in [0, 5, BABYBEAR_P - 1, 15 << 27, (15 << 27) - 1] {
        let cs = cs();
        BabyBearVar::new_witness_u32(cs.clone(), || Ok(raw)).unwrap();
        assert!(cs.is_satisfied().unwrap(), "{raw}");
    }
}

#[test]
fn assert_equal_rejects_unequal_values() {
    let cs = cs();
    let a = w(&cs, BabyBear::from_u32(3));
    let b = w(&cs, BabyBear::from_u32(4));
    // a·a − 9 + p·k is a lazy zero; compared with 1 it must fail.
    let lazy = a
        .mul(&a)
        .unwrap()
        .sub(&BabyBearVar::constant(BabyBear::from_u32(9)))
        .unwrap();
    lazy.assert_equal(&BabyBearVar::constant(BabyBear::ZERO))
        .unwrap();
    assert!(cs.is_satisfied().unwrap());
    lazy.assert_equal(
        &b.sub(&b)
            .unwrap()
            .add(&BabyBearVar::constant(BabyBear::ONE))
            .unwrap(),
    )
    .unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

#[test]
fn inverse_of_zero_is_unsatisfiable() {
    let cs = cs();
    let z = w(&cs, BabyBear::ZERO);
    z.inverse().unwrap();
    assert!(!cs.is_satisfied().unwrap());
}
