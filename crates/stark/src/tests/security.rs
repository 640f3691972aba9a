//! Security computed by p3-security from a key's AIRs, and the 100-bit bar at keygen and
//! when a verifying key is loaded.

use super::{TABLE_LOG, airs, witness};
use crate::security::{REQUIRED_PROVEN_BITS, SecurityLevel};
use crate::{
    FileError, KeygenError, PrimeCharacteristicRing, Proof, ProofParams, Val, VerifyError,
    VerifyingKey, keygen, prove, verify,
};

fn production() -> ProofParams {
    ProofParams::production()
}

/// A term of the conjectured regime (one regime, no proximity parameter to re-pick).
fn conjectured_term(level: &SecurityLevel, label: &str) -> f64 {
    level
        .conjectured
        .terms
        .iter()
        .find(|t| t.label == label)
        .unwrap_or_else(|| panic!("no {label} term in\n{}", level.report()))
        .bits
}

#[test]
fn production_keys_reach_the_bar_and_reload_with_the_same_report() {
    let (pk, vk) = keygen(airs(0), &production()).unwrap();
    let level = vk.security();
    assert!(
        level.proven_bits >= REQUIRED_PROVEN_BITS,
        "{}",
        level.report()
    );
    assert!(level.meets_requirement());
    assert!(level.conjectured_bits() >= level.proven_bits);
    assert_eq!(pk.security(), level);
    let back = VerifyingKey::from_bytes(&vk.to_bytes(), airs(0)).unwrap();
    assert_eq!(back.security(), level);
    let report = level.report();
    for label in [
        "unique decoding",
        "list decoding",
        "conjectured",
        "low-degree-test",
        "ldt-commit-phase",
        "deep-ali",
        "air-composition",
        "batch-combination",
        "logup-fingerprint",
    ] {
        assert!(report.contains(label), "report lacks {label}:\n{report}");
    }
}

#[test]
fn the_shape_is_read_from_the_airs() {
    let (_, vk) = keygen(airs(0), &ProofParams::insecure_test_fast()).unwrap();
    let max = ProofParams::insecure_test_fast().max_log_trace_height;
    let shapes = &vk.security().airs;
    let names: Vec<&str> = shapes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["fibonacci", "sender", "table+0"]);
    let (fib, sender, table) = (&shapes[0], &shapes[1], &shapes[2]);
    // Heights: the tallest the verifier accepts, unless a preprocessed trace fixes it.
    assert_eq!((fib.log_height, sender.log_height), (max, max));
    assert_eq!(table.log_height, TABLE_LOG);
    // Fibonacci: 2 columns read on the next row, 5 constraints, no bus.
    assert_eq!((fib.main_width, fib.main_next), (2, true));
    assert_eq!(fib.num_constraints, 5);
    assert_eq!((fib.num_lookup_columns, fib.num_lookup_tuples), (0, 0));
    // Sender: 3 columns, no next row; one lookup of a 1-tuple; degree 2 plus LogUp.
    assert_eq!((sender.main_width, sender.main_next), (3, false));
    assert_eq!(
        (sender.num_lookup_columns, sender.num_lookup_tuples),
        (1, 1)
    );
    assert_eq!(sender.max_tuple_width, 1);
    assert!(
        sender.num_constraints > 2,
        "the LogUp constraints count too"
    );
    // Table: one preprocessed column.
    assert_eq!((table.main_width, table.preprocessed_width), (1, 1));
    // Opened columns: main (twice if read on the next row), quotient chunks of `EXT_DEGREE`
    // base elements, and the LogUp trace (accumulator + fractions, `EXT_DEGREE` each) at two points.
    for a in shapes {
        let perm = if a.num_lookup_columns > 0 {
            2 * crate::EXT_DEGREE * (a.num_lookup_columns + 1)
        } else {
            0
        };
        let expected = a.main_width * (1 + a.main_next as usize)
            + a.preprocessed_width * (1 + a.preprocessed_next as usize)
            + crate::EXT_DEGREE * a.num_quotient_chunks
            + perm;
        assert_eq!(a.batched_openings, expected, "{a:?}");
    }
    let batch = vk.security().shape;
    assert_eq!(batch.num_airs, 3);
    assert_eq!(batch.log_trace_length, max);
    assert_eq!(
        batch.batched_openings,
        shapes.iter().map(|a| a.batched_openings).sum::<usize>()
    );
}

#[test]
fn every_grinding_site_raises_its_own_term() {
    let (_, vk) = keygen(airs(0), &ProofParams::insecure_test_fast()).unwrap();
    let shapes = vk.security().airs.clone();
    let base = SecurityLevel::compute(&production(), shapes.clone());
    type Raise = fn(&mut ProofParams);
    let sites: [(&str, Raise); 5] = [
        ("deep-ali", |p| p.ood_pow_bits += 3),
        ("batch-combination", |p| p.batch_pow_bits += 3),
        ("logup-fingerprint", |p| p.lookup_pow_bits += 3),
        ("ldt-commit-phase", |p| p.commit_pow_bits += 3),
        ("ldt-query-phase", |p| p.query_pow_bits += 3),
    ];
    for (label, raise) in sites {
        let mut params = production();
        raise(&mut params);
        let raised = SecurityLevel::compute(&params, shapes.clone());
        let gained = conjectured_term(&raised, label) - conjectured_term(&base, label);
        assert!((gained - 3.0).abs() < 1e-9, "{label}: +{gained}");
    }
    // More queries, more bits; a taller maximum trace, fewer.
    let more = SecurityLevel::compute(
        &ProofParams {
            num_queries: production().num_queries + 10,
            ..production()
        },
        shapes.clone(),
    );
    assert!(
        conjectured_term(&more, "ldt-query-phase") > conjectured_term(&base, "ldt-query-phase")
    );
}

