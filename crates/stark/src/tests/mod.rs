//! End-to-end tests of keygen / prove / verify / files on three small AIRs of different
//! heights: Fibonacci (2^6 rows, public values), a sender (2^9 rows) and a preprocessed
//! table (2^8 rows) connected by the `bytes` bus.

mod airs;
mod binding;
mod bn254_family;
mod security;

use airs::*;

use crate::{
    FileError, PROOF_FILE, PrimeCharacteristicRing, Proof, ProofParams, ProveError, ProvingKey,
    RowMajorMatrix, Val, VerifyError, VerifyingKey, keygen, prove, prove_self_checked,
    prove_unchecked, verify,
};

const FIB_LOG: usize = 6;
const SENDER_LOG: usize = 9;
const TABLE_LOG: usize = 8;

fn airs(offset: u32) -> Vec<TestAir> {
    vec![
        TestAir::Fib(FibAir),
        TestAir::Sender(SenderAir),
        TestAir::Table(TableAir {
            log_height: TABLE_LOG,
            offset,
            with_trace: true,
        }),
    ]
}

/// Honest traces and public values for [`airs`]`(0)`.
fn witness() -> (Vec<RowMajorMatrix<Val>>, Vec<Vec<Val>>) {
    let (fib, fib_pv) = fib_trace(FIB_LOG);
    let (sender, table) = sender_and_table_traces(SENDER_LOG, 500, TABLE_LOG);
    (vec![fib, sender, table], vec![fib_pv, vec![], vec![]])
}

fn test_keys() -> (ProvingKey<TestAir>, VerifyingKey<TestAir>) {
    keygen(airs(0), &ProofParams::insecure_test_fast()).unwrap()
}

/// A proof of a false statement must never verify: either the prover refuses (in debug
/// builds Plonky3's own checks fire) or the verifier rejects.
fn assert_unprovable(
    pk: &ProvingKey<TestAir>,
    vk: &VerifyingKey<TestAir>,
    traces: &[RowMajorMatrix<Val>],
    pvs: &[Vec<Val>],
) {
    match prove_unchecked(pk, traces, pvs) {
        Err(ProveError::Backend(_)) => {}
        Err(e) => panic!("unexpected prover error {e}"),
        Ok(proof) => {
            let err = verify(vk, &proof, pvs).expect_err("false statement verified");
            assert!(matches!(err, VerifyError::Rejected(_)), "{err}");
        }
    }
}

#[test]
fn prove_and_verify_with_test_params() {
    let (pk, vk) = test_keys();
    let (traces, pvs) = witness();
    let proof = prove(&pk, &traces, &pvs).unwrap();
    assert_eq!(proof.log_trace_heights(), &[FIB_LOG, SENDER_LOG, TABLE_LOG]);
    verify(&vk, &proof, &pvs).unwrap();
}

#[test]
fn prove_and_verify_with_production_params() {
    let (pk, vk) = keygen(airs(0), &ProofParams::production()).unwrap();
    let (traces, pvs) = witness();
    let proof = prove(&pk, &traces, &pvs).unwrap();
    verify(&vk, &proof, &pvs).unwrap();
    let bytes = proof.to_bytes();
    let back = Proof::from_bytes(&bytes).unwrap();
    verify(&vk, &back, &pvs).unwrap();
    println!("production proof: {} bytes", bytes.len());
}

#[test]
fn altered_trace_cell_is_caught_by_the_prover_check() {
    let (pk, _) = test_keys();
    let (mut traces, pvs) = witness();
    traces[0].values[2 * 10 + 1] += Val::ONE; // fibonacci row 10, column b
    let err = prove(&pk, &traces, &pvs).unwrap_err();
    match &err {
        ProveError::Constraint { air, row, .. } => {
            assert_eq!(air, "fibonacci");
            assert_eq!(
                *row, 9,
                "row 9's transition into row 10 is the first to fail"
            );
        }
        other => panic!("wrong error: {other}"),
    }
    assert!(err.to_string().contains("fibonacci"), "{err}");
}

