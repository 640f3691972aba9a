//! Searches recursion-layer parameters: for each FRI blowup, the fewest queries that
//! reach 100 bits proven (p3-security, through `SecurityLevel::compute`) for the AIRs of
//! an aggregation leaf at production table heights, and what a proof under them costs
//! the verifier that aggregates it (recorded program size).
//!
//! `cargo run --release -p trellis-recursion --example recursion_params`

use trellis_recursion::aggregate::{ChildShape, Keying, record_node};
use trellis_recursion::air::RecursionCircuit;
use trellis_recursion::{PreparedKey, ProgramStats, record_program};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::SecurityLevel;

/// Padded log2 heights of a production leaf's tables (docs/recursion.md, "Numbers").
fn production_log_height(table: &str) -> usize {
    match table.rsplit('/').next().unwrap_or(table) {
        "inputs" => 17,
        "inputs-ext" => 14,
        "public" => 5,
        "alu-base" => 16,
        "alu-ext" => 17,
        "coeffs" => 14,
        "select" => 15,
        "assert" => 16,
        "poseidon2" => 17,
        "bits" => 8,
        "reduced-opening" => 17,
        _ => 20,
    }
}

fn main() {
    let trellis = Trellis::rv32im();
    let test = ProofParams::insecure_test_fast();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis.keygen(&program, &test).unwrap();
    let (_, proof) = trellis
        .prove(
            &pk,
            &program,
            &25u32.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .unwrap();
    let key = PreparedKey::new(vk.stark()).unwrap();
    let heights = proof.segments[0].proof.log_trace_heights().to_vec();
    let leaf = record_node(
        &[ChildShape {
            is_segment: true,
            key: &key,
            log_trace_heights: heights,
        }],
        Keying::Fixed,
    )
    .unwrap();
    let circuit = RecursionCircuit::new(&leaf).unwrap();
    let (_, leaf_vk) = circuit.keygen(&test).unwrap();
    let mut shapes = leaf_vk.security().airs.clone();
    for s in &mut shapes {
        s.log_height = production_log_height(&s.name);
    }
    println!(
        "| log_blowup | queries | query PoW | proven bits | binding term | conjectured | verifier ops | Poseidon2 rows |"
    );
    println!("|---:|---:|---:|---:|---|---:|---:|---:|");
    for (log_blowup, query_pow_bits) in [1, 2, 3, 4, 5, 6, 7]
        .into_iter()
        .flat_map(|b| [(b, 20), (b, 24)])
    {
        // Room for the blowup under BabyBear's two-adicity (27): a recursion table is
        // at most 2^20 rows.
        let base = ProofParams {
            log_blowup,
            query_pow_bits,
            max_log_trace_height: 20,
            ..ProofParams::production()
        };
        let Some((queries, level)) = (1..400).find_map(|q| {
            let p = ProofParams {
                num_queries: q,
                ..base
            };
            let level = SecurityLevel::compute(&p, shapes.clone());
            level.meets_requirement().then_some((q, level))
        }) else {
            println!("| {log_blowup} | > 400 | {query_pow_bits} | | | | | |");
            continue;
        };
        // What verifying a leaf proof under these parameters costs (the leaf key is
        // made at the test heights: the program's size follows its queries and blowup).
        let params = ProofParams {
            num_queries: queries,
            ..base
        };
        let (_, vk) = circuit
            .keygen(&params)
            .unwrap_or_else(|_| circuit.keygen(&test).unwrap());
        let stats = if vk.params() == &params {
            let prepared = PreparedKey::new(&vk).unwrap();
            let hs: Vec<usize> = circuit
                .airs()
                .iter()
                .map(|a| {
                    let prep = trellis_stark::BaseAir::<trellis_stark::Val>::preprocessed_trace(a)
                        .expect("every recursion table has a preprocessed trace");
                    prep.values.len() / prep.width
                })
                .map(|h| h.trailing_zeros() as usize)
                .collect();
            Some(ProgramStats::of(&record_program(&prepared, &hs).unwrap()))
        } else {
            None
        };
        println!(
            "| {log_blowup} | {queries} | {} | {:.1} | {} | {:.1} | {} | {} |",
            params.query_pow_bits,
            level.proven_bits,
            binding_term(&level),
            level.conjectured_bits(),
            stats.as_ref().map_or("-".into(), |s| s.ops.to_string()),
            stats
                .as_ref()
                .map_or("-".into(), |s| (s.count("Permute") + s.count("MerkleStep"))
                    .to_string()),
        );
    }
}

/// The term that binds the proven level (its label and bits).
fn binding_term(level: &SecurityLevel) -> String {
    let regime = match &level.list_decoding {
        Some(l) if l.bits() > level.unique_decoding.bits() => l,
        _ => &level.unique_decoding,
    };
    let b = regime.binding();
    format!("{} ({})", b.label, regime.regime)
}
