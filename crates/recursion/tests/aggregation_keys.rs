//! One set of aggregation keys for a VM configuration: leaves and internal nodes take
//! their children's keys as inputs (checked against the key allowlist), every table at
//! fixed heights, so the same keys aggregate runs of different programs, and the root
//! verifier needs only the keys and the program's key. A child proof made with a key
//! outside the allowlist cannot be aggregated.

use std::sync::Arc;

use trellis_recursion::PreparedKey;
use trellis_recursion::aggregate::{
    AggregationConfig, AggregationEvent, AggregationKeys, Aggregator, Child, Keying, NodeKeys,
    NodeProof, ProgramIdentity, ROOT_PARAMS, RootError, SHRINK_PARAMS, SegmentInput, TreeKeyUse,
    node_inputs, output_chain, root_params_for, shrink_params_for, verify_root_with_keys,
};

use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, TrellisProof, VerifyingKey};
use trellis_stark::SecurityLevel;
use trellis_stark::Val;

fn proven(
    trellis: &Trellis,
    example: &str,
    input: &[u8],
    cycles: u64,
) -> (VerifyingKey, TrellisProof) {
    let program = trellis
        .load_program(&build_example(example).unwrap())
        .unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let options = ProveOptions {
        max_segment_cycles: cycles,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, input, &options, &|_| {})
        .unwrap();
    (vk, proof)
}

fn inputs<'a>(trellis: &Trellis, proof: &'a TrellisProof) -> Vec<SegmentInput<'a>> {
    proof
        .segments
        .iter()
        .map(|s| SegmentInput {
            proof: &s.proof,
            public_values: trellis.vm().segment_public_values(&s.claim),
            public_output: s.claim.public_output.clone(),
        })
        .collect()
}