#[test]
fn altered_trace_cell_never_verifies() {
    let (pk, vk) = test_keys();
    let (mut traces, pvs) = witness();
    traces[1].values[3 * 4 + 1] += Val::ONE; // sender row 4: y != x²
    assert!(matches!(
        prove(&pk, &traces, &pvs),
        Err(ProveError::Constraint { ref air, row: 4, .. }) if air == "sender"
    ));
    assert_unprovable(&pk, &vk, &traces, &pvs);
}

#[test]
fn the_self_checked_prover_returns_only_verifying_proofs_and_names_the_fault() {
    let (pk, vk) = test_keys();
    let (traces, pvs) = witness();
    let mut verifying = 0;
    let proof = prove_self_checked(&pk, &traces, &pvs, &mut || verifying += 1).unwrap();
    assert_eq!(verifying, 1, "told once, when the prover returns");
    verify(&vk, &proof, &pvs).unwrap();
    // A false trace (one cell) or a false public value: no proof, and the same error as
    // the checked prover's, naming the AIR and row.
    let (mut bad, _) = witness();
    bad[1].values[3 * 4 + 1] += Val::ONE; // sender row 4: y != x²
    let err = prove_self_checked(&pk, &bad, &pvs, &mut || {}).unwrap_err();
    assert!(
        matches!(err, ProveError::Constraint { ref air, row: 4, .. } if air == "sender"),
        "{err}"
    );
    let mut wrong = pvs.clone();
    wrong[0][2] += Val::ONE;
    let err = prove_self_checked(&pk, &traces, &wrong, &mut || {}).unwrap_err();
    assert!(
        matches!(err, ProveError::Constraint { ref air, row, .. } if air == "fibonacci" && row == (1 << FIB_LOG) - 1),
        "{err}"
    );
    // An unbalanced bus: named too.
    let (mut unbalanced, _) = witness();
    unbalanced[2].values[200] += Val::ONE;
    let err = prove_self_checked(&pk, &unbalanced, &pvs, &mut || {}).unwrap_err();
    assert!(matches!(err, ProveError::UnbalancedBus { .. }), "{err}");
}

#[test]
fn altered_public_value_is_rejected() {
    let (pk, vk) = test_keys();
    let (traces, pvs) = witness();
    let proof = prove(&pk, &traces, &pvs).unwrap();
    for i in 0..3 {
        let mut bad = pvs.clone();
        bad[0][i] += Val::ONE;
        let err = verify(&vk, &proof, &bad).unwrap_err();
        assert!(matches!(err, VerifyError::Rejected(_)), "{err}");
    }
    let mut short = pvs.clone();
    short[0].pop();
    assert!(matches!(
        verify(&vk, &proof, &short),
        Err(VerifyError::PublicValues { .. })
    ));
    // A prover given wrong public values refuses, naming the AIR and the last row.
    let mut bad = pvs.clone();
    bad[0][2] += Val::ONE;
    assert!(matches!(
        prove(&pk, &traces, &bad),
        Err(ProveError::Constraint { ref air, row, .. }) if air == "fibonacci" && row == (1 << FIB_LOG) - 1
    ));
}

#[test]
fn unbalanced_bus_is_rejected_naming_the_bus() {
    let (pk, vk) = test_keys();
    let (mut traces, pvs) = witness();
    // The table claims value 200 is consumed once more than anyone looks it up:
    // a receive without a matching send.
    traces[2].values[200] += Val::ONE;
    let err = prove(&pk, &traces, &pvs).unwrap_err();
    match &err {
        ProveError::UnbalancedBus {
            bus,
            tuple,
            net,
            sent,
            received,
        } => {
            assert_eq!(bus, "bytes");
            assert_eq!(tuple, &[200]);
            assert_eq!(*net, -1);
            assert_eq!(received, &Some(("table+0".to_string(), 200)));
            assert_eq!(sent.as_ref().map(|s| s.0.as_str()), Some("sender"));
        }
        other => panic!("wrong error: {other}"),
    }
    assert!(err.to_string().contains("bus \"bytes\""), "{err}");
    println!("{err}");
    assert_unprovable(&pk, &vk, &traces, &pvs);

    // A lookup of a value the table does not have (300 > 255), with the table's
    // multiplicities kept consistent with every other lookup.
    let (mut traces, pvs) = witness();
    let x = Val::from_u32(300);
    traces[1].values[3 * 505..3 * 506].copy_from_slice(&[x, x * x, Val::ONE]);
    let err = prove(&pk, &traces, &pvs).unwrap_err();
    assert!(
        matches!(&err, ProveError::UnbalancedBus { bus, tuple, net: 1, sent: Some((air, 505)), received: None }
            if bus == "bytes" && tuple == &[300] && air == "sender"),
        "{err}"
    );
    assert_unprovable(&pk, &vk, &traces, &pvs);
}

