//! A corpus of altered segment proofs: flipped bytes (only those that still decode),
//! swapped and altered opened values, altered public values, commitments, FRI final
//! polynomial, Merkle siblings, grinding witnesses, LogUp terminals, and wrong keys.
//! The generic verifier on concrete values, `trellis_stark::verify` and the recorded
//! recursion program (run by its interpreter) must agree on every one: all reject.
//! Honest proofs: all accept.

use std::panic::{AssertUnwindSafe, catch_unwind};

use trellis_recursion::{
    PreparedKey, Program, RecursionVerifyError, record_program, verify_by_program, verify_prepared,
};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::{DynAir, VerifyingKey};

mod common;

use common::{Case, byte_flips, copy, structured};

/// Whether each verifier accepts (trellis-stark, the generic verifier, the recursion
/// program `program`), why the generic one rejects, and whether the program's own
/// checks rejected.
fn outcome(
    vk: &VerifyingKey<DynAir>,
    key: &PreparedKey<'_, DynAir>,
    program: &Program,
    case: &Case,
) -> (bool, bool, bool, Option<RecursionVerifyError>, bool) {
    let stark = trellis_stark::verify(vk, &case.proof, &case.public_values).is_ok();
    let generic = catch_unwind(AssertUnwindSafe(|| {
        verify_prepared(key, &case.proof, &case.public_values)
    }))
    .unwrap_or_else(|_| panic!("{}: the generic verifier panicked", case.name));
    let by_program = catch_unwind(AssertUnwindSafe(|| {
        verify_by_program(program, key, &case.proof, &case.public_values)
    }))
    .unwrap_or_else(|_| panic!("{}: the recursion program panicked", case.name));
    let program_checks = matches!(by_program, Err(RecursionVerifyError::Rejected(_)));
    (
        stark,
        generic.is_ok(),
        by_program.is_ok(),
        generic.err(),
        program_checks,
    )
}

#[test]
fn both_verifiers_reject_every_altered_proof() {
    let trellis = Trellis::rv32im();
    let params = ProofParams::insecure_test_fast();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis.keygen(&program, &params).unwrap();
    let (_, proof) = trellis
        .prove(
            &pk,
            &program,
            &25u32.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .unwrap();
    let other = trellis
        .load_program(&build_example("sort").unwrap())
        .unwrap();
    let (_, other_vk) = trellis.keygen(&other, &params).unwrap();

    let segment = &proof.segments[0];
    let pv = trellis.vm().segment_public_values(&segment.claim);
    let key = PreparedKey::new(vk.stark()).unwrap();
    let other_key = PreparedKey::new(other_vk.stark()).unwrap();
    // The recursion program of the honest shape, recorded from the key alone.
    let program = record_program(&key, segment.proof.log_trace_heights()).unwrap();

    // Honest: both accept.
    let honest = Case {
        name: "honest".into(),
        proof: copy(&segment.proof),
        public_values: pv.clone(),
        wrong_key: false,
    };
    let (stark, generic, by_program, _, _) = outcome(vk.stark(), &key, &program, &honest);
    assert!(
        stark && generic && by_program,
        "the honest proof is rejected"
    );

    let mut cases = structured(&segment.proof, &pv);
    let structured_count = cases.len();
    cases.extend(byte_flips(&segment.proof, &pv, 80));
    cases.push(Case {
        name: "another program's key".into(),
        proof: copy(&segment.proof),
        public_values: pv.clone(),
        wrong_key: true,
    });
    assert!(
        structured_count >= 30,
        "{structured_count} structured alterations"
    );
    assert!(cases.len() >= 100, "only {} altered proofs", cases.len());

    let mut disagreements = Vec::new();
    let mut accepted = Vec::new();
    // Rejections by the generic verifier's own checks (made through the backend), as
    // opposed to the shape checks it shares with trellis-stark.
    let mut by_checks = 0;
    let mut by_program_checks = 0;
    for (k, case) in cases.iter().enumerate() {
        let (stark, generic, by_program, why, program_checks) = if case.wrong_key {
            outcome(other_vk.stark(), &other_key, &program, case)
        } else {
            outcome(vk.stark(), &key, &program, case)
        };
        by_program_checks += usize::from(program_checks);
        if matches!(why, Some(RecursionVerifyError::Rejected(_))) {
            by_checks += 1;
        } else if k < structured_count {
            eprintln!("{}: {:?}", case.name, why);
        }
        if stark != generic || generic != by_program {
            disagreements.push(format!(
                "{} (stark {stark}, generic {generic}, program {by_program})",
                case.name
            ));
        }
        if stark || generic || by_program {
            accepted.push(case.name.clone());
        }
    }
    assert!(
        disagreements.is_empty(),
        "the verifiers disagree on: {disagreements:#?}"
    );
    assert!(
        accepted.is_empty(),
        "accepted altered proofs: {accepted:#?}"
    );
    eprintln!(
        "{} altered proofs, all rejected by the three verifiers; {by_checks} by the generic verifier's backend checks",
        cases.len()
    );
    // Every structured alteration but the grinding witnesses' shapes passes the shape
    // checks, so the backend checks must be what rejects most of the corpus.
    assert!(
        by_checks >= structured_count - 2,
        "only {by_checks} rejected by backend checks"
    );
    // The same for the program: its checks, not the shape checks, reject.
    assert_eq!(
        by_program_checks, by_checks,
        "the program's checks reject {by_program_checks}, the generic verifier's {by_checks}"
    );
}
