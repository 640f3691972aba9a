//! Issue 12's "one proof whose size does not depend on the run": fibonacci runs of 1,
//! 10 and 40 segments (or the counts given) aggregated with ONE set of configuration
//! keys (made once from the union of the runs' segment shapes), printing per run the
//! root proof's size, its trace heights and its verification time (median of 11).
//!
//! `cargo run --release -p trellis-recursion --example root_size -- [--production] [--evm] [--segment-cycles S] [COUNTS...]`
//!
//! `--evm` also makes the EVM-facing layer over the last run's root (BN254 hash family,
//! [`trellis_recursion::aggregate::EVM_LAYER_PARAMS`] with `--production`) and prints its
//! keygen and proving time, size, heights, security and verification time.
//!
//! Test parameters by default (a 40-segment run is 81 aggregation proofs); the root's
//! shape does not depend on the parameters' query count, only its size does. With
//! `--production --segment-cycles 1048576 1 10 48` the last run is fibonacci at ~50 M
//! cycles: issue 12's benchmark (segment proving, aggregation and its share, root size,
//! root verification, peak memory). Every run's root is the root layer's proof (one node
//! over the shrink layer's, itself one node over the tree's top proof), so a run of `n`
//! one-segment leaves takes `2n + 1` aggregation proofs.

#[path = "common/memory.rs"]
mod memory;
use memory::peak_rss_mib;

use std::sync::Arc;
use std::time::{Duration, Instant};

use trellis_recursion::aggregate::{
    AggregationConfig, AggregationEvent, AggregationKeys, Aggregator, EvmLayerKeys,
    ProgramIdentity, SegmentInput, TreeKeyUse, evm_layer_params_for, verify_root_with_keys,
};
use trellis_sdk::aggregation::{LEAF_ARITY, NODE_ARITY};
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, ProofParams, ProveOptions, Trellis, TrellisProof};
use trellis_stark::{DynAir, VerifyingKey};

/// A proof's bytes by part (postcard sizes): where a root's size comes from. A macro, so
/// it reads either hash family's concrete FRI proof.
macro_rules! breakdown {
    ($proof:expr) => {{
        let b = $proof.batch_proof();
        let o = &b.opening_proof;
        let input_values: usize = o.input_openings.iter().map(|m| encoded(&m.opened_values)).sum();
        let input_paths: usize = o.input_openings.iter().map(|m| encoded(&m.opening_proof)).sum();
        let siblings: usize = o.commit_phase_openings.iter().map(|m| encoded(&m.sibling_values)).sum();
        let commit_paths: usize =
            o.commit_phase_openings.iter().map(|m| encoded(&m.opening_proof)).sum();
        let ood = encoded(&b.opened_values);
        format!(
            "opened rows {input_values}, their Merkle paths {input_paths}, FRI sibling values {siblings}, FRI Merkle paths {commit_paths} ({} folding rounds), out-of-domain values {ood}",
            o.commit_phase_openings.len()
        )
    }};
}

/// The bytes of a proof's pruned Merkle multi-openings (input and FRI commit-phase
/// trees): the one part of a root whose size varies, with the queries' positions (a
/// path shares the nodes it has in common with the other queries' paths).
macro_rules! merkle_path_bytes {
    ($proof:expr) => {{
        let o = &$proof.batch_proof().opening_proof;
        o.input_openings
            .iter()
            .map(|m| encoded(&m.opening_proof))
            .sum::<usize>()
            + o.commit_phase_openings
                .iter()
                .map(|m| encoded(&m.opening_proof))
                .sum::<usize>()
    }};
}

