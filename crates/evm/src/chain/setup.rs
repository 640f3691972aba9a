//! The Groth16 setup of the chain circuit from its constraint matrices.
//!
//! The same keys arkworks' `Groth16::circuit_specific_setup` makes (the libsnark R1CS-to-QAP
//! reduction that `ark-groth16`'s prover and verifier use, step for step), in less memory:
//! arkworks' generator keeps the constraint system it synthesized (its symbolic linear
//! combinations, several times the size of the matrices) alive while it computes the
//! proving key; here the matrices come from a system that is dropped first
//! ([`super::keys`]), and only they, the QAP evaluations and the key are held.

use ark_bn254::{Bn254, Fr, G1Projective, G2Projective};
use ark_ec::CurveGroup;
use ark_ec::scalar_mul::BatchMulPreprocessing;
use ark_ff::{Field, UniformRand, Zero};
use ark_groth16::{ProvingKey, VerifyingKey};
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain};
use ark_relations::r1cs::ConstraintMatrices;
use ark_std::rand::{CryptoRng, RngCore};

use crate::error::{EvmError, Result};

/// The QAP polynomials of every variable evaluated at `t`, with `Z(t)` and the domain size.
struct QapAtPoint {
    a: Vec<Fr>,
    b: Vec<Fr>,
    c: Vec<Fr>,
    zt: Fr,
    domain_size: usize,
}

/// The libsnark reduction at `t`: constraint `i` is the `i`-th point of the domain, and the
/// public inputs (with the constant `1`) take the points after the constraints in `a`
/// (which makes them linearly independent).
fn qap_at(
    matrices: &ConstraintMatrices<Fr>,
    domain: &GeneralEvaluationDomain<Fr>,
    t: Fr,
) -> QapAtPoint {
    let num_constraints = matrices.num_constraints;
    let num_instance = matrices.num_instance_variables;
    let vars = num_instance + matrices.num_witness_variables;
    let u = domain.evaluate_all_lagrange_coefficients(t);
    let mut a = vec![Fr::zero(); vars];
    let mut b = vec![Fr::zero(); vars];
    let mut c = vec![Fr::zero(); vars];
    a[..num_instance].copy_from_slice(&u[num_constraints..num_constraints + num_instance]);
    for (i, u_i) in u.iter().enumerate().take(num_constraints) {
        for (rows, out) in [
            (&matrices.a, &mut a),
            (&matrices.b, &mut b),
            (&matrices.c, &mut c),
        ] {
            for &(coeff, index) in &rows[i] {
                out[index] += *u_i * coeff;
            }
        }
    }
    QapAtPoint {
        a,
        b,
        c,
        zt: domain.evaluate_vanishing_polynomial(t),
        domain_size: domain.size(),
    }
}

/// Groth16 keys for the system `matrices`, from fresh toxic waste drawn from `rng` (and
/// forgotten when this returns).
pub fn setup_from_matrices<R: RngCore + CryptoRng>(
    matrices: &ConstraintMatrices<Fr>,
    rng: &mut R,
) -> Result<ProvingKey<Bn254>> {
    let fail = |what: &str| EvmError::InvalidInput(format!("Groth16 setup: {what}"));
    let alpha = Fr::rand(rng);
    let beta = Fr::rand(rng);
    let gamma = Fr::rand(rng);
    let delta = Fr::rand(rng);
    let g1 = G1Projective::rand(rng);
    let g2 = G2Projective::rand(rng);
    if [alpha, beta, gamma, delta].iter().any(Zero::is_zero) || g1.is_zero() || g2.is_zero() {
        return Err(fail("a zero trapdoor was drawn"));
    }

    let num_instance = matrices.num_instance_variables;
    let domain = GeneralEvaluationDomain::<Fr>::new(matrices.num_constraints + num_instance)
        .ok_or_else(|| fail("the circuit is too large for BN254's evaluation domains"))?;
    let t = domain.sample_element_outside_domain(rng);
    let QapAtPoint {
        a,
        b,
        c,
        zt,
        domain_size,
    } = qap_at(matrices, &domain, t);

    let gamma_inverse = gamma.inverse().ok_or_else(|| fail("gamma"))?;
    let delta_inverse = delta.inverse().ok_or_else(|| fail("delta"))?;
    let combined = |i: usize, scale: Fr| (beta * a[i] + alpha * b[i] + c[i]) * scale;
    let gamma_abc: Vec<Fr> = (0..num_instance)
        .map(|i| combined(i, gamma_inverse))
        .collect();
    let l: Vec<Fr> = (num_instance..a.len())
        .map(|i| combined(i, delta_inverse))
        .collect();
    drop(c);

    let non_zero_a = a.iter().filter(|x| !x.is_zero()).count();
    let non_zero_b = b.iter().filter(|x| !x.is_zero()).count();

    let b_g2_query = BatchMulPreprocessing::new(g2, non_zero_b).batch_mul(&b);
    let g1_table = BatchMulPreprocessing::new(g1, non_zero_a + non_zero_b + a.len() + domain_size);
    let a_query = g1_table.batch_mul(&a);
    drop(a);
    let b_g1_query = g1_table.batch_mul(&b);
    drop(b);
    // H: Z(t)·tⁱ/δ for i below the domain size minus one.
    let mut h_scalars = Vec::with_capacity(domain_size - 1);
    let mut power = zt * delta_inverse;
    for _ in 0..domain_size - 1 {
        h_scalars.push(power);
        power *= t;
    }
    let h_query = g1_table.batch_mul(&h_scalars);
    drop(h_scalars);
    let l_query = g1_table.batch_mul(&l);
    drop(l);
    let gamma_abc_g1 = g1_table.batch_mul(&gamma_abc);
    drop(g1_table);

    let vk = VerifyingKey::<Bn254> {
        alpha_g1: (g1 * alpha).into_affine(),
        beta_g2: (g2 * beta).into_affine(),
        gamma_g2: (g2 * gamma).into_affine(),
        delta_g2: (g2 * delta).into_affine(),
        gamma_abc_g1,
    };
    Ok(ProvingKey {
        vk,
        beta_g1: (g1 * beta).into_affine(),
        delta_g1: (g1 * delta).into_affine(),
        a_query,
        b_g1_query,
        b_g2_query,
        h_query,
        l_query,
    })
}

