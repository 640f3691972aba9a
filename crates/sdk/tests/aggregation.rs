//! One proof for a whole run through the SDK: `Trellis::aggregate` turns a run proven
//! in segments into an `AggregatedProof` (file round trip included) that
//! `Trellis::verify_aggregated` accepts with the program's verifying key alone, stating
//! the claim `Trellis::verify` concludes from the segments; an altered statement,
//! output or shape list, a file of another program and a damaged file are refused.

use std::path::Path;

use trellis_sdk::build::build_example;
use trellis_sdk::{
    AggregatedProof, ProofParams, ProveOptions, ProvingKey, SdkError, Trellis, TrellisProof,
    VerifyOptions, VerifyingKey,
};

const ALLOW_TEST_KEYS: VerifyOptions = VerifyOptions {
    allow_insecure_test_params: true,
};

/// fibonacci(300) under test keys, proven in segments of at most `max_segment_cycles`.
fn fibonacci_run(
    trellis: &Trellis,
    max_segment_cycles: u64,
) -> (trellis_sdk::Program, ProvingKey, VerifyingKey, TrellisProof) {
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let options = ProveOptions {
        max_segment_cycles,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, &300u32.to_le_bytes(), &options, &|_| {})
        .unwrap();
    (program, pk, vk, proof)
}

