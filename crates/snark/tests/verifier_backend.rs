//! The verifier's arithmetic on [`R1csBackend`] equals the native backend's: every
//! recursion AIR's constraints folded at a random out-of-domain point (the fixed part of
//! a circuit that verifies a recursion-VM proof), a reduced opening row, bit
//! decompositions and selections; and a failed check leaves the system unsatisfied.

use ark_relations::r1cs::{ConstraintSystem, ConstraintSystemRef};
use p3_field::{BasedVectorSpace, PrimeCharacteristicRing, PrimeField32};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trellis_recursion::NativeBackend;
use trellis_recursion::air::RecursionCircuit;
use trellis_recursion::air::synthetic::every_op;
use trellis_recursion::backend::VerifierBackend;
use trellis_recursion::constraints::{AirConstraints, OodInputs, fold_constraints};
use trellis_snark::{Fr, R1csBackend};
use trellis_stark::{BaseAir, Challenge, DynAir, ProofParams, Val};

fn rand_val(rng: &mut impl Rng) -> Val {
    Val::from_u32(rng.random_range(0..Val::ORDER_U32))
}

fn rand_ext(rng: &mut impl Rng) -> Challenge {
    Challenge::from_basis_coefficients_fn(|_| rand_val(rng))
}

fn cs() -> ConstraintSystemRef<Fr> {
    ConstraintSystem::<Fr>::new_ref()
}

/// Random values for one AIR's out-of-domain inputs.
struct Opened {
    main: [Vec<Challenge>; 2],
    pre: [Vec<Challenge>; 2],
    perm: [Vec<Challenge>; 2],
    challenges: Vec<Challenge>,
    terminals: Vec<Challenge>,
    publics: Vec<Val>,
    selectors: [Challenge; 3],
    alpha: Challenge,
}

fn fold_on<B: VerifierBackend>(b: &mut B, c: &AirConstraints, o: &Opened) -> B::EF {
    let mut ext = |v: &[Challenge]| -> Vec<B::EF> { v.iter().map(|&x| b.witness_ext(x)).collect() };
    let main = [ext(&o.main[0]), ext(&o.main[1])];
    let pre = [ext(&o.pre[0]), ext(&o.pre[1])];
    let perm = [ext(&o.perm[0]), ext(&o.perm[1])];
    let challenges = ext(&o.challenges);
    let terminals = ext(&o.terminals);
    let selectors = [
        ext(&o.selectors[..1]),
        ext(&o.selectors[1..2]),
        ext(&o.selectors[2..]),
    ];
    let publics: Vec<B::F> = o.publics.iter().map(|&v| b.public_input(v)).collect();
    let alpha = b.witness_ext(o.alpha);
    let inputs = OodInputs {
        main: [&main[0], &main[1]],
        preprocessed: [&pre[0], &pre[1]],
        permutation: [&perm[0], &perm[1]],
        challenges: &challenges,
        permutation_values: &terminals,
        public_values: &publics,
        selectors: selectors.map(|s| s[0].clone()),
    };
    fold_constraints(b, c, &inputs, &alpha)
}

#[test]
fn folded_constraints_of_every_recursion_air_match_the_native_verifier() {
    let (program, _) = every_op(2);
    let (_, vk) = RecursionCircuit::new(&program)
        .unwrap()
        .keygen(&ProofParams::insecure_test_fast())
        .unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut total = 0;
    for (i, air) in vk.airs().iter().enumerate() {
        let lookups = &vk.common_data().lookups[i];
        let pre_width = <DynAir as BaseAir<Val>>::preprocessed_width(air);
        let constraints = AirConstraints::new(air, pre_width, lookups);
        let width = <DynAir as BaseAir<Val>>::width(air);
        let n_perm = if lookups.is_empty() {
            0
        } else {
            lookups.len() + 1
        };
        let mut v = |n: usize| (0..n).map(|_| rand_ext(&mut rng)).collect::<Vec<_>>();
        let opened = Opened {
            main: [v(width), v(width)],
            pre: [v(pre_width), v(pre_width)],
            perm: [v(n_perm), v(n_perm)],
            challenges: v(2 * lookups.len()),
            terminals: v(usize::from(!lookups.is_empty())),
            publics: Vec::new(),
            selectors: [rand_ext(&mut rng), rand_ext(&mut rng), rand_ext(&mut rng)],
            alpha: rand_ext(&mut rng),
        };
        let opened = Opened {
            publics: (0..<DynAir as BaseAir<Val>>::num_public_values(air))
                .map(|_| rand_val(&mut rng))
                .collect(),
            ..opened
        };
        let native = fold_on(&mut NativeBackend::new(), &constraints, &opened);
        let cs = cs();
        let mut r1cs = R1csBackend::new(cs.clone());
        let folded = fold_on(&mut r1cs, &constraints, &opened);
        assert!(r1cs.finish().unwrap().is_empty());
        assert_eq!(folded.value().unwrap(), native, "AIR {}", vk.air_names()[i]);
        assert!(cs.is_satisfied().unwrap(), "AIR {}", vk.air_names()[i]);
        println!(
            "{:>16}: {} constraints of degree <= {}, {} R1CS constraints to fold them",
            vk.air_names()[i],
            constraints.len(),
            constraints.max_degree(),
            cs.num_constraints()
        );
        total += cs.num_constraints();
    }
    println!("all recursion AIRs: {total} R1CS constraints (inputs' range checks included)");
}