/// One leaf over each of `segments` (consecutive, from the run's start), with the
/// public output they reveal.
fn prove_leaves(
    tree: &mut Aggregator,
    key: &PreparedKey<'_, trellis_stark::DynAir>,
    segments: &[SegmentInput<'_>],
) -> (Vec<NodeProof>, Vec<u8>) {
    let mut output = Vec::new();
    let mut leaves = Vec::new();
    for s in segments {
        leaves.push(
            tree.prove_node(
                &[Child::Segment {
                    key,
                    proof: s.proof,
                    public_values: &s.public_values,
                }],
                output_chain::commit(&output),
            )
            .unwrap(),
        );
        output.extend_from_slice(&s.public_output);
    }
    (leaves, output)
}

fn identity(vk: &VerifyingKey) -> ProgramIdentity {
    ProgramIdentity::of(vk.stark(), vk.entry_pc(), vk.initial_root())
}

/// Log2 height of a recursion table (by AIR name) in a production proof.
type HeightOf = dyn Fn(&str) -> usize;

#[test]
fn one_set_of_keys_aggregates_runs_of_different_programs() {
    let trellis = Trellis::rv32im();
    let (fib_vk, fib) = proven(&trellis, "fibonacci", &600u32.to_le_bytes(), 512);
    // Enough segments for internal nodes over leaves and over internal nodes.
    assert!(fib.segments.len() >= 4, "{} segments", fib.segments.len());
    let (sort_vk, sort) = proven(&trellis, "sort", &[], 1 << 20);
    let shapes: Vec<(
        &trellis_stark::VerifyingKey<trellis_stark::DynAir>,
        Vec<usize>,
    )> = fib
        .segments
        .iter()
        .map(|s| (fib_vk.stark(), s.proof.log_trace_heights().to_vec()))
        .chain(
            sort.segments
                .iter()
                .map(|s| (sort_vk.stark(), s.proof.log_trace_heights().to_vec())),
        )
        .collect();
    let config = AggregationConfig::new(ProofParams::insecure_test_fast(), 1, 3);
    let keys = Arc::new(AggregationKeys::generate(&shapes, &config, 4).unwrap());
    println!(
        "{} leaf keys + {} internal keys at heights {:?}",
        keys.leaves.len(),
        keys.internal.len(),
        keys.config.table_log_heights
    );

    let mut root_sizes = Vec::new();
    for (vk, proof) in [(&fib_vk, &fib), (&sort_vk, &sort)] {
        let mut aggregator = Aggregator::with_keys(keys.clone());
        let (root, output) = aggregator
            .aggregate(vk.stark(), &inputs(&trellis, proof))
            .expect("the run aggregates with the configuration's keys");
        // Tree proving keys are made again when a level needs them and dropped after it:
        // none is left held once the root is made; the shrink and root keys stay.
        assert!(
            keys.leaves
                .values()
                .chain(keys.internal.values())
                .all(|k| !k.holds_proving_key())
        );
        assert!(keys.shrink.holds_proving_key() && keys.root.holds_proving_key());
        root_sizes.push((
            proof.segments.len(),
            root.proof.to_bytes().len(),
            root.proof.log_trace_heights().to_vec(),
        ));
        let run =
            verify_root_with_keys(&keys, &root.proof, &root.statement, &identity(vk), &output)
                .expect("the root verifies with the configuration's keys");
        let claim = trellis.verify(vk, proof).unwrap();
        assert_eq!(
            (run.exit_code, run.final_pc, run.public_output),
            (claim.exit_code, claim.final_pc, claim.public_output)
        );
        // The same root is not a run of the other program.
        let other = if std::ptr::eq(vk, &fib_vk) {
            &sort_vk
        } else {
            &fib_vk
        };
        assert!(matches!(
            verify_root_with_keys(
                &keys,
                &root.proof,
                &root.statement,
                &identity(other),
                &output,
            ),
            Err(RootError::OtherProgram)
        ));
        // Nor is a statement the proof was not made for.
        let mut forged = root.statement.clone();
        forged.keys_root[0] ^= 1;
        assert!(
            verify_root_with_keys(&keys, &root.proof, &forged, &identity(vk), &output,).is_err()
        );
    }

    // One root shape whatever the number of segments (every aggregation proof has the
    // fixed heights); sizes then differ only by how the queries' Merkle paths share
    // nodes (a few percent with the test parameters' two queries).
    println!("(segments, root proof bytes, heights): {root_sizes:?}");
    let (a, b) = (root_sizes[0].1 as f64, root_sizes[1].1 as f64);
    assert_ne!(root_sizes[0].0, root_sizes[1].0);
    assert_eq!(root_sizes[0].2, root_sizes[1].2);
    assert!((a - b).abs() / a < 0.05, "{root_sizes:?}");

    // Only the root layer's proof is a root proof: the tree's top proof over sort's two
    // segments states the whole run, honestly proven with the configuration's keys, and
    // is still refused as a root.
    assert_eq!(sort.segments.len(), 2);
    assert_eq!(keys.root.vk.params(), &keys.config.root_params);
    let sort_key = PreparedKey::new(sort_vk.stark()).unwrap();
    let sort_inputs = inputs(&trellis, &sort);
    let mut tree = Aggregator::with_keys(keys.clone());
    let (leaves, output) = prove_leaves(&mut tree, &sort_key, &sort_inputs);
    let leaf_keys: Vec<_> = leaves
        .iter()
        .map(|l| PreparedKey::new(&l.keys.vk).unwrap())
        .collect();
    let statements: Vec<Vec<Val>> = leaves.iter().map(|l| l.statement.to_values()).collect();
    let children: Vec<Child<'_>> = leaves
        .iter()
        .zip(&leaf_keys)
        .zip(&statements)
        .map(|((l, key), statement)| Child::Aggregation {
            key,
            proof: &l.proof,
            statement,
        })
        .collect();
    let top = tree
        .prove_node(&children, output_chain::EMPTY_STATE)
        .unwrap();
    assert!(top.statement.terminated);

    // Leaves and internal nodes have heights of their own, and every program verifies
    // children of one class: the shrink layer refuses a leaf proof, and an internal node
    // refuses a leaf beside an internal proof, in either order, though the chain they
    // state is whole (fibonacci's first three segments: a pair and a leaf, a leaf and a
    // pair); the three leaves together join.
    assert_ne!(
        leaves[0].proof.log_trace_heights(),
        top.proof.log_trace_heights()
    );
    assert!(tree.prove_shrink(&leaves[0]).is_err());
    let fib_key = PreparedKey::new(fib_vk.stark()).unwrap();
    let fib_inputs = inputs(&trellis, &fib);
    let (fib_leaves, _) = prove_leaves(&mut tree, &fib_key, &fib_inputs[..3]);
    let fib_keys: Vec<_> = fib_leaves
        .iter()
        .map(|l| PreparedKey::new(&l.keys.vk).unwrap())
        .collect();
    let fib_statements: Vec<Vec<Val>> =
        fib_leaves.iter().map(|l| l.statement.to_values()).collect();
    let leaf_child = |i: usize| Child::Aggregation {
        key: &fib_keys[i],
        proof: &fib_leaves[i].proof,
        statement: &fib_statements[i],
    };
    let start = |i: usize| fib_leaves[i].statement.output_start;
    let pairs: Vec<_> = [0, 1]
        .into_iter()
        .map(|i| {
            tree.prove_node(&[leaf_child(i), leaf_child(i + 1)], start(i))
                .unwrap()
        })
        .collect();
    let pair_keys: Vec<_> = pairs
        .iter()
        .map(|p| PreparedKey::new(&p.keys.vk).unwrap())
        .collect();
    let pair_statements: Vec<Vec<Val>> = pairs.iter().map(|p| p.statement.to_values()).collect();
    let pair_child = |i: usize| Child::Aggregation {
        key: &pair_keys[i],
        proof: &pairs[i].proof,
        statement: &pair_statements[i],
    };
    let three = tree
        .prove_node(&[leaf_child(0), leaf_child(1), leaf_child(2)], start(0))
        .expect("three leaf proofs join");
    for mixed in [
        [pair_child(0), leaf_child(2)],
        [leaf_child(0), pair_child(1)],
    ] {
        match tree.prove_node(&mixed, start(0)) {
            Ok(_) => panic!("a node over a leaf and an internal proof was made"),
            Err(e) => println!("a leaf beside an internal proof: {e}"),
        }
    }
    assert_eq!(
        three.proof.log_trace_heights(),
        top.proof.log_trace_heights()
    );
    assert!(matches!(
        verify_root_with_keys(
            &keys,
            &top.proof,
            &top.statement,
            &identity(&sort_vk),
            &output,
        ),
        Err(RootError::UnknownKey)
    ));
    // Nor is the shrink layer's proof over it (an honest proof of the same statement).
    let shrink = tree.prove_shrink(&top).unwrap();
    assert_eq!(shrink.statement, top.statement);
    assert_eq!(shrink.keys.vk.digest(), keys.shrink.vk.digest());
    assert!(matches!(
        verify_root_with_keys(
            &keys,
            &shrink.proof,
            &shrink.statement,
            &identity(&sort_vk),
            &output,
        ),
        Err(RootError::UnknownKey)
    ));
    // The root program has the shrink key as a constant: over the tree's top proof
    // (another key, other heights) it has no proof, and over the shrink proof it has the
    // root, which verifies.
    match tree.prove_root(&top) {
        Ok(_) => panic!("a root over a non-shrink proof was made"),
        Err(e) => println!("root over the tree's top proof: {e}"),
    }
    let root = tree.prove_root(&shrink).unwrap();
    assert_eq!(root.keys.vk.digest(), keys.root.vk.digest());
    verify_root_with_keys(
        &keys,
        &root.proof,
        &root.statement,
        &identity(&sort_vk),
        &output,
    )
    .unwrap();

    // The production shrink and root parameters reach the bar on their layers' real AIRs
    // at the heights of production proofs (docs/benchmarks.md), computed by p3-security
    // as keygen does; one query fewer falls short.
    let shrink_heights = |name: &str| match name.rsplit('/').next().unwrap_or(name) {
        "inputs" => 16,
        "inputs-ext" => 14,
        "public" => 5,
        "alu-base" => 16,
        "alu-ext" => 16,
        "coeffs" => 14,
        "select" => 15,
        "assert" => 15,
        "poseidon2" => 16,
        "bits" => 8,
        "reduced-opening" => 16,
        other => panic!("unknown recursion table {other}"),
    };
    let root_heights = |name: &str| match name.rsplit('/').next().unwrap_or(name) {
        "inputs" => 14,
        "inputs-ext" => 12,
        "public" => 5,
        "alu-base" => 14,
        "alu-ext" => 15,
        "coeffs" => 12,
        "select" => 13,
        "assert" => 13,
        "poseidon2" => 14,
        "bits" => 6,
        "reduced-opening" => 14,
        other => panic!("unknown recursion table {other}"),
    };
    let layers: [(&NodeKeys, ProofParams, &HeightOf); 2] = [
        (&keys.shrink, SHRINK_PARAMS, &shrink_heights),
        (&keys.root, ROOT_PARAMS, &root_heights),
    ];
    for (layer, params, heights) in layers {
        let mut shapes = layer.vk.security().airs.clone();
        for s in &mut shapes {
            s.log_height = heights(&s.name);
        }
        let level = SecurityLevel::compute(&params, shapes.clone());
        assert!(level.meets_requirement(), "{}", level.report());
        let fewer = ProofParams {
            num_queries: params.num_queries - 1,
            ..params
        };
        assert!(!SecurityLevel::compute(&fewer, shapes).meets_requirement());
    }
    assert_eq!(root_params_for(&ProofParams::production()), ROOT_PARAMS);
    assert_eq!(shrink_params_for(&ProofParams::production()), SHRINK_PARAMS);

    // A leaf made with a key outside the allowlist (a program with the segment key as a
    // constant, at the same heights) cannot be a child of the configuration's nodes.
    let fixed_config = keys.config.clone();
    let mut outsider = Aggregator::new(fixed_config);
    let segs = inputs(&trellis, &fib);
    let segment_key = PreparedKey::new(fib_vk.stark()).unwrap();
    let stranger = outsider
        .prove_node(
            &[Child::Segment {
                key: &segment_key,
                proof: segs[0].proof,
                public_values: &segs[0].public_values,
            }],
            output_chain::EMPTY_STATE,
        )
        .unwrap();
    let mut insider = Aggregator::with_keys(keys.clone());
    let honest = insider
        .prove_node(
            &[Child::Segment {
                key: &segment_key,
                proof: segs[1].proof,
                public_values: &segs[1].public_values,
            }],
            output_chain::commit(&segs[0].public_output),
        )
        .unwrap();
    let stranger_key = PreparedKey::new(&stranger.keys.vk).unwrap();
    let honest_key = PreparedKey::new(&honest.keys.vk).unwrap();
    // Even stating the configuration's allowlist root, the stranger is not in it.
    let mut claimed = stranger.statement.clone();
    claimed.keys_root = keys.keys_root();
    let (sv, hv) = (claimed.to_values(), honest.statement.to_values());
    let children = [
        Child::Aggregation {
            key: &stranger_key,
            proof: &stranger.proof,
            statement: &sv,
        },
        Child::Aggregation {
            key: &honest_key,
            proof: &honest.proof,
            statement: &hv,
        },
    ];
    let root = keys.allowlist.root();
    let (_, failures) = node_inputs(
        &children,
        output_chain::EMPTY_STATE,
        root,
        Keying::Inputs {
            depth: keys.allowlist.depth(),
            allowlist: Some(&keys.allowlist),
        },
    )
    .unwrap();
    assert!(
        failures
            .iter()
            .any(|f| f.contains("not an aggregation key of this configuration")),
        "{failures:?}"
    );
}

/// Leaves of two segments: a run pairs its consecutive segments, across a change of
/// shape too (the keys hold a leaf per sequence of shapes the run's tree uses), fewer
/// proofs reach the internal nodes, and the root verifies. A pair out of order, a
/// segment twice or a pair with a segment left out between has no leaf proof; a pair of
/// shapes the run's tree does not use has no leaf key.
#[test]
fn leaves_of_two_segments_pair_consecutive_segments() {
    let trellis = Trellis::rv32im();
    let (vk, fib) = proven(&trellis, "fibonacci", &1500u32.to_le_bytes(), 512);
    let shapes: Vec<Vec<usize>> = fib
        .segments
        .iter()
        .map(|s| s.proof.log_trace_heights().to_vec())
        .collect();
    // The first segment (the program's set-up) and the last two have shapes of their
    // own; those between share one.
    assert!(shapes.len() >= 5, "{shapes:?}");
    assert!(shapes[0] != shapes[1] && shapes[1] == shapes[2] && shapes[2] == shapes[3]);
    let mut distinct: Vec<Vec<usize>> = Vec::new();
    for shape in &shapes {
        if !distinct.contains(shape) {
            distinct.push(shape.clone());
        }
    }
    let run: Vec<usize> = shapes
        .iter()
        .map(|s| distinct.iter().position(|d| d == s).unwrap())
        .collect();
    let segment_shapes: Vec<_> = distinct.iter().map(|s| (vk.stark(), s.clone())).collect();
    let config = AggregationConfig::new(ProofParams::insecure_test_fast(), 2, 3);
    let key_use = TreeKeyUse::of_run(&run, &config);
    // The first pair spans the change from the set-up segment's shape to the next.
    assert!(
        key_use.leaves.contains(&vec![run[0], run[1]]),
        "{key_use:?}"
    );
    let keys =
        Arc::new(AggregationKeys::generate_for(&segment_shapes, &config, 5, &key_use).unwrap());
    assert_eq!(keys.leaves.len(), key_use.leaves.len());
    assert!(keys.lone_leaves.is_empty());

    let leaf_sizes = trellis_recursion::aggregate::leaf_group_sizes(shapes.len(), 2);
    assert_eq!(leaf_sizes[0], 2, "{leaf_sizes:?}");
    let levels = std::sync::Mutex::new(Vec::new());
    let held_at_last_leaf = std::sync::Mutex::new(None);
    let mut aggregator = Aggregator::with_keys(keys.clone());
    let (root, output) = aggregator
        .aggregate_resumable(vk.stark(), &inputs(&trellis, &fib), None, &|e| match e {
            AggregationEvent::Level { level, nodes } => levels.lock().unwrap().push((level, nodes)),
            AggregationEvent::Proven { level: 0, node, .. } if node + 1 == leaf_sizes.len() => {
                let held = keys
                    .leaves
                    .values()
                    .filter(|k| k.holds_proving_key())
                    .count();
                *held_at_last_leaf.lock().unwrap() = Some(held);
            }
            _ => {}
        })
        .expect("the run aggregates with leaves of two");
    let levels = levels.into_inner().unwrap();
    // A leaf key is dropped after its last leaf: at the last one, only its key is held
    // (the run's leaves use several).
    assert_eq!(held_at_last_leaf.into_inner().unwrap(), Some(1));
    assert_eq!(levels[0], (0, leaf_sizes.len()));
    assert!(leaf_sizes.len() < shapes.len());
    let run = verify_root_with_keys(&keys, &root.proof, &root.statement, &identity(&vk), &output)
        .expect("the root verifies");
    let claim = trellis.verify(&vk, &fib).unwrap();
    assert_eq!(
        (run.exit_code, run.public_output),
        (claim.exit_code, claim.public_output)
    );

    // Pairs of segments of one shape in the wrong order, twice the same, or not
    // consecutive: the leaf program rejects its inputs.
    let key = PreparedKey::new(vk.stark()).unwrap();
    let all = inputs(&trellis, &fib);
    let segment = |i: usize| Child::Segment {
        key: &key,
        proof: all[i].proof,
        public_values: &all[i].public_values,
    };
    let mut tree = Aggregator::with_keys(keys.clone());
    let mixed = tree
        .prove_node(&[segment(0), segment(1)], output_chain::EMPTY_STATE)
        .expect("the set-up segment pairs with the next, of another shape");
    assert_eq!(mixed.statement.start_pc, fib.segments[0].claim.entry_pc);
    assert_eq!(mixed.statement.end_pc, fib.segments[1].claim.final_pc);
    let pair = tree
        .prove_node(&[segment(1), segment(2)], output_chain::EMPTY_STATE)
        .expect("two consecutive segments of one shape pair");
    assert_eq!(pair.statement.start_pc, fib.segments[1].claim.entry_pc);
    assert_eq!(pair.statement.end_pc, fib.segments[2].claim.final_pc);
    assert!(!pair.statement.terminated);
    for (name, order) in [("swapped", [2, 1]), ("twice", [1, 1]), ("gap", [1, 3])] {
        match tree.prove_node(
            &[segment(order[0]), segment(order[1])],
            output_chain::EMPTY_STATE,
        ) {
            Err(trellis_recursion::air::RecursionProofError::Rejected(f)) => {
                assert!(
                    f.iter().any(|m| m.contains("does not start")),
                    "{name}: {f:?}"
                )
            }
            Err(e) => panic!("{name}: another error: {e}"),
            Ok(_) => panic!("{name}: a leaf was proven"),
        }
    }
    // The run's tree has no leaf over the second segment's shape, then the first's.
    match tree.prove_node(&[segment(1), segment(0)], output_chain::EMPTY_STATE) {
        Err(e) => assert!(e.to_string().contains("no aggregation key"), "{e}"),
        Ok(_) => panic!("a leaf over shapes the keys do not hold was proven"),
    }
}
