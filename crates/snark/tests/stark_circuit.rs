//! The Groth16 circuit that verifies a STARK proof of the BN254 hash family: satisfied by an
//! honest proof of the recursion circuit (every table), unsatisfiable for an altered proof
//! or altered public values, and a Groth16 proof over it verifies.

use std::time::Instant;

use ark_bn254::Bn254 as Curve;
use ark_groth16::Groth16;
use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystem};
use ark_snark::SNARK;
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use p3_field::PrimeCharacteristicRing;
use trellis_recursion::PreparedKey;
use trellis_recursion::air::RecursionCircuit;
use trellis_recursion::air::synthetic::every_op;
use trellis_snark::{Fr, StarkVerifierCircuit};
use trellis_stark::{Bn254Poseidon2, Challenge, DynAir, Proof, ProofParams, Val, VerifyingKey};

fn honest(
    params: &ProofParams,
) -> (
    VerifyingKey<DynAir, Bn254Poseidon2>,
    Proof<Bn254Poseidon2>,
    Vec<Vec<Val>>,
) {
    let (program, inputs) = every_op(2);
    let circuit = RecursionCircuit::new(&program).unwrap();
    let (pk, vk) = circuit.keygen_for::<Bn254Poseidon2>(params).unwrap();
    let proof = circuit.prove(&pk, &inputs).unwrap();
    let pv = circuit.public_values(&inputs.public_values);
    (vk, proof, pv)
}

/// Whether the circuit over (`proof`, `pv`) is satisfied; its size.
fn satisfied(
    key: &PreparedKey<'_, DynAir, Bn254Poseidon2>,
    proof: &Proof<Bn254Poseidon2>,
    pv: &[Vec<Val>],
) -> (bool, usize) {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let circuit = StarkVerifierCircuit {
        key,
        proof,
        public_values: pv,
    };
    match circuit.generate_constraints(cs.clone()) {
        Ok(()) => (cs.is_satisfied().unwrap(), cs.num_constraints()),
        Err(_) => (false, cs.num_constraints()),
    }
}

#[test]
fn the_circuit_accepts_exactly_the_honest_proof() {
    let (vk, proof, pv) = honest(&ProofParams::insecure_test_fast());
    let key = PreparedKey::new(&vk).unwrap();
    let t = Instant::now();
    let (ok, n) = satisfied(&key, &proof, &pv);
    println!(
        "verifier circuit: {n} constraints, synthesized in {:.2?}",
        t.elapsed()
    );
    assert!(ok, "the honest proof satisfies the circuit");
    let costs = StarkVerifierCircuit {
        key: &key,
        proof: &proof,
        public_values: &pv,
    }
    .phase_costs(ConstraintSystem::<Fr>::new_ref())
    .unwrap();
    println!("constraints by phase: {costs:?}");

    // An opened value at the out-of-domain point, a quotient chunk, a public value.
    let mut bad = Proof::<Bn254Poseidon2>::from_family_bytes(&proof.to_bytes()).unwrap();
    bad.batch_proof_mut().opened_values.instances[0]
        .base_opened_values
        .trace_local[0] += Challenge::ONE;
    assert!(!satisfied(&key, &bad, &pv).0);
    let mut bad = Proof::<Bn254Poseidon2>::from_family_bytes(&proof.to_bytes()).unwrap();
    let last = bad.batch_proof().opened_values.instances.len() - 1;
    bad.batch_proof_mut().opened_values.instances[last]
        .base_opened_values
        .quotient_chunks[0][0] += Challenge::ONE;
    assert!(!satisfied(&key, &bad, &pv).0);
    let mut other = pv.clone();
    let publics = other.iter_mut().find(|v| !v.is_empty()).unwrap();
    publics[0] += Val::ONE;
    assert!(!satisfied(&key, &proof, &other).0);
}

#[test]
#[ignore = "Groth16 setup and proof over the whole verifier circuit (about a minute)"]
fn a_groth16_proof_of_the_verifier_circuit_verifies() {
    let (vk, proof, pv) = honest(&ProofParams::insecure_test_fast());
    let key = PreparedKey::new(&vk).unwrap();
    let circuit = StarkVerifierCircuit {
        key: &key,
        proof: &proof,
        public_values: &pv,
    };
    let mut rng = StdRng::seed_from_u64(1);
    let t = Instant::now();
    let (pk, gvk) = Groth16::<Curve>::circuit_specific_setup(circuit, &mut rng).unwrap();
    let setup = t.elapsed();
    let t = Instant::now();
    let g16 = Groth16::<Curve>::prove(&pk, circuit, &mut rng).unwrap();
    let proving = t.elapsed();
    let inputs = circuit.public_inputs();
    assert!(Groth16::<Curve>::verify(&gvk, &inputs, &g16).unwrap());
    let mut wrong = inputs.clone();
    wrong[0] += Fr::from(1u64);
    assert!(!Groth16::<Curve>::verify(&gvk, &wrong, &g16).unwrap());
    println!(
        "Groth16: setup {setup:.1?}, prove {proving:.1?}, {} public inputs",
        inputs.len()
    );
}
