//! What the last layer costs: a fibonacci run (one segment) proven and aggregated, the EVM
//! layer over its root, and the chain circuit over that (constraints by phase); with
//! `--groth16`, the Groth16 setup and proof too (time, size, peak memory).
//!
//! `cargo run --release -p trellis-evm --example chain_cost -- [--production] [--groth16]`
//!
//! Without `--production` every layer uses the insecure test parameters (what CI proves).

use std::time::Instant;

use ark_relations::r1cs::{ConstraintSystem, SynthesisMode};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use trellis_evm::chain::ChainKeys;
use trellis_recursion::PreparedKey;
use trellis_sdk::build::build_example;
use trellis_sdk::chain::EvmLayerRun;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, VerifyOptions};
use trellis_snark::{ChainProofCircuit, Fr};

/// A memory figure of this process (MiB) from /proc: `VmHWM` (the peak so far) or
/// `VmRSS` (resident now).
fn status_mib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// Peak resident memory of this process so far (MiB).
fn peak_rss_mib() -> u64 {
    status_mib("VmHWM:")
}

/// Resident memory of this process now (MiB).
fn current_rss_mib() -> u64 {
    status_mib("VmRSS:")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let production = args.iter().any(|a| a == "--production");
    let groth16 = args.iter().any(|a| a == "--groth16");
    let params = if production {
        ProofParams::production()
    } else {
        ProofParams::insecure_test_fast()
    };
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example("fibonacci").expect("the example builds"))
        .expect("the example loads");
    let (pk, vk) = trellis.keygen(&program, &params).expect("keygen");
    let t = Instant::now();
    let (_, proof) = trellis
        .prove(
            &pk,
            &program,
            &30u32.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .expect("the run proves");
    println!(
        "segments: {} proven in {:.1?}",
        proof.segments.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let aggregated = trellis.aggregate(&vk, &proof).expect("aggregates");
    println!(
        "aggregation (keys included) {:.1?}: root proof {} bytes",
        t.elapsed(),
        aggregated.proof.to_bytes().len()
    );
    let t = Instant::now();
    let EvmLayerRun {
        keys: layer,
        proof: layer_proof,
        statement: chain,
        ..
    } = trellis
        .prove_evm_layer(
            &vk,
            &aggregated,
            &VerifyOptions::allowing_insecure_test_params(),
        )
        .expect("the layer proves");
    // Only the layer's verifying key is needed from here on.
    let trellis_recursion::aggregate::EvmLayerKeys { vk: layer_vk, .. } = layer;
    let layer_params = *layer_vk.params();
    let security = layer_vk.security();
    println!(
        "EVM layer (log_blowup {}, {} queries, query pow {}, final polynomial 2^{}): keygen and proof {:.1?}, {} bytes, log2 heights {:?}, {:.1} bits proven ({}), {:.1} conjectured; peak RSS {} MiB",
        layer_params.log_blowup,
        layer_params.num_queries,
        layer_params.query_pow_bits,
        layer_params.log_final_poly_len,
        t.elapsed(),
        layer_proof.to_bytes().len(),
        layer_proof.log_trace_heights(),
        security.proven_bits,
        security.proven_regime,
        security.conjectured_bits(),
        peak_rss_mib()
    );

    let key = PreparedKey::new(&layer_vk).expect("layer key");
    let pv = trellis_recursion::aggregate::layer_public_values(&layer_vk, &chain);
    let circuit = ChainProofCircuit {
        key: &key,
        proof: &layer_proof,
        public_values: &pv,
        commitment: chain.commitment(),
    };
    let t = Instant::now();
    let cs = ConstraintSystem::<Fr>::new_ref();
    // Count without keeping the matrices (a production-size circuit would not fit).
    cs.set_mode(SynthesisMode::Prove {
        construct_matrices: false,
    });
    let (failures, costs) = circuit.synthesize(cs.clone()).expect("synthesis");
    assert!(failures.is_empty(), "{failures:?}");
    println!(
        "chain circuit: {} constraints, {} witnesses, synthesized in {:.1?}; peak RSS {} MiB",
        cs.num_constraints(),
        cs.num_witness_variables(),
        t.elapsed(),
        peak_rss_mib()
    );
    println!("| phase | constraints |");
    println!("|---|---:|");
    for (phase, n) in costs.iter().filter(|(_, n)| *n > 0) {
        println!("| {phase} | {n} |");
    }
    drop(cs);

    let held = current_rss_mib();
    trellis_evm::chain::release_freed_memory();
    println!(
        "resident before the setup: {held} MiB, {} MiB after handing freed memory back",
        current_rss_mib()
    );
    if groth16 {
        let mut rng = StdRng::seed_from_u64(13);
        let t = Instant::now();
        let keys = ChainKeys::setup(&layer_vk, &layer_proof, &chain, &mut rng).expect("setup");
        let m = &keys.matrices;
        println!(
            "Groth16 setup {:.1?}; peak RSS {} MiB; matrices: {} entries (A {}, B {}, C {}), {} bytes encoded",
            t.elapsed(),
            peak_rss_mib(),
            m.a_num_non_zero + m.b_num_non_zero + m.c_num_non_zero,
            m.a_num_non_zero,
            m.b_num_non_zero,
            m.c_num_non_zero,
            trellis_evm::chain::encode_matrices(m).len()
        );
        // Proving's own peak: the kernel's high-water mark restarts here.
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let t = Instant::now();
        let proof = keys
            .prove(&layer_vk, &layer_proof, &chain, &mut rng)
            .expect("proves");
        println!(
            "Groth16 proof {:.1?}: {} bytes with the exit code; peak RSS {} MiB ({})",
            t.elapsed(),
            proof.to_bytes().len(),
            peak_rss_mib(),
            if reset {
                "since the setup ended, the keys held"
            } else {
                "of the whole run"
            }
        );
        keys.verify(&proof, &chain.program_id(), &chain.public_output)
            .expect("verifies");
    }
}