#[test]
fn proof_bytes_flipped_anywhere_are_rejected_without_panic() {
    let (pk, vk) = test_keys();
    let (traces, pvs) = witness();
    let bytes = prove(&pk, &traces, &pvs).unwrap().to_bytes();
    // The envelope's checksum catches every flip of the file.
    for pos in (0..bytes.len()).step_by(97) {
        let mut bad = bytes.clone();
        bad[pos] ^= 0x01;
        assert!(
            Proof::from_bytes(&bad).is_err(),
            "flip at byte {pos} accepted"
        );
    }
    // Flips inside the payload, re-sealed so the envelope is valid: the decoder or the
    // verifier must reject each one (and nothing may panic).
    let payload = PROOF_FILE.open(&bytes).unwrap().to_vec();
    let (mut decode_errors, mut rejections) = (0, 0);
    let step = (payload.len() / 400).max(1);
    for pos in (0..payload.len()).step_by(step) {
        for mask in [0x01u8, 0x80] {
            let mut bad = payload.clone();
            bad[pos] ^= mask;
            match Proof::from_bytes(&PROOF_FILE.seal(&bad)) {
                Err(_) => decode_errors += 1,
                Ok(proof) => {
                    let err = verify(&vk, &proof, &pvs).expect_err("flipped proof verified");
                    if let VerifyError::Shape(m) = &err {
                        assert!(
                            !m.contains("panicked"),
                            "flip {mask:#x} at payload byte {pos}: {m}"
                        );
                    }
                    rejections += 1;
                }
            }
        }
    }
    assert!(
        rejections > 100,
        "only {rejections} flips reached the verifier ({decode_errors} did not decode)"
    );
    // Truncations and garbage.
    for len in [0, 10, 60, bytes.len() / 2, bytes.len() - 1] {
        assert!(Proof::from_bytes(&bytes[..len]).is_err());
    }
    assert!(Proof::from_bytes(&PROOF_FILE.seal(&payload[..payload.len() / 2])).is_err());
}

#[test]
fn proof_for_another_key_is_rejected() {
    let (pk_a, vk_a) = test_keys();
    // Key B: same AIR code, another preprocessed table (another "program").
    let (pk_b, vk_b) = keygen(airs(1), &ProofParams::insecure_test_fast()).unwrap();
    assert_ne!(vk_a.digest(), vk_b.digest());
    let (traces, pvs) = witness();
    let proof_a = prove(&pk_a, &traces, &pvs).unwrap();
    assert!(matches!(
        verify(&vk_b, &proof_a, &pvs),
        Err(VerifyError::KeyMismatch { .. })
    ));

    // Even with the digest in the proof rewritten to B's, the transcript (seeded with the
    // digest) and the preprocessed commitment make it fail.
    let payload = PROOF_FILE.open(&proof_a.to_bytes()).unwrap().to_vec();
    let mut forged = payload.clone();
    forged[..32].copy_from_slice(&vk_b.digest());
    let forged = Proof::from_bytes(&PROOF_FILE.seal(&forged)).unwrap();
    assert!(matches!(
        verify(&vk_b, &forged, &pvs),
        Err(VerifyError::Rejected(_))
    ));

    // Key B's own (honest) witness: table values shifted by one.
    let (mut traces_b, pvs_b) = witness();
    let (sender, table) = sender_and_table_traces(SENDER_LOG, 500, TABLE_LOG);
    let mut sender = sender;
    for row in sender.values.chunks_exact_mut(3) {
        if row[2] == Val::ONE {
            row[0] += Val::ONE;
            row[1] = row[0] * row[0];
        }
    }
    traces_b[1] = sender;
    traces_b[2] = table;
    let proof_b = prove(&pk_b, &traces_b, &pvs_b).unwrap();
    verify(&vk_b, &proof_b, &pvs_b).unwrap();
    assert!(verify(&vk_a, &proof_b, &pvs_b).is_err());

    // Same AIRs under other parameters: another key.
    let (_, vk_prod) = keygen(airs(0), &ProofParams::production()).unwrap();
    assert!(matches!(
        verify(&vk_prod, &proof_a, &pvs),
        Err(VerifyError::KeyMismatch { .. })
    ));
}

