//! Aggregation end to end (test parameters): a fibonacci run proven in several segments
//! is aggregated into one root proof whose statement is the run's claim; segment proofs
//! that are reordered, dropped, duplicated, altered or of another program cannot be
//! aggregated into a proof that passes `verify_root`.

use std::sync::OnceLock;
use std::time::Instant;

use p3_field::PrimeCharacteristicRing;
use trellis_recursion::aggregate::{
    AggregationConfig, AggregationError, Aggregator, Child, RootError, SegmentInput, layer_heights,
    node_inputs, output_chain, verify_root,
};
use trellis_recursion::aggregate::{ChildShape, Keying, STATEMENT_LEN, record_node};
use trellis_recursion::air::RecursionProofError;
use trellis_recursion::{PreparedKey, ProgramStats, record_program};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, TrellisProof, VerifyingKey};
use trellis_stark::Val;

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(Trellis::rv32im)
}

/// `example` run on `input`, proven in segments of at most `cycles` instructions.
fn proven(example: &str, input: &[u8], cycles: u64) -> (VerifyingKey, TrellisProof) {
    let program = trellis()
        .load_program(&build_example(example).unwrap())
        .unwrap();
    let (pk, vk) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let options = ProveOptions {
        max_segment_cycles: cycles,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis()
        .prove(&pk, &program, input, &options, &|_| {})
        .unwrap();
    (vk, proof)
}

fn fibonacci() -> &'static (VerifyingKey, TrellisProof) {
    static P: OnceLock<(VerifyingKey, TrellisProof)> = OnceLock::new();
    P.get_or_init(|| {
        let p = proven("fibonacci", &300u32.to_le_bytes(), 512);
        assert!(p.1.segments.len() >= 3, "{} segments", p.1.segments.len());
        p
    })
}

fn inputs<'a>(proof: &'a TrellisProof, order: &[usize]) -> Vec<SegmentInput<'a>> {
    order
        .iter()
        .map(|&i| {
            let s = &proof.segments[i];
            SegmentInput {
                proof: &s.proof,
                public_values: trellis().vm().segment_public_values(&s.claim),
                public_output: s.claim.public_output.clone(),
            }
        })
        .collect()
}

fn config() -> AggregationConfig {
    AggregationConfig::new(ProofParams::insecure_test_fast(), 1, 2)
}

#[test]
fn a_run_in_segments_aggregates_into_one_proof_of_its_claim() {
    let (vk, proof) = fibonacci();
    let n = proof.segments.len();
    let mut aggregator = Aggregator::new(config());
    let t = Instant::now();
    let order: Vec<usize> = (0..n).collect();
    let (root, output) = aggregator
        .aggregate(vk.stark(), &inputs(proof, &order))
        .expect("an honest run aggregates");
    println!(
        "{n} segments -> root in {:.2?} with {} node keys; root proof {} bytes",
        t.elapsed(),
        aggregator.num_keys(),
        root.proof.to_bytes().len()
    );
    assert_eq!(output, proof.claim.public_output);
    let run = verify_root(
        &root,
        vk.stark().digest(),
        vk.entry_pc(),
        vk.initial_root(),
        &output,
    )
    .expect("the root proof verifies");
    // The root states exactly what the segment verifier concludes.
    let claim = trellis().verify(vk, proof).unwrap();
    assert_eq!(run.exit_code, claim.exit_code);
    assert_eq!(run.final_pc, claim.final_pc);
    assert_eq!(run.public_output, claim.public_output);
    assert_eq!(root.statement.output_len as usize, output.len());

    // What a leaf adds to verifying its segment: the output chain, the join, the statement.
    let key = PreparedKey::new(vk.stark()).unwrap();
    let heights = proof.segments[0].proof.log_trace_heights().to_vec();
    let plain = ProgramStats::of(&record_program(&key, &heights).unwrap());
    let leaf = ProgramStats::of(
        &record_node(
            &[ChildShape {
                is_segment: true,
                key: &key,
                log_trace_heights: heights,
            }],
            Keying::Fixed,
        )
        .unwrap(),
    );
    println!(
        "segment verifier {} ops ({} Poseidon2); leaf {} ops ({} Poseidon2), {} statement values",
        plain.ops,
        plain.count("Permute") + plain.count("MerkleStep"),
        leaf.ops,
        leaf.count("Permute") + leaf.count("MerkleStep"),
        leaf.public_values
    );
    assert!(leaf.ops > plain.ops && leaf.public_values == STATEMENT_LEN as u64);

    // The root checks: another program, another start, another output.
    let mut other = vk.stark().digest();
    other[0] ^= 1;
    assert!(matches!(
        verify_root(&root, other, vk.entry_pc(), vk.initial_root(), &output),
        Err(RootError::OtherProgram)
    ));
    assert!(matches!(
        verify_root(
            &root,
            vk.stark().digest(),
            vk.entry_pc() + 4,
            vk.initial_root(),
            &output
        ),
        Err(RootError::WrongStart(_))
    ));
    let mut wrong = output.clone();
    wrong[0] ^= 1;
    assert!(matches!(
        verify_root(
            &root,
            vk.stark().digest(),
            vk.entry_pc(),
            vk.initial_root(),
            &wrong
        ),
        Err(RootError::Output(_))
    ));
    // A statement the proof was not made for does not verify.
    let mut forged = root;
    forged.statement.exit_code ^= 1;
    assert!(matches!(
        verify_root(
            &forged,
            vk.stark().digest(),
            vk.entry_pc(),
            vk.initial_root(),
            &output
        ),
        Err(RootError::Proof(_))
    ));
}