#[test]
fn a_run_aggregates_into_one_proof_the_program_key_verifies() {
    let trellis = Trellis::rv32im();
    let params = ProofParams::insecure_test_fast();
    let (program, pk, vk, proof) = fibonacci_run(&trellis, 512);
    assert!(proof.segments.len() >= 3);
    let claim = trellis.verify(&vk, &proof).unwrap();

    let aggregated = trellis.aggregate(&vk, &proof).unwrap();
    let bytes = aggregated.to_bytes();
    assert!(AggregatedProof::is_aggregated_file(&bytes));
    let read = AggregatedProof::from_bytes(&bytes, Path::new("agg")).unwrap();
    let verified = trellis
        .verify_aggregated(&vk, &read, &ALLOW_TEST_KEYS)
        .expect("the aggregated proof verifies");
    assert_eq!(verified, claim);
    println!(
        "{} segments -> aggregated proof of {} bytes ({} shapes)",
        proof.segments.len(),
        bytes.len(),
        read.shapes.len()
    );

    // Test keys are refused unless allowed by name.
    assert!(
        trellis
            .verify_aggregated(&vk, &read, &VerifyOptions::default())
            .is_err()
    );

    let reread = || AggregatedProof::from_bytes(&bytes, Path::new("agg")).unwrap();
    let rejected = |p: &AggregatedProof, what: &str, expected: &str| {
        let err = trellis
            .verify_aggregated(&vk, p, &ALLOW_TEST_KEYS)
            .expect_err(what)
            .to_string();
        println!("{what}: {err}");
        assert!(err.contains(expected), "{what}: {err}");
    };
    let mut p = reread();
    p.statement.exit_code ^= 1;
    rejected(&p, "another exit code", "does not verify");
    let mut p = reread();
    p.public_output[0] ^= 1;
    rejected(&p, "another public output", "public output does not match");
    let mut p = reread();
    p.shapes.pop();
    // The listed keys name the last shape's leaf.
    rejected(&p, "a shape left out", "no leaf key of shape");
    let mut p = reread();
    p.shapes[0][0] += 1;
    rejected(&p, "an altered shape", "");
    // Bounded work for the verifier: no shapes, or more than it makes keys for.
    let mut p = reread();
    p.shapes.clear();
    rejected(&p, "no shapes", "segment shapes");
    let mut p = reread();
    p.shapes = vec![p.shapes[0].clone(); trellis_sdk::aggregation::MAX_SHAPES + 1];
    rejected(&p, "too many shapes", "segment shapes");
    let mut p = reread();
    p.shapes[0].push(3);
    rejected(&p, "a shape of another length", "segment shape");

    // The keys the file says its tree used: the verifier makes those, so another list of
    // keys (one left out, one added) gives another allowlist and root, and keys the
    // configuration does not have are refused before any is made.
    let run_keys = reread().key_use;
    assert!(run_keys.lone_leaves.is_empty(), "{run_keys:?}");
    assert!(!run_keys.leaves.is_empty() && !run_keys.internal.is_empty());
    let mut p = reread();
    let first = *p.key_use.internal.iter().next().unwrap();
    p.key_use.internal.remove(&first);
    p.key_use
        .internal
        .insert((first.0, if first.1 == 2 { 3 } else { 2 }));
    rejected(&p, "another internal key", "root aggregation key");
    let mut p = reread();
    p.key_use.lone_leaves.insert(vec![0]);
    rejected(&p, "a lone-leaf key added", "root aggregation key");
    let mut p = reread();
    p.key_use.leaves.insert(vec![0, 0, 0]);
    rejected(&p, "leaves of three segments", "leaves of 3 segments");
    let mut p = reread();
    p.key_use.internal.insert((true, 4));
    rejected(&p, "nodes of four", "no internal key over 4 leaf proofs");
    let mut p = reread();
    p.key_use.leaves.insert(vec![p.shapes.len()]);
    rejected(&p, "a shape index past the list", "no leaf key of shape");
    // Pairs are keyed by two shapes: a list naming more leaf keys than the verifier
    // makes is refused before any is made.
    let mut p = reread();
    while p.shapes.len() < 6 {
        p.shapes.push(p.shapes[0].clone());
    }
    for (a, b) in (0..6).flat_map(|a| (0..6).map(move |b| (a, b))) {
        p.key_use.leaves.insert(vec![a, b]);
    }
    rejected(&p, "36 pairs", "leaf keys named (at most 32)");

    // Another program's key.
    let other = trellis
        .load_program(&build_example("sort").unwrap())
        .unwrap();
    let (_, other_vk) = trellis.keygen(&other, &params).unwrap();
    assert!(matches!(
        trellis.verify_aggregated(&other_vk, &reread(), &ALLOW_TEST_KEYS),
        Err(SdkError::ProgramMismatch { .. })
    ));

    // The verifying key the proving key gives is the key's own.
    assert_eq!(
        pk.verifying_key(trellis.vm()).unwrap().program_id(),
        vk.program_id()
    );

    // A run proven under another configuration (more extensions: other AIRs, other
    // leaf keys) does not verify under this one's key, nor its file under this VM.
    let config = trellis_sdk::TrellisConfig::with_extensions(["rv32im", "keccak"]);
    let wide = Trellis::from_config(&config).unwrap();
    let (wide_pk, wide_vk) = wide.keygen(&program, &params).unwrap();
    let (_, wide_proof) = wide
        .prove(
            &wide_pk,
            &program,
            &30u32.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .unwrap();
    let wide_agg = wide.aggregate(&wide_vk, &wide_proof).unwrap();
    wide.verify_aggregated(&wide_vk, &wide_agg, &ALLOW_TEST_KEYS)
        .expect("verifies under its own configuration");
    assert!(
        trellis
            .verify_aggregated(&vk, &wide_agg, &ALLOW_TEST_KEYS)
            .is_err()
    );
    assert!(
        trellis
            .verify_aggregated(&wide_vk, &wide_agg, &ALLOW_TEST_KEYS)
            .is_err()
    );

    // A damaged or truncated file.
    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 1;
    assert!(AggregatedProof::from_bytes(&damaged, Path::new("agg")).is_err());
    assert!(AggregatedProof::from_bytes(&bytes[..bytes.len() - 1], Path::new("agg")).is_err());
}

/// The key cache: aggregating saves the root key of the run's shapes; verifying loads it
/// instead of making the keys, with the same verdicts; a damaged entry, or one whose
/// keys do not accept the proof, is passed over and written again.
#[test]
fn the_key_cache_saves_the_root_key_and_never_decides_alone() {
    use trellis_recursion::aggregate::SavedRootVerifier;
    use trellis_sdk::aggregation_cache::{AggregationKeyCache, KEY_CACHE_FILE};

    let dir = tempfile::tempdir().unwrap();
    let cache = AggregationKeyCache::at(dir.path().join("keys"));
    let trellis = Trellis::rv32im().with_aggregation_key_cache(Some(cache));
    let uncached = Trellis::rv32im();
    let (_, _, vk, proof) = fibonacci_run(&trellis, 2048);
    let aggregated = trellis.aggregate(&vk, &proof).unwrap();
    // Two segments of two shapes: one leaf verifies both (the run's only leaf, across
    // the change of shape), with no internal node.
    assert_eq!((proof.segments.len(), aggregated.shapes.len()), (2, 2));
    assert_eq!(
        aggregated.key_use.lone_leaves,
        std::collections::BTreeSet::from([vec![0, 1]])
    );
    assert!(aggregated.key_use.leaves.is_empty() && aggregated.key_use.internal.is_empty());
    let entries = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir.path().join("keys"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    };
    let saved = entries();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(saved[0].extension().is_some_and(|e| e == "keys"));
    let root = trellis
        .cached_root_verifier(&vk, &aggregated.shapes, &aggregated.key_use)
        .expect("the aggregation saved the root key");
    assert_eq!(root.vk.digest(), aggregated.proof.key_digest());
    // Other shapes have no entry.
    let mut other_shapes = aggregated.shapes.clone();
    other_shapes[0][0] ^= 1;
    assert!(
        trellis
            .cached_root_verifier(&vk, &other_shapes, &aggregated.key_use)
            .is_none()
    );

    // Same verdicts with and without the cache; only the verifier without it makes
    // the keys.
    let made = std::cell::Cell::new(0);
    let count = |shapes: usize| made.set(made.get() + shapes);
    let claim = uncached
        .verify_aggregated_reporting(&vk, &aggregated, &ALLOW_TEST_KEYS, &count)
        .unwrap();
    assert_eq!(made.get(), aggregated.shapes.len());
    assert_eq!(
        trellis
            .verify_aggregated_reporting(&vk, &aggregated, &ALLOW_TEST_KEYS, &count)
            .unwrap(),
        claim
    );
    assert_eq!(
        made.get(),
        aggregated.shapes.len(),
        "the cache was not used"
    );
    let reread = || AggregatedProof::from_bytes(&aggregated.to_bytes(), Path::new("agg")).unwrap();
    let mut forged = reread();
    forged.statement.exit_code ^= 1;
    assert!(
        trellis
            .verify_aggregated(&vk, &forged, &ALLOW_TEST_KEYS)
            .is_err()
    );
    let mut forged = reread();
    forged.public_output[0] ^= 1;
    assert!(
        trellis
            .verify_aggregated(&vk, &forged, &ALLOW_TEST_KEYS)
            .is_err()
    );

    // A damaged entry is passed over and written again.
    let path = &saved[0];
    let good = std::fs::read(path).unwrap();
    let mut damaged = good.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x40;
    // Whether the entry now in the cache loads; then the proof still verifies with
    // the same claim, and the entry is the good one again.
    let loads_then_verifies = |entry: &[u8]| {
        std::fs::write(path, entry).unwrap();
        let loads = trellis
            .cached_root_verifier(&vk, &aggregated.shapes, &aggregated.key_use)
            .is_some();
        let verified = trellis
            .verify_aggregated(&vk, &aggregated, &ALLOW_TEST_KEYS)
            .unwrap();
        assert_eq!(verified, claim);
        assert_eq!(std::fs::read(path).unwrap(), good);
        loads
    };
    assert!(!loads_then_verifies(&damaged));

    // An entry that loads but names another allowlist root does not decide: the keys
    // are made again, the proof verifies, the entry is corrected.
    let mut entry: SavedRootVerifier =
        postcard::from_bytes(KEY_CACHE_FILE.open(&good).unwrap()).unwrap();
    entry.keys_root[0] ^= 1;
    assert!(loads_then_verifies(
        &KEY_CACHE_FILE.seal(&postcard::to_allocvec(&entry).unwrap())
    ));
}