#[test]
fn keys_round_trip_through_files() {
    let (pk, vk) = test_keys();
    let (traces, pvs) = witness();

    // The verifier's AIRs need not carry the preprocessed trace.
    let verifier_airs = vec![
        TestAir::Fib(FibAir),
        TestAir::Sender(SenderAir),
        TestAir::Table(TableAir {
            log_height: TABLE_LOG,
            offset: 0,
            with_trace: false,
        }),
    ];
    let vk_bytes = vk.to_bytes();
    assert_eq!(vk_bytes, pk.verifying_key_bytes());
    let vk2 = VerifyingKey::from_bytes(&vk_bytes, verifier_airs).unwrap();
    assert_eq!(vk2.digest(), vk.digest());
    let pk2 = ProvingKey::from_bytes(&pk.to_bytes(), airs(0)).unwrap();
    let proof = prove(&pk2, &traces, &pvs).unwrap();
    verify(&vk2, &proof, &pvs).unwrap();
    verify(&vk, &proof, &pvs).unwrap();

    // Loading a key with other AIRs fails with a clear error.
    let other = vec![TestAir::Fib(FibAir), TestAir::Sender(SenderAir)];
    assert!(matches!(
        VerifyingKey::from_bytes(&vk_bytes, other),
        Err(FileError::KeyMismatch { .. })
    ));
    assert!(matches!(
        ProvingKey::from_bytes(&pk.to_bytes(), airs(3)),
        Err(FileError::KeyMismatch { .. })
    ));
    // Wrong kind of file, flipped bytes.
    assert!(matches!(
        VerifyingKey::from_bytes(&pk.to_bytes(), airs(0)),
        Err(FileError::Container(_))
    ));
    let mut bad = vk_bytes.clone();
    *bad.last_mut().unwrap() ^= 1;
    assert!(matches!(
        VerifyingKey::from_bytes(&bad, airs(0)),
        Err(FileError::Container(_))
    ));
}

#[test]
fn shapes_are_checked_before_proving() {
    let (pk, _) = test_keys();
    let (traces, pvs) = witness();
    assert!(matches!(
        prove(&pk, &traces[..2], &pvs),
        Err(ProveError::Count { .. })
    ));
    let mut t = traces.clone();
    t[2] = RowMajorMatrix::new(vec![Val::ZERO; 512], 1); // table height ≠ preprocessed height
    assert!(
        matches!(prove(&pk, &t, &pvs), Err(ProveError::Shape { ref air, .. }) if air == "table+0")
    );
    let mut t = traces.clone();
    t[1] = RowMajorMatrix::new(vec![Val::ZERO; 3 * 6], 3); // 6 rows
    assert!(
        matches!(prove(&pk, &t, &pvs), Err(ProveError::Shape { ref air, .. }) if air == "sender")
    );
    let mut t = traces.clone();
    t[0] = RowMajorMatrix::new(vec![Val::ZERO; 3 * 8], 3); // wrong width
    assert!(
        matches!(prove(&pk, &t, &pvs), Err(ProveError::Shape { ref air, .. }) if air == "fibonacci")
    );
}