/// Runs one node over the segments in `order` natively: the failed checks.
fn node_failures(
    proof: &TrellisProof,
    key: &PreparedKey<'_, trellis_stark::DynAir>,
    order: &[usize],
) -> Vec<String> {
    let segs = inputs(proof, order);
    let children: Vec<Child<'_>> = segs
        .iter()
        .map(|s| Child::Segment {
            key,
            proof: s.proof,
            public_values: &s.public_values,
        })
        .collect();
    node_inputs(
        &children,
        output_chain::EMPTY_STATE,
        [Val::ZERO; 8],
        Keying::Fixed,
    )
    .unwrap()
    .1
}

#[test]
fn reordered_dropped_and_duplicated_segments_break_the_chain_in_the_node() {
    let (vk, proof) = fibonacci();
    let key = PreparedKey::new(vk.stark()).unwrap();
    let n = proof.segments.len();
    let all: Vec<usize> = (0..n).collect();
    assert!(node_failures(proof, &key, &all).is_empty());
    let mut swapped = all.clone();
    swapped.swap(1, 2);
    let mut dropped = all.clone();
    dropped.remove(1);
    let mut duplicated = all.clone();
    duplicated.insert(1, 1);
    let ends_early: Vec<usize> = vec![n - 1, n - 1];
    for (name, order, expected) in [
        ("swapped", &swapped, "does not start at the pc"),
        ("dropped", &dropped, "does not start at the pc"),
        ("duplicated", &duplicated, "does not start at the pc"),
        (
            "after the end",
            &ends_early,
            "before the last one ends the run",
        ),
    ] {
        let failures = node_failures(proof, &key, order);
        assert!(
            failures.iter().any(|f| f.contains(expected)),
            "{name}: {failures:?}"
        );
    }
}

#[test]
fn no_aggregation_proof_exists_over_a_misplaced_false_or_foreign_segment() {
    let (vk, proof) = fibonacci();
    let n = proof.segments.len();
    let mut aggregator = Aggregator::new(config());
    let rejected = |r: Result<_, AggregationError>| match r {
        Err(AggregationError::Node { source, .. })
            if matches!(*source, RecursionProofError::Rejected(_)) =>
        {
            match *source {
                RecursionProofError::Rejected(f) => f,
                _ => unreachable!(),
            }
        }
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("aggregated"),
    };
    // Reordered: the leaves prove, the internal node over them does not.
    let mut order: Vec<usize> = (0..n).collect();
    order.swap(0, 1);
    let f = rejected(aggregator.aggregate(vk.stark(), &inputs(proof, &order)));
    assert!(f.iter().any(|m| m.contains("does not start")), "{f:?}");

    // Dropping the first or the last segment aggregates, but not into a run.
    let key_args = (vk.stark().digest(), vk.entry_pc(), vk.initial_root());
    let tail: Vec<usize> = (1..n).collect();
    let (root, out) = aggregator
        .aggregate(vk.stark(), &inputs(proof, &tail))
        .unwrap();
    assert!(matches!(
        verify_root(&root, key_args.0, key_args.1, key_args.2, &out),
        Err(RootError::WrongStart(_))
    ));
    let head: Vec<usize> = (0..n - 1).collect();
    let (root, out) = aggregator
        .aggregate(vk.stark(), &inputs(proof, &head))
        .unwrap();
    assert!(matches!(
        verify_root(&root, key_args.0, key_args.1, key_args.2, &out),
        Err(RootError::Unfinished)
    ));

    // An altered segment proof: its leaf has no proof.
    let mut segs = inputs(proof, &[0]);
    let mut pv = segs[0].public_values.clone();
    let i = pv.iter().position(|v| !v.is_empty()).unwrap();
    pv[i][1] += Val::from_u32(4);
    segs[0].public_values = pv;
    let f = rejected(aggregator.aggregate(vk.stark(), &segs));
    assert!(!f.is_empty());

    // A segment of another program cannot join this run's proofs.
    let (other_vk, other) = proven("sort", &[], 1 << 20);
    let other_key = PreparedKey::new(other_vk.stark()).unwrap();
    let ours = PreparedKey::new(vk.stark()).unwrap();
    let a = inputs(proof, &[0]);
    let b = inputs(&other, &[other.segments.len() - 1]);
    let children = [
        Child::Segment {
            key: &ours,
            proof: a[0].proof,
            public_values: &a[0].public_values,
        },
        Child::Segment {
            key: &other_key,
            proof: b[0].proof,
            public_values: &b[0].public_values,
        },
    ];
    let failures = node_inputs(
        &children,
        output_chain::EMPTY_STATE,
        [Val::ZERO; 8],
        Keying::Fixed,
    )
    .unwrap()
    .1;
    assert!(
        failures.iter().any(|f| f.contains("different programs")),
        "{failures:?}"
    );
}

