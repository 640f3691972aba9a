use p3_baby_bear::BabyBear;
use p3_field::{Field, PrimeCharacteristicRing};
use trellis_snark::gadgets::{BabyBearVar, Ext5Var};

use crate::common::*;

fn w(cs: &ark_relations::r1cs::ConstraintSystemRef<trellis_snark::Fr>, x: Ext) -> Ext5Var {
    Ext5Var::new_witness(cs.clone(), || Ok(x)).unwrap()
}

#[test]
fn arithmetic_equals_native() {
    let mut rng = rng(20);
    for _ in 0..20 {
        let (a, b, c) = (rand_ext(&mut rng), rand_ext(&mut rng), rand_ext(&mut rng));
        let s = rand_bb_edgy(&mut rng);
        let cs = cs();
        let (va, vb, vc) = (w(&cs, a), w(&cs, b), w(&cs, c));
        let vs = BabyBearVar::new_witness(cs.clone(), || Ok(s)).unwrap();
        assert_eq!(va.mul(&vb).unwrap().value().unwrap(), a * b);
        assert_eq!(
            va.add(&vb).unwrap().sub(&vc).unwrap().value().unwrap(),
            a + b - c
        );
        assert_eq!(va.mul_base(&vs).unwrap().value().unwrap(), a * s);
        assert_eq!(va.add_base(&vs).unwrap().value().unwrap(), a + s);
        assert_eq!(Ext5Var::from_base(&vs).value().unwrap(), Ext::from(s));
        // Lazy chains: (a·b − c)·(a + c)·b, reduced only at the end.
        let lazy = va
            .mul(&vb)
            .unwrap()
            .sub(&vc)
            .unwrap()
            .mul(&va.add(&vc).unwrap())
            .unwrap()
            .mul(&vb)
            .unwrap();
        let want = (a * b - c) * (a + c) * b;
        assert_eq!(lazy.value().unwrap(), want);
        lazy.reduce()
            .unwrap()
            .assert_equal(&Ext5Var::constant(want))
            .unwrap();
        lazy.assert_equal(&w(&cs, want)).unwrap();
        assert_eq!(
            va.mul(&Ext5Var::constant(c)).unwrap().value().unwrap(),
            a * c
        );
        if !a.is_zero() {
            assert_eq!(va.inverse().unwrap().value().unwrap(), a.inverse());
        }
        assert!(cs.is_satisfied().unwrap());
    }
}

#[test]
fn mul_costs_9_constraints() {
    let mut rng = rng(21);
    let cs = cs();
    let (a, b) = (w(&cs, rand_ext(&mut rng)), w(&cs, rand_ext(&mut rng)));
    let before = cs.num_constraints();
    a.mul(&b).unwrap();
    assert_eq!(cs.num_constraints() - before, 9);
}

#[test]
fn deep_product_chains_stay_exact() {
    let mut rng = rng(22);
    let cs = cs();
    let mut native = Ext::ONE;
    let mut var = Ext5Var::constant(Ext::ONE);
    for _ in 0..12 {
        let x = rand_ext(&mut rng);
        native = native * x + x;
        let vx = w(&cs, x);
        var = var.mul(&vx).unwrap().add(&vx).unwrap();
        assert_eq!(var.value().unwrap(), native);
    }
    assert!(cs.is_satisfied().unwrap());
}

#[test]
fn wrong_product_is_rejected() {
    let mut rng = rng(23);
    let (a, b) = (rand_ext(&mut rng), rand_ext(&mut rng));
    let cs = cs();
    let prod = w(&cs, a).mul(&w(&cs, b)).unwrap();
    prod.assert_equal(&w(&cs, a * b + Ext::from(BabyBear::ONE)))
        .unwrap();
    assert!(!cs.is_satisfied().unwrap());
}

#[test]
fn inverse_of_zero_is_unsatisfiable() {
    let cs = cs();
    w(&cs, Ext::ZERO).inverse().unwrap();
    assert!(!cs.is_satisfied().unwrap());
}