/// The LogUp multiplicity wrap-around bound, on both sides.
#[test]
fn multiplicity_bound_is_enforced() {
    let params = ProofParams::insecure_test_fast();
    let set = vec![
        TestAir::Heavy(HeavyAir),
        TestAir::Table(TableAir {
            log_height: TABLE_LOG,
            offset: 0,
            with_trace: true,
        }),
    ];
    let (pk, vk) = keygen(set, &params).unwrap();
    let empty = |log: usize| RowMajorMatrix::new(vec![Val::ZERO; 2 << log], 2);
    let table = RowMajorMatrix::new(vec![Val::ZERO; 1 << TABLE_LOG], 1);
    let pvs = vec![vec![], vec![]];

    // 2^20 per row × 2^10 rows = 2^30 < p: fine.
    let proof = prove(&pk, &[empty(10), table.clone()], &pvs).unwrap();
    verify(&vk, &proof, &pvs).unwrap();

    // 2^20 × 2^11 = 2^31 ≥ p: the prover refuses ...
    let err = prove(&pk, &[empty(11), table.clone()], &pvs).unwrap_err();
    assert!(matches!(err, ProveError::BusBound(_)), "{err}");
    assert!(err.to_string().contains("characteristic"), "{err}");

    // ... and the verifier rejects a proof claiming such heights.
    let mut forged = proof;
    forged.inner.degree_bits[0] = 11;
    let err = verify(&vk, &forged, &pvs).unwrap_err();
    assert!(
        matches!(&err, VerifyError::Shape(m) if m.contains("characteristic")),
        "{err}"
    );

    // Heights beyond the key's maximum are rejected before anything else.
    forged.inner.degree_bits[0] = 40;
    assert!(matches!(
        verify(&vk, &forged, &pvs),
        Err(VerifyError::Shape(_))
    ));
}

#[test]
fn keygen_rejects_bad_air_sets() {
    let params = ProofParams::insecure_test_fast();
    assert!(matches!(
        keygen(Vec::<TestAir>::new(), &params),
        Err(crate::KeygenError::NoAirs)
    ));
    let dup = vec![TestAir::Fib(FibAir), TestAir::Fib(FibAir)];
    assert!(matches!(
        keygen(dup, &params),
        Err(crate::KeygenError::DuplicateName(_))
    ));
    let no_trace = vec![TestAir::Table(TableAir {
        log_height: 4,
        offset: 0,
        with_trace: false,
    })];
    assert!(matches!(
        keygen(no_trace, &params),
        Err(crate::KeygenError::Preprocessed { .. })
    ));
    let too_tall = vec![TestAir::Table(TableAir {
        log_height: 23,
        offset: 0,
        with_trace: true,
    })];
    assert!(matches!(
        keygen(too_tall, &params),
        Err(crate::KeygenError::Preprocessed { .. })
    ));
}

/// Bit flips (two masks) of every `TRELLIS_FLIP_STEP`-th payload byte (default 1: all),
/// under `insecure_test_fast`, or `production` with `TRELLIS_FLIP_PRODUCTION=1`. Slow, by hand:
/// `cargo test -p trellis-stark --release -- --ignored exhaustive --nocapture`.
#[test]
#[ignore]
fn exhaustive_payload_flips() {
    let step: usize = std::env::var("TRELLIS_FLIP_STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let params = if std::env::var("TRELLIS_FLIP_PRODUCTION").is_ok() {
        ProofParams::production()
    } else {
        ProofParams::insecure_test_fast()
    };
    let (pk, vk) = keygen(airs(0), &params).unwrap();
    let (traces, pvs) = witness();
    let bytes = prove(&pk, &traces, &pvs).unwrap().to_bytes();
    let payload = PROOF_FILE.open(&bytes).unwrap().to_vec();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for pos in (0..payload.len()).step_by(step) {
        for mask in [0x01u8, 0x80] {
            let mut bad = payload.clone();
            bad[pos] ^= mask;
            let kind = match Proof::from_bytes(&PROOF_FILE.seal(&bad)) {
                Err(_) => "decode".to_string(),
                Ok(proof) => match verify(&vk, &proof, &pvs) {
                    Ok(()) => panic!("flip {mask:#x} at payload byte {pos} verified"),
                    Err(VerifyError::Shape(m)) if m.contains("panicked") => {
                        println!("panic at {pos}/{mask:#x}: {m}");
                        "panic".to_string()
                    }
                    Err(e) => format!("{:?}", std::mem::discriminant(&e)),
                },
            };
            *counts.entry(kind).or_default() += 1;
        }
    }
    println!("{} payload bytes, step {step}: {counts:?}", payload.len());
}