/// The fibonacci input whose run has about `segments` segments of `cycles` instructions.
fn input_for(trellis: &Trellis, program: &trellis_sdk::Program, segments: u64, cycles: u64) -> u32 {
    let run = |n: u32| {
        trellis
            .execute(program, n.to_le_bytes().to_vec(), &ExecOptions::default())
            .expect("fibonacci runs")
            .cycles
    };
    let (a, b) = (run(1_000), run(11_000));
    let per_n = (b - a) as f64 / 10_000.0;
    let target = (segments as f64 - 0.5) * cycles as f64;
    ((target - a as f64) / per_n + 1_000.0).max(1.0) as u32
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let production = args.iter().any(|a| a == "--production");
    let evm = args.iter().any(|a| a == "--evm");
    let cycles: u64 = args
        .iter()
        .position(|a| a == "--segment-cycles")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(1 << 13);
    let mut counts: Vec<u64> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| a.parse::<u64>().is_ok() && (*i == 0 || args[i - 1] != "--segment-cycles"))
        .map(|(_, a)| a.parse().unwrap())
        .collect();
    if counts.is_empty() {
        counts = vec![1, 10, 40];
    }
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
    let options = ProveOptions {
        max_segment_cycles: cycles,
        ..ProveOptions::default()
    };
    let mut runs: Vec<(Duration, TrellisProof)> = Vec::new();
    for &count in &counts {
        let n = input_for(&trellis, &program, count, cycles);
        let t = Instant::now();
        let (report, proof) = trellis
            .prove(&pk, &program, &n.to_le_bytes(), &options, &|_| {})
            .expect("the run proves");
        let proving = t.elapsed();
        println!(
            "fibonacci({n}): {} cycles in {} segment(s) of <= {cycles} cycles proven in {proving:.1?}",
            report.cycles,
            proof.segments.len(),
        );
        runs.push((proving, proof));
    }

    // The distinct shapes of every run's segments, and the keys every run's tree uses:
    // one key set (one allowlist, one root key) for all runs.
    let mut distinct: Vec<Vec<usize>> = Vec::new();
    for s in runs.iter().flat_map(|(_, p)| p.segments.iter()) {
        let h = s.proof.log_trace_heights().to_vec();
        if !distinct.contains(&h) {
            distinct.push(h);
        }
    }
    let shapes: Vec<(&VerifyingKey<DynAir>, Vec<usize>)> =
        distinct.iter().map(|h| (vk.stark(), h.clone())).collect();
    let config = AggregationConfig::new(params, LEAF_ARITY, NODE_ARITY);
    let mut key_use = TreeKeyUse::default();
    for (_, p) in &runs {
        let run: Vec<usize> = p
            .segments
            .iter()
            .map(|s| {
                let h = s.proof.log_trace_heights();
                distinct.iter().position(|d| d == h).expect("listed")
            })
            .collect();
        let used = TreeKeyUse::of_run(&run, &config);
        key_use.leaves.extend(used.leaves);
        key_use.lone_leaves.extend(used.lone_leaves);
        key_use.internal.extend(used.internal);
    }
    let t = Instant::now();
    let keys =
        Arc::new(AggregationKeys::generate_for(&shapes, &config, 4, &key_use).expect("keys"));
    println!(
        "one key set for all runs: {} leaf key(s) + {} internal keys at table heights {:?}, made in {:.1?}",
        keys.leaves.len(),
        keys.internal.len(),
        keys.config.table_log_heights.expect("fixed heights"),
        t.elapsed()
    );
    for (layer, k) in [("shrink", &keys.shrink), ("root", &keys.root)] {
        let security = k.vk.security();
        println!(
            "{layer} layer: log_blowup {}, {} queries, query pow {}, table heights {:?}, {:.1} bits proven ({}), {:.1} conjectured",
            k.vk.params().log_blowup,
            k.vk.params().num_queries,
            k.vk.params().query_pow_bits,
            k.vk.fixed_log_heights()
                .into_iter()
                .map(|h| h.unwrap_or(0))
                .collect::<Vec<_>>(),
            security.proven_bits,
            security.proven_regime,
            security.conjectured_bits(),
        );
    }
    let identity = ProgramIdentity::of(vk.stark(), vk.entry_pc(), vk.initial_root());
    println!(
        "| segments | segment proving | aggregation proofs | aggregation time (share of total) | leaves (mean) | internal nodes (mean) | shrink + root layers | root proof bytes | root heights | root verification (median of 11) | peak RSS so far (MiB) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
    let mut sizes = Vec::new();
    let mut fixed_parts = Vec::new();
    let mut last_root = None;
    for (proving, proof) in &runs {
        let inputs: Vec<SegmentInput<'_>> = proof
            .segments
            .iter()
            .map(|s| SegmentInput {
                proof: &s.proof,
                public_values: trellis.vm().segment_public_values(&s.claim),
                public_output: s.claim.public_output.clone(),
            })
            .collect();
        let t = Instant::now();
        let node_seconds = std::sync::Mutex::new(Vec::new());
        let (root, output) = Aggregator::with_keys(keys.clone())
            .aggregate_resumable(vk.stark(), &inputs, None, &|e| {
                if let AggregationEvent::Proven { level, seconds, .. } = e {
                    node_seconds
                        .lock()
                        .expect("not poisoned")
                        .push((level, seconds));
                }
            })
            .expect("the run aggregates");
        let aggregation = t.elapsed();
        let node_seconds = node_seconds.into_inner().expect("not poisoned");
        let (tree_nodes, last_two) = node_seconds.split_at(node_seconds.len().saturating_sub(2));
        let mean = |leaves: bool| {
            let times: Vec<f64> = tree_nodes
                .iter()
                .filter(|(level, _)| (*level == 0) == leaves)
                .map(|&(_, s)| s)
                .collect();
            if times.is_empty() {
                return "none".to_string();
            }
            format!(
                "{} x {:.1} s",
                times.len(),
                times.iter().sum::<f64>() / times.len() as f64
            )
        };
        let times: Vec<Duration> = (0..11)
            .map(|_| {
                let t = Instant::now();
                verify_root_with_keys(&keys, &root.proof, &root.statement, &identity, &output)
                    .expect("the root verifies");
                t.elapsed()
            })
            .collect();
        let bytes = root.proof.to_bytes().len();
        sizes.push(bytes);
        fixed_parts.push(bytes - merkle_path_bytes!(&root.proof));
        let n = proof.segments.len();
        let share = 100.0 * aggregation.as_secs_f64() / (aggregation + *proving).as_secs_f64();
        println!(
            "| {n} | {proving:.1?} | {} | {aggregation:.1?} ({share:.0} %) | {} | {} | {:.1} s + {:.1} s | {bytes} | {:?} | {:.2?} | {} |",
            node_seconds.len(),
            mean(true),
            mean(false),
            last_two[0].1,
            last_two[1].1,
            root.proof.log_trace_heights(),
            median(times),
            peak_rss_mib()
        );
        last_root = Some((breakdown!(&root.proof), root, output));
    }
    if let Some((parts, _, _)) = &last_root {
        println!("last root proof's bytes by part: {parts}");
    }
    if let (true, Some((_, root, output))) = (evm, &last_root) {
        let layer_params = evm_layer_params_for(&params);
        let t = Instant::now();
        let layer = EvmLayerKeys::generate(
            &keys.root.vk,
            root.proof.log_trace_heights(),
            root.statement.keys_root,
            &layer_params,
        )
        .expect("EVM layer keys");
        let keygen = t.elapsed();
        let t = Instant::now();
        let (proof, chain) = layer
            .prove(&keys.root.vk, &root.proof, &root.statement, output)
            .expect("the root wraps");
        let proving = t.elapsed();
        let times: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                layer
                    .verify(&proof, &chain)
                    .expect("the EVM layer verifies");
                t.elapsed()
            })
            .collect();
        let security = layer.vk.security();
        println!(
            "EVM layer (BN254 Poseidon2, log_blowup {}, {} queries, query pow {}): keygen {keygen:.1?}, prove {proving:.1?}, {} bytes, heights {:?}, verify {:.2?} (median of 5), {:.1} bits proven ({}), {:.1} conjectured, peak RSS {} MiB",
            layer_params.log_blowup,
            layer_params.num_queries,
            layer_params.query_pow_bits,
            proof.to_bytes().len(),
            proof.log_trace_heights(),
            median(times),
            security.proven_bits,
            security.proven_regime,
            security.conjectured_bits(),
            peak_rss_mib()
        );
        println!("EVM layer proof's bytes by part: {}", breakdown!(&proof));
    }
    let (min, max) = (
        *sizes.iter().min().expect("a run") as f64,
        *sizes.iter().max().expect("a run") as f64,
    );
    println!(
        "root sizes within {:.2} % of each other",
        100.0 * (max - min) / min
    );
    // Everything but the pruned Merkle paths has one size for every run; the paths' size
    // follows where the queries land (docs/recursion.md, "Why root sizes differ").
    let same = fixed_parts.windows(2).all(|w| w[0] == w[1]);
    println!(
        "root bytes less their pruned Merkle paths: {fixed_parts:?} ({})",
        if same {
            "the same for every run"
        } else {
            "they differ"
        }
    );
}

/// Encoded size of one part of a proof.
fn encoded<T: serde::Serialize>(part: &T) -> usize {
    postcard::to_allocvec(part).expect("encodes").len()
}