#[cfg(test)]
mod tests {
    use ark_ff::One;
    use ark_groth16::Groth16;
    use ark_relations::lc;
    use ark_relations::r1cs::{ConstraintSystem, OptimizationGoal, Variable};
    use ark_snark::SNARK;
    use ark_std::rand::SeedableRng;
    use ark_std::rand::rngs::StdRng;

    use super::*;

    /// `x · y = z` with `z` public and `x + y = 5` (so `x`, `y` are the roots of
    /// `X² − 5X + z`): matrices, and the full assignment for `x`, `y`.
    fn system(x: u64, y: u64) -> (ConstraintMatrices<Fr>, Vec<Fr>) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        let z = cs.new_input_variable(|| Ok(Fr::from(x * y))).unwrap();
        let xv = cs.new_witness_variable(|| Ok(Fr::from(x))).unwrap();
        let yv = cs.new_witness_variable(|| Ok(Fr::from(y))).unwrap();
        cs.enforce_constraint(lc!() + xv, lc!() + yv, lc!() + z)
            .unwrap();
        cs.enforce_constraint(
            lc!() + xv + yv,
            lc!() + Variable::One,
            lc!() + (Fr::from(5u64), Variable::One),
        )
        .unwrap();
        cs.finalize();
        let m = cs.to_matrices().unwrap();
        let inner = cs.into_inner().unwrap();
        let mut assignment = inner.instance_assignment;
        assignment.extend(inner.witness_assignment);
        (m, assignment)
    }

    #[test]
    fn keys_from_matrices_prove_and_verify_with_arkworks() {
        let mut rng = StdRng::seed_from_u64(7);
        let (m, assignment) = system(2, 3);
        let pk = setup_from_matrices(&m, &mut rng).unwrap();
        let prove = |assignment: &[Fr], rng: &mut StdRng| {
            Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
                &pk,
                Fr::rand(rng),
                Fr::rand(rng),
                &m,
                m.num_instance_variables,
                m.num_constraints,
                assignment,
            )
            .unwrap()
        };
        let proof = prove(&assignment, &mut rng);
        let pvk = Groth16::<Bn254>::process_vk(&pk.vk).unwrap();
        let ok = |inputs: &[Fr], proof| {
            Groth16::<Bn254>::verify_with_processed_vk(&pvk, inputs, proof).unwrap()
        };
        assert!(ok(&[Fr::from(6u64)], &proof));
        assert!(!ok(&[Fr::from(7u64)], &proof), "another public input");
        // A witness that breaks `x + y = 5` (x·y = 6 still holds): the proof fails.
        let mut bad = assignment.clone();
        bad[2] = Fr::from(6u64);
        bad[3] = Fr::one();
        assert!(!ok(&[Fr::from(6u64)], &prove(&bad, &mut rng)));
    }
}