/// Structural damage that byte flips rarely produce (wrong vector lengths, missing
/// parts): each must be an error, never a panic and never an acceptance.
#[test]
fn structurally_malformed_proofs_are_rejected() {
    type Mutation = Box<dyn Fn(&mut Proof)>;
    let (pk, vk) = test_keys();
    let (traces, pvs) = witness();
    let proof_bytes = prove(&pk, &traces, &pvs).unwrap().to_bytes();
    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "trace_local shorter",
            Box::new(|p| {
                p.inner.opened_values.instances[0]
                    .base_opened_values
                    .trace_local
                    .pop();
            }),
        ),
        (
            "trace_next missing",
            Box::new(|p| {
                p.inner.opened_values.instances[0]
                    .base_opened_values
                    .trace_next = None;
            }),
        ),
        (
            "unexpected trace_next",
            Box::new(|p| {
                p.inner.opened_values.instances[1]
                    .base_opened_values
                    .trace_next = Some(vec![]);
            }),
        ),
        (
            "quotient chunk missing",
            Box::new(|p| {
                p.inner.opened_values.instances[1]
                    .base_opened_values
                    .quotient_chunks
                    .pop();
            }),
        ),
        (
            "quotient chunk short",
            Box::new(|p| {
                p.inner.opened_values.instances[1]
                    .base_opened_values
                    .quotient_chunks[0]
                    .pop();
            }),
        ),
        (
            "preprocessed opening missing",
            Box::new(|p| {
                p.inner.opened_values.instances[2]
                    .base_opened_values
                    .preprocessed = None;
            }),
        ),
        (
            "permutation opening short",
            Box::new(|p| {
                p.inner.opened_values.instances[1].permutation_local.pop();
            }),
        ),
        (
            "instance missing",
            Box::new(|p| {
                p.inner.opened_values.instances.pop();
            }),
        ),
        (
            "lookup terminal missing",
            Box::new(|p| {
                p.inner.lookup_terminals[1] = None;
            }),
        ),
        (
            "spurious lookup terminal",
            Box::new(|p| {
                p.inner.lookup_terminals[0] = p.inner.lookup_terminals[1];
            }),
        ),
        (
            "permutation commitment missing",
            Box::new(|p| {
                p.inner.commitments.permutation = None;
            }),
        ),
        (
            "random commitment added",
            Box::new(|p| {
                p.inner.commitments.random = Some(p.inner.commitments.main.clone());
            }),
        ),
        (
            "lookup pow witness missing",
            Box::new(|p| {
                p.inner.lookup_pow_witness = None;
            }),
        ),
        (
            "degree bits shuffled",
            Box::new(|p| {
                p.inner.degree_bits.swap(0, 1);
            }),
        ),
        (
            "degree bits too small",
            Box::new(|p| {
                p.inner.degree_bits[1] = 0;
            }),
        ),
        (
            "fri commit missing",
            Box::new(|p| {
                p.inner.opening_proof.commit_phase_commits.pop();
            }),
        ),
        (
            "fri commit pow witness missing",
            Box::new(|p| {
                p.inner.opening_proof.commit_pow_witnesses.pop();
            }),
        ),
        (
            "fri final poly longer",
            Box::new(|p| {
                p.inner.opening_proof.final_poly.push(Default::default());
            }),
        ),
        (
            "fri final poly empty",
            Box::new(|p| {
                p.inner.opening_proof.final_poly.clear();
            }),
        ),
        (
            "fri openings missing",
            Box::new(|p| {
                p.inner.opening_proof.commit_phase_openings.pop();
            }),
        ),
        (
            "fri sibling values missing",
            Box::new(|p| {
                p.inner.opening_proof.commit_phase_openings[0]
                    .sibling_values
                    .pop();
            }),
        ),
        (
            "fri sibling value short",
            Box::new(|p| {
                p.inner.opening_proof.commit_phase_openings[0].sibling_values[0].pop();
            }),
        ),
        (
            "input openings missing",
            Box::new(|p| {
                p.inner.opening_proof.input_openings.pop();
            }),
        ),
        (
            "input opened query missing",
            Box::new(|p| {
                p.inner.opening_proof.input_openings[0].opened_values.pop();
            }),
        ),
        (
            "input opened matrix missing",
            Box::new(|p| {
                p.inner.opening_proof.input_openings[0].opened_values[0].pop();
            }),
        ),
        (
            "input opened row short",
            Box::new(|p| {
                p.inner.opening_proof.input_openings[0].opened_values[0][0].pop();
            }),
        ),
        (
            "input opened row long",
            Box::new(|p| {
                p.inner.opening_proof.input_openings[1].opened_values[0][0].push(Val::ONE);
            }),
        ),
    ];
    for (what, mutate) in &mutations {
        let mut proof = Proof::from_bytes(&proof_bytes).unwrap();
        mutate(&mut proof);
        match verify(&vk, &proof, &pvs) {
            Ok(()) => panic!("{what}: accepted"),
            Err(VerifyError::Shape(m)) if m.contains("panicked") => {
                panic!("{what}: backend panicked: {m}")
            }
            Err(_) => {}
        }
    }
}

