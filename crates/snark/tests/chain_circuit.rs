//! The on-chain circuit over a real run (fibonacci guest built from source, test
//! parameters): segment proofs → aggregation root → EVM layer → [`ChainProofCircuit`].
//! The honest layer proof satisfies it with the run's chain commitment; another
//! commitment, another statement with its own (consistent) commitment, or an altered
//! final FRI polynomial, does not. The layer proof is folded like a production one (a
//! final polynomial of `2^8` coefficients).

use std::time::Instant;

use ark_relations::r1cs::{ConstraintSynthesizer, ConstraintSystem};
use p3_field::PrimeCharacteristicRing;
use trellis_recursion::PreparedKey;
use trellis_recursion::aggregate::{ChainStatement, EVM_LAYER_PARAMS};
use trellis_sdk::build::build_example;
use trellis_sdk::chain::EvmLayerRun;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, VerifyOptions};
use trellis_snark::{ChainProofCircuit, Fr, commitment_inputs};
use trellis_stark::{Bn254Poseidon2, Challenge, Proof};

/// The failure the circuit records when the statement does not hash to the commitment.
const HASH_FAILURE: &str = "the proof's statement does not hash to the commitment";

#[test]
fn the_chain_circuit_binds_the_layer_proof_to_its_sha256_commitment() {
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let options = ProveOptions {
        max_segment_cycles: 1024,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, &30u32.to_le_bytes(), &options, &|_| {})
        .unwrap();
    let aggregated = trellis.aggregate(&vk, &proof).unwrap();
    let EvmLayerRun {
        keys,
        proof: layer,
        statement: chain,
        ..
    } = trellis
        .prove_evm_layer(
            &vk,
            &aggregated,
            &VerifyOptions::allowing_insecure_test_params(),
        )
        .unwrap();
    let key = PreparedKey::new(&keys.vk).unwrap();
    let params = keys.vk.params();
    assert!(params.is_insecure_test_params());
    assert_eq!(
        params.log_final_poly_len, EVM_LAYER_PARAMS.log_final_poly_len,
        "the test layer folds like the production one"
    );
    assert_eq!(
        layer.batch_proof().opening_proof.final_poly.len(),
        1 << EVM_LAYER_PARAMS.log_final_poly_len
    );

    let check_proof =
        |layer: &Proof<Bn254Poseidon2>, statement: &ChainStatement, commitment: [u8; 32]| {
            let pv = keys.public_values(statement);
            let circuit = ChainProofCircuit {
                key: &key,
                proof: layer,
                public_values: &pv,
                commitment,
            };
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (failures, costs) = circuit.synthesize(cs.clone()).unwrap();
            let satisfied = cs.is_satisfied().unwrap();
            assert_eq!(satisfied, failures.is_empty(), "failures {failures:?}");
            assert_eq!(
                cs.num_instance_variables(),
                3,
                "one constant and the two halves of the commitment"
            );
            (satisfied, failures, costs, cs.num_constraints())
        };
    let check = |statement: &ChainStatement, commitment: [u8; 32]| {
        check_proof(&layer, statement, commitment)
    };

    let t = Instant::now();
    let (ok, _, costs, n) = check(&chain, chain.commitment());
    println!(
        "chain circuit: {n} constraints, synthesized and checked in {:.2?}; by phase {costs:?}",
        t.elapsed()
    );
    assert!(ok, "the honest layer proof satisfies the circuit");
    assert_eq!(
        commitment_inputs(&chain.commitment()).to_vec(),
        ChainProofCircuit {
            key: &key,
            proof: &layer,
            public_values: &keys.public_values(&chain),
            commitment: chain.commitment(),
        }
        .public_inputs()
    );

    // The right statement with another exit code's commitment: the hash check fails.
    let mut other = chain.clone();
    other.exit_code ^= 1;
    let (ok, failures, _, _) = check(&chain, other.commitment());
    assert!(!ok);
    assert_eq!(failures, vec![HASH_FAILURE.to_string()]);

    // Another output with its own commitment: the hash matches, the STARK check does not.
    let mut other = chain.clone();
    other.public_output[0] ^= 1;
    let (ok, failures, _, _) = check(&other, other.commitment());
    assert!(!ok);
    assert!(!failures.is_empty() && !failures.iter().any(|f| f == HASH_FAILURE));

    // An altered final polynomial: its first and its last coefficient.
    for last in [false, true] {
        let mut bad = Proof::<Bn254Poseidon2>::from_family_bytes(&layer.to_bytes()).unwrap();
        let poly = &mut bad.batch_proof_mut().opening_proof.final_poly;
        let i = if last { poly.len() - 1 } else { 0 };
        poly[i] += Challenge::ONE;
        let (ok, failures, _, _) = check_proof(&bad, &chain, chain.commitment());
        assert!(!ok, "final polynomial coefficient {i} altered");
        assert!(!failures.is_empty() && !failures.iter().any(|f| f == HASH_FAILURE));
    }

    // The circuit is the same in setup mode (what Groth16's keys are made from).
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(ark_relations::r1cs::SynthesisMode::Setup);
    ChainProofCircuit {
        key: &key,
        proof: &layer,
        public_values: &keys.public_values(&chain),
        commitment: [0; 32],
    }
    .generate_constraints(cs.clone())
    .unwrap();
    assert_eq!(cs.num_constraints(), n);
}