fn assert_refused(params: ProofParams) {
    match keygen(airs(0), &params) {
        Err(KeygenError::InsufficientSecurity {
            proven_bits,
            required,
            report,
        }) => {
            assert!(proven_bits < required, "{report}");
            assert!(report.contains("list decoding"), "{report}");
        }
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("keygen accepted {params:?}"),
    }
}

#[test]
fn keygen_refuses_parameters_below_the_bar() {
    // The parameters Trellis used before security was computed: 100 queries at
    // blowup 2, 16 + 14 bits of grinding (about 65 bits proven).
    assert_refused(ProofParams {
        log_blowup: 1,
        num_queries: 100,
        query_pow_bits: 16,
        lookup_pow_bits: 14,
        commit_pow_bits: 0,
        batch_pow_bits: 0,
        ood_pow_bits: 0,
        ..production()
    });
    assert_refused(ProofParams {
        num_queries: production().num_queries / 2,
        ..production()
    });
    // Only the named test parameters are exempt, not anything near them.
    assert_refused(ProofParams {
        num_queries: 3,
        ..ProofParams::insecure_test_fast()
    });
    let (_, vk) = keygen(airs(0), &ProofParams::insecure_test_fast()).unwrap();
    assert!(!vk.security().meets_requirement());
    assert!(
        vk.security().proven_bits < 10.0,
        "{}",
        vk.security().report()
    );
}

#[test]
fn a_key_file_with_weak_parameters_is_refused_on_load() {
    let (_, vk) = keygen(airs(0), &production()).unwrap();
    let weak = ProofParams {
        num_queries: 20,
        ..production()
    };
    match VerifyingKey::from_bytes(&vk.file_with_params(weak), airs(0)) {
        Err(FileError::Keygen(KeygenError::InsufficientSecurity { proven_bits, .. })) => {
            assert!(proven_bits < REQUIRED_PROVEN_BITS)
        }
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("a 20-query key loaded"),
    }
    // The named test parameters load, and say what they are worth.
    let test = ProofParams::insecure_test_fast();
    let loaded = VerifyingKey::from_bytes(&vk.file_with_params(test), airs(0)).unwrap();
    assert!(!loaded.security().meets_requirement());
}

/// Each grinding site is in the transcript: a production proof carries a ground witness
/// for every site with bits to grind, and altering any witness is rejected.
#[test]
fn production_proofs_grind_at_every_site() {
    let params = production();
    let (pk, vk) = keygen(airs(0), &params).unwrap();
    let (traces, pvs) = witness();
    let bytes = prove(&pk, &traces, &pvs).unwrap().to_bytes();
    let copy = || Proof::from_bytes(&bytes).unwrap();
    verify(&vk, &copy(), &pvs).unwrap();

    let fri = |p: &Proof| {
        let o = &p.inner.opening_proof;
        (
            o.batch_pow_witness,
            o.query_pow_witness,
            o.commit_pow_witnesses.clone(),
        )
    };
    let proof = copy();
    let (batch, query, commits) = fri(&proof);
    let ground = [
        ("ood", params.ood_pow_bits, proof.inner.ood_pow_witness),
        ("batch", params.batch_pow_bits, batch),
        ("query", params.query_pow_bits, query),
        (
            "lookup",
            params.lookup_pow_bits,
            proof.inner.lookup_pow_witness.unwrap(),
        ),
        ("commit", params.commit_pow_bits, commits[0]),
    ];
    for (site, bits, witness) in ground {
        if bits >= 8 {
            assert_ne!(witness, Val::ZERO, "{site}: no grinding witness");
        }
    }

    type Alter = fn(&mut Proof);
    let alterations: [(&str, Alter); 5] = [
        ("ood", |p| p.inner.ood_pow_witness += Val::ONE),
        ("batch", |p| {
            p.inner.opening_proof.batch_pow_witness += Val::ONE
        }),
        ("query", |p| {
            p.inner.opening_proof.query_pow_witness += Val::ONE
        }),
        ("lookup", |p| {
            *p.inner.lookup_pow_witness.as_mut().unwrap() += Val::ONE
        }),
        ("commit", |p| {
            p.inner.opening_proof.commit_pow_witnesses[0] += Val::ONE
        }),
    ];
    for (site, alter) in alterations {
        let mut bad = copy();
        alter(&mut bad);
        match verify(&vk, &bad, &pvs) {
            Err(VerifyError::Rejected(_)) => {}
            other => panic!("{site}: altered witness gave {other:?}"),
        }
    }
}