/// The VM's way: chips behind [`crate::DynAir`]. Same keys as the enum (same names,
/// constraints and preprocessed traces), and the same checks.
#[test]
fn dyn_air_batch_matches_the_enum() {
    use crate::DynAir;
    let dyn_airs = vec![
        DynAir::new(FibAir),
        DynAir::new(SenderAir),
        DynAir::new(TableAir {
            log_height: TABLE_LOG,
            offset: 0,
            with_trace: true,
        }),
    ];
    let (pk, vk) = keygen(dyn_airs, &ProofParams::insecure_test_fast()).unwrap();
    let (_, enum_vk) = test_keys();
    assert_eq!(vk.digest(), enum_vk.digest());
    let (mut traces, pvs) = witness();
    let proof = prove(&pk, &traces, &pvs).unwrap();
    verify(&vk, &proof, &pvs).unwrap();
    verify(&enum_vk, &proof, &pvs).unwrap();
    traces[0].values[5] += Val::ONE;
    assert!(
        matches!(prove(&pk, &traces, &pvs), Err(ProveError::Constraint { ref air, .. }) if air == "fibonacci")
    );
}

/// Traces of 1, 2 and 4 rows (the smallest a VM pads to) under both parameter sets.
#[test]
fn tiny_traces_prove_and_verify() {
    for params in [ProofParams::insecure_test_fast(), ProofParams::production()] {
        for (fib_log, sender_log, table_log) in [(0, 0, 0), (1, 2, 1), (2, 2, 2), (2, 0, 3)] {
            let set = vec![
                TestAir::Fib(FibAir),
                TestAir::Sender(SenderAir),
                TestAir::Table(TableAir {
                    log_height: table_log,
                    offset: 0,
                    with_trace: true,
                }),
            ];
            let (pk, vk) = keygen(set, &params).unwrap();
            let (fib, fib_pv) = fib_trace(fib_log);
            let (sender, table) = sender_and_table_traces(sender_log, 1, table_log);
            let pvs = vec![fib_pv, vec![], vec![]];
            let proof = prove(&pk, &[fib, sender, table], &pvs).unwrap();
            verify(&vk, &proof, &pvs).unwrap();
        }
    }
}

/// Constraint degree above the blowup factor still proves (the quotient is split into
/// more chunks), and a wrong row is still caught.
#[test]
fn high_degree_constraints_prove_and_verify() {
    for params in [ProofParams::insecure_test_fast(), ProofParams::production()] {
        let (pk, vk) = keygen(vec![crate::DynAir::new(Pow5Air)], &params).unwrap();
        let mut trace = pow5_trace(8);
        let proof = prove(&pk, std::slice::from_ref(&trace), &[vec![]]).unwrap();
        verify(&vk, &proof, &[vec![]]).unwrap();
        trace.values[17] += Val::ONE;
        assert!(matches!(
            prove(&pk, std::slice::from_ref(&trace), &[vec![]]),
            Err(ProveError::Constraint { row: 16, .. })
        ));
    }
}