#[test]
fn with_fixed_table_heights_every_aggregation_proof_has_one_shape() {
    let (vk, proof) = fibonacci();
    let n = proof.segments.len();
    let shapes: Vec<(
        &trellis_stark::VerifyingKey<trellis_stark::DynAir>,
        Vec<usize>,
    )> = proof
        .segments
        .iter()
        .map(|s| (vk.stark(), s.proof.log_trace_heights().to_vec()))
        .collect();
    assert!(
        shapes.iter().any(|s| s.1 != shapes[0].1),
        "the segments should differ in shape for this test"
    );
    let mut config = config();
    let heights = layer_heights(&shapes, &config, Keying::Fixed).unwrap();
    config.table_log_heights = Some(heights);
    let root_min = config.root_params.min_log_trace_height();
    let mut aggregator = Aggregator::new(config);
    let order: Vec<usize> = (0..n).collect();
    let segs = inputs(proof, &order);
    // Every leaf, whatever its segment's shape: one shape; every internal node: another.
    let key = PreparedKey::new(vk.stark()).unwrap();
    let mut leaves = Vec::new();
    let mut before = Vec::new();
    for s in &segs {
        let leaf = aggregator
            .prove_node(
                &[Child::Segment {
                    key: &key,
                    proof: s.proof,
                    public_values: &s.public_values,
                }],
                output_chain::commit(&before),
            )
            .unwrap();
        before.extend_from_slice(&s.public_output);
        assert_eq!(leaf.proof.log_trace_heights(), heights.leaves.as_slice());
        leaves.push(leaf);
    }
    let prepared: Vec<PreparedKey<'_, trellis_stark::DynAir>> = leaves[..2]
        .iter()
        .map(|l| PreparedKey::new(&l.keys.vk).unwrap())
        .collect();
    let statements: Vec<Vec<Val>> = leaves[..2]
        .iter()
        .map(|l| l.statement.to_values())
        .collect();
    let pair: Vec<Child<'_>> = (0..2)
        .map(|i| Child::Aggregation {
            key: &prepared[i],
            proof: &leaves[i].proof,
            statement: &statements[i],
        })
        .collect();
    let internal = aggregator
        .prove_node(&pair, leaves[0].statement.output_start)
        .unwrap();
    assert_eq!(
        internal.proof.log_trace_heights(),
        heights.internal.as_slice()
    );

    let (root, output) = aggregator.aggregate(vk.stark(), &segs).unwrap();
    // The root layer verifies one shrink proof (which verifies one tree proof), at its
    // own heights: no table taller than the tree's, or than the root parameters'
    // smallest height.
    assert!(
        root.proof
            .log_trace_heights()
            .iter()
            .zip(&heights.internal)
            .all(|(r, h)| *r <= (*h).max(root_min)),
        "root {:?}, tree {heights:?}",
        root.proof.log_trace_heights()
    );
    verify_root(
        &root,
        vk.stark().digest(),
        vk.entry_pc(),
        vk.initial_root(),
        &output,
    )
    .expect("the root verifies");
    // Leaf keys differ only in their preprocessed commitment (the program), not in AIRs
    // or heights.
    let names = |k: &trellis_stark::VerifyingKey<trellis_stark::DynAir>| k.air_names().to_vec();
    assert!(
        leaves
            .iter()
            .all(|l| names(&l.keys.vk) == names(&root.keys.vk))
    );
    println!(
        "fixed heights {heights:?}: {} node keys",
        aggregator.num_keys()
    );
}