#[test]
fn reduced_openings_bits_and_selections_match_and_failed_checks_are_unsatisfiable() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let alpha_powers: Vec<Challenge> = (0..40).map(|_| rand_ext(&mut rng)).collect();
    let row: Vec<Val> = (0..40).map(|_| rand_val(&mut rng)).collect();
    let (sum_at_z, x, z) = (rand_ext(&mut rng), rand_val(&mut rng), rand_ext(&mut rng));
    fn run<B: VerifierBackend>(
        b: &mut B,
        a: &[Challenge],
        row: &[Val],
        s: Challenge,
        x: Val,
        z: Challenge,
    ) -> (B::EF, Vec<B::F>, B::F) {
        let a: Vec<B::EF> = a.iter().map(|&v| b.witness_ext(v)).collect();
        let row: Vec<B::F> = row.iter().map(|&v| b.witness(v)).collect();
        let (s, x, z) = (b.witness_ext(s), b.witness(x), b.witness_ext(z));
        let opened = b.reduced_opening_row(&a, &row, &s, &x, &z);
        let bits = b.low_bits(&row[0], 20);
        let chosen = b.select(&bits[3], &row[1], &row[2]);
        (opened, bits, chosen)
    }
    let (n_open, n_bits, n_sel) = run(
        &mut NativeBackend::new(),
        &alpha_powers,
        &row,
        sum_at_z,
        x,
        z,
    );
    let cs = cs();
    let mut b = R1csBackend::new(cs.clone());
    let (r_open, r_bits, r_sel) = run(&mut b, &alpha_powers, &row, sum_at_z, x, z);
    assert_eq!(r_open.value().unwrap(), n_open);
    let r_bits: Vec<Val> = r_bits.iter().map(|v| b.value(v).unwrap()).collect();
    assert_eq!(r_bits, n_bits);
    assert_eq!(b.value(&r_sel), Some(n_sel));
    assert!(cs.is_satisfied().unwrap());
    println!(
        "a 40-column reduced opening row: {} constraints",
        cs.num_constraints()
    );

    // A failed check: named, and the system has no satisfying assignment.
    let (one, two) = (b.witness(Val::ONE), b.witness(Val::TWO));
    b.assert_eq(&one, &two, "one is not two");
    assert!(!cs.is_satisfied().unwrap());
    assert_eq!(b.finish().unwrap(), vec!["one is not two".to_string()]);
}

#[test]
fn the_final_polynomial_at_a_base_point_matches_horner_for_fewer_constraints() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for n in [0usize, 1, 2, 7, 64, 512] {
        let coeffs: Vec<Challenge> = (0..n).map(|_| rand_ext(&mut rng)).collect();
        let x = rand_val(&mut rng);
        let expected = coeffs
            .iter()
            .rev()
            .fold(Challenge::ZERO, |acc, &c| acc * x + c);

        let mut native = NativeBackend::new();
        let (c, xv): (Vec<Challenge>, Val) = (
            coeffs.iter().map(|&c| native.witness_ext(c)).collect(),
            native.witness(x),
        );
        assert_eq!(
            native.ext_poly_at_base(&c, &xv),
            expected,
            "{n} coefficients"
        );

        let cs = cs();
        let mut b = R1csBackend::new(cs.clone());
        let c: Vec<_> = coeffs.iter().map(|&c| b.witness_ext(c)).collect();
        let xv = b.witness(x);
        let loaded = cs.num_constraints();
        let eval = b.ext_poly_at_base(&c, &xv);
        let table = cs.num_constraints() - loaded;
        // Horner's rule on the same backend, for the cost comparison.
        let mut horner = c
            .last()
            .cloned()
            .unwrap_or_else(|| b.constant_ext(Challenge::ZERO));
        for k in c.iter().rev().skip(1) {
            horner = b.ext_mul_base(&horner, &xv);
            horner = b.ext_add(&horner, k);
        }
        let horner_cost = cs.num_constraints() - loaded - table;
        assert_eq!(eval.value().unwrap(), expected, "{n} coefficients");
        let claimed = b.witness_ext(expected);
        b.assert_eq_ext(&eval, &claimed, "the polynomial's value");
        b.assert_eq_ext(&horner, &claimed, "Horner's value");
        assert!(cs.is_satisfied().unwrap(), "{n} coefficients");
        if n >= 64 {
            println!("{n} coefficients: {table} constraints (Horner's rule: {horner_cost})");
            assert!(table * 4 < horner_cost, "{table} against {horner_cost}");
            assert!(table < 20 * n, "{table} constraints for {n} coefficients");
        }

        // A wrong value is unsatisfiable.
        if n > 0 {
            let wrong = b.witness_ext(expected + Challenge::ONE);
            b.assert_eq_ext(&eval, &wrong, "a wrong value");
            assert!(!cs.is_satisfied().unwrap());
        }
    }
}
