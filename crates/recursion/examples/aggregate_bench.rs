//! Proves a run in segments and aggregates them into one root proof, printing the
//! numbers of issue 12's benchmark: segment proving time, aggregation time (leaves,
//! internal nodes, and its share of the total), root proof size, root verification
//! time, node keys made, peak memory.
//!
//! `cargo run --release -p trellis-recursion --example aggregate_bench -- EXAMPLE INPUT_U32 MAX_SEGMENT_CYCLES [--test-params] [--config-keys]`
//! `--node-arity K`: internal nodes of at most K proofs (default 3, the SDK's).
//! (`--config-keys`: configuration keys made from the run's shapes first — child keys as
//! inputs, fixed table heights, allowlist — instead of keys per node shape)
//! (e.g. `fibonacci 3000000 1048576`). Segments and every aggregation layer use the same
//! parameters (production unless `--test-params`); leaves verify one segment each,
//! internal nodes at most three proofs, then the shrink and root layers' one node each (their own
//! parameters).

#[path = "common/memory.rs"]
mod memory;
use memory::peak_rss_mib;

use std::time::Instant;

use trellis_recursion::aggregate::{AggregationConfig, Aggregator, SegmentInput, verify_root};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let example = args.first().map_or("fibonacci", String::as_str);
    let input: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let cycles: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1 << 20);
    let params = if args.iter().any(|a| a == "--test-params") {
        ProofParams::insecure_test_fast()
    } else {
        ProofParams::production()
    };
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example(example).expect("the example builds"))
        .expect("the example loads");
    let (pk, vk) = trellis.keygen(&program, &params).expect("keygen");
    let options = ProveOptions {
        max_segment_cycles: cycles,
        workers: 1,
        ..ProveOptions::default()
    };
    let t = Instant::now();
    let (_, proof) = trellis
        .prove(&pk, &program, &input.to_le_bytes(), &options, &|_| {})
        .expect("the run proves");
    let segment_time = t.elapsed();
    let segment_bytes: usize = proof
        .segments
        .iter()
        .map(|s| s.proof.to_bytes().len())
        .sum();
    println!(
        "{example}({input}): {} segments of <= {cycles} cycles proven in {segment_time:.1?}, {segment_bytes} bytes of segment proofs",
        proof.segments.len()
    );

    let inputs: Vec<SegmentInput<'_>> = proof
        .segments
        .iter()
        .map(|s| SegmentInput {
            proof: &s.proof,
            public_values: trellis.vm().segment_public_values(&s.claim),
            public_output: s.claim.public_output.clone(),
        })
        .collect();
    let node_arity = args
        .iter()
        .position(|a| a == "--node-arity")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(trellis_sdk::aggregation::NODE_ARITY);
    let config = AggregationConfig::new(params, trellis_sdk::aggregation::LEAF_ARITY, node_arity);
    let config_keys = args.iter().any(|a| a == "--config-keys");
    let mut keys_time = std::time::Duration::ZERO;
    let mut aggregator = if config_keys {
        // The configuration's keys for this run's shapes (made once per configuration in
        // a real deployment: timed apart).
        let t = Instant::now();
        let mut shapes: Vec<(
            &trellis_stark::VerifyingKey<trellis_stark::DynAir>,
            Vec<usize>,
        )> = Vec::new();
        let mut run = Vec::new();
        for s in &proof.segments {
            let h = s.proof.log_trace_heights().to_vec();
            match shapes.iter().position(|(_, x)| *x == h) {
                Some(i) => run.push(i),
                None => {
                    run.push(shapes.len());
                    shapes.push((vk.stark(), h));
                }
            }
        }
        // The keys of this run's tree (every sequence of shapes would be `n + n²` leaves).
        let key_use = trellis_recursion::aggregate::TreeKeyUse::of_run(&run, &config);
        let keys = trellis_recursion::aggregate::AggregationKeys::generate_for(
            &shapes, &config, 4, &key_use,
        )
        .expect("aggregation keys");
        keys_time = t.elapsed();
        println!(
            "configuration keys: {} leaf shape(s) + internal at table heights {:?}, made in {keys_time:.1?}",
            keys.leaves.len(),
            keys.config.table_log_heights
        );
        Aggregator::with_keys(std::sync::Arc::new(keys))
    } else {
        Aggregator::new(config)
    };
    let t = Instant::now();
    let (root, output) = aggregator
        .aggregate(vk.stark(), &inputs)
        .expect("the run aggregates");
    let aggregation_time = t.elapsed();
    let t = Instant::now();
    let run = verify_root(
        &root,
        vk.stark().digest(),
        vk.entry_pc(),
        vk.initial_root(),
        &output,
    )
    .expect("the root verifies");
    let _ = keys_time;
    let verify_time = t.elapsed();
    // Where verification time goes: preparing the key's constraints (symbolic, once per
    // key) against checking a proof with them (the generic verifier, native values).
    let t = Instant::now();
    let prepared = trellis_recursion::PreparedKey::new(&root.keys.vk).expect("the key prepares");
    let prepare_time = t.elapsed();
    let public: Vec<Vec<trellis_stark::Val>> = root
        .keys
        .vk
        .airs()
        .iter()
        .map(|a| {
            if trellis_stark::BaseAir::<trellis_stark::Val>::num_public_values(a) > 0 {
                root.statement.to_values()
            } else {
                Vec::new()
            }
        })
        .collect();
    let t = Instant::now();
    trellis_recursion::verify_prepared(&prepared, &root.proof, &public)
        .expect("the generic verifier accepts the root");
    let prepared_verify_time = t.elapsed();
    let total = segment_time + aggregation_time;
    println!(
        "root verification: {verify_time:.1?} with trellis_stark::verify; the generic verifier: {prepare_time:.1?} preparing the key (once per key), {prepared_verify_time:.1?} per proof"
    );
    println!(
        "aggregation {aggregation_time:.1?} ({:.0} % of {total:.1?}; of it {:.1?} recording programs and making {} node keys); root proof {} bytes, verified in {verify_time:.1?} (exit code {}, {} output bytes); peak memory {} MiB",
        100.0 * aggregation_time.as_secs_f64() / total.as_secs_f64(),
        aggregator.keygen_time(),
        aggregator.num_keys(),
        root.proof.to_bytes().len(),
        run.exit_code,
        run.public_output.len(),
        peak_rss_mib()
    );
}
