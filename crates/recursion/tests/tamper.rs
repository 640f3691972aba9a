//! A corpus of altered segment proofs: flipped bytes (only those that still decode),
//! swapped and altered opened values, altered public values, commitments, FRI final
//! polynomial, Merkle siblings, grinding witnesses, LogUp terminals, and wrong keys.
//! The generic verifier on concrete values, `trellis_stark::verify` and the recorded
//! recursion program (run by its interpreter) must agree on every one: all reject.
//! Honest proofs: all accept.

use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_field::PrimeCharacteristicRing;
use p3_symmetric::MerkleCap;
use trellis_recursion::{
    PreparedKey, Program, RecursionVerifyError, record_program, verify_by_program, verify_prepared,
};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::{Challenge, DynAir, Proof, Val, VerifyingKey};

struct Case {
    name: String,
    proof: Proof,
    public_values: Vec<Vec<Val>>,
    /// Use the other program's key.
    wrong_key: bool,
}

fn copy(p: &Proof) -> Proof {
    Proof::from_bytes(&p.to_bytes()).expect("a proof's own bytes decode")
}

fn bump(v: &mut Val) {
    *v += Val::ONE;
}

fn bump_ext(v: &mut Challenge) {
    *v += Challenge::ONE;
}

fn bump_cap(c: &mut MerkleCap<Val, [Val; 8]>) {
    let mut roots = c.roots().to_vec();
    roots[0][3] += Val::ONE;
    *c = MerkleCap::new(roots);
}

/// Structural alterations of `p` (each one change).
fn structured(p: &Proof, pv: &[Vec<Val>]) -> Vec<Case> {
    type Edit = Box<dyn Fn(&mut Proof, &mut Vec<Vec<Val>>)>;
    let mut edits: Vec<(String, Edit)> = Vec::new();
    let n = p.batch_proof().opened_values.instances.len();
    for i in 0..n {
        let inst = &p.batch_proof().opened_values.instances[i];
        // Two columns with different values at zeta (equal ones would swap to the same proof).
        let local = &inst.base_opened_values.trace_local;
        if let Some(j) = (1..local.len()).find(|&j| local[j] != local[0]) {
            edits.push((
                format!("swap opened main columns 0 and {j} of AIR {i}"),
                Box::new(move |p, _| {
                    p.batch_proof_mut().opened_values.instances[i]
                        .base_opened_values
                        .trace_local
                        .swap(0, j)
                }),
            ));
        }
        edits.push((
            format!("alter an opened main value of AIR {i}"),
            Box::new(move |p, _| {
                let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                let last = v.trace_local.len() - 1;
                bump_ext(&mut v.trace_local[last]);
            }),
        ));
        if inst.base_opened_values.trace_next.is_some() {
            edits.push((
                format!("swap this and next row of AIR {i}"),
                Box::new(move |p, _| {
                    let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                    let next = v.trace_next.take().unwrap();
                    v.trace_next = Some(std::mem::replace(&mut v.trace_local, next));
                }),
            ));
        }
        edits.push((
            format!("alter a quotient chunk of AIR {i}"),
            Box::new(move |p, _| {
                let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                bump_ext(&mut v.quotient_chunks[0][1]);
            }),
        ));
        if !inst.permutation_local.is_empty() {
            edits.push((
                format!("alter a LogUp column opening of AIR {i}"),
                Box::new(move |p, _| {
                    bump_ext(
                        &mut p.batch_proof_mut().opened_values.instances[i].permutation_local[2],
                    )
                }),
            ));
            edits.push((
                format!("alter the LogUp terminal of AIR {i}"),
                Box::new(move |p, _| {
                    if let Some(t) = &mut p.batch_proof_mut().lookup_terminals[i] {
                        bump_ext(&mut t.0);
                    }
                }),
            ));
        }
        if inst.base_opened_values.preprocessed.is_some() {
            edits.push((
                format!("alter a preprocessed opening of AIR {i}"),
                Box::new(move |p, _| {
                    let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                    bump_ext(&mut v.preprocessed.as_mut().unwrap().local[0]);
                }),
            ));
        }
        if !pv[i].is_empty() {
            edits.push((
                format!("alter a public value of AIR {i}"),
                Box::new(move |_, pv| bump(&mut pv[i][0])),
            ));
        }
    }
    edits.push((
        "alter the main commitment".into(),
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().commitments.main)),
    ));
    edits.push((
        "alter the quotient commitment".into(),
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().commitments.quotient_chunks)),
    ));
    edits.push((
        "alter the permutation commitment".into(),
        Box::new(|p, _| {
            if let Some(c) = &mut p.batch_proof_mut().commitments.permutation {
                bump_cap(c)
            }
        }),
    ));
    edits.push((
        "alter the FRI final polynomial".into(),
        Box::new(|p, _| bump_ext(&mut p.batch_proof_mut().opening_proof.final_poly[0])),
    ));
    edits.push((
        "alter a FRI commit-phase commitment".into(),
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().opening_proof.commit_phase_commits[0])),
    ));
    edits.push((
        "alter a FRI sibling value".into(),
        Box::new(|p, _| {
            bump_ext(
                &mut p.batch_proof_mut().opening_proof.commit_phase_openings[0].sibling_values[0]
                    [0],
            )
        }),
    ));
    edits.push((
        "alter a FRI commit-phase Merkle sibling".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.commit_phase_openings[0];
            bump(&mut o.opening_proof.sibling_hashes[0][0]);
        }),
    ));
    edits.push((
        "alter an opened input row".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[0];
            bump(&mut o.opened_values[0][0][0]);
        }),
    ));
    edits.push((
        "alter an input Merkle sibling".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[1];
            bump(&mut o.opening_proof.sibling_hashes[0][5]);
        }),
    ));
    edits.push((
        "alter the query grinding witness".into(),
        Box::new(|p, _| bump(&mut p.batch_proof_mut().opening_proof.query_pow_witness)),
    ));
    edits.push((
        "alter the batch grinding witness".into(),
        Box::new(|p, _| bump(&mut p.batch_proof_mut().opening_proof.batch_pow_witness)),
    ));
    edits.push((
        "alter the out-of-domain grinding witness".into(),
        Box::new(|p, _| bump(&mut p.batch_proof_mut().ood_pow_witness)),
    ));
    edits.push((
        "alter the lookup grinding witness".into(),
        Box::new(|p, _| {
            if let Some(w) = &mut p.batch_proof_mut().lookup_pow_witness {
                bump(w)
            }
        }),
    ));
    edits.push((
        "swap two query openings".into(),
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[0];
            o.opened_values.swap(0, 1);
        }),
    ));
    edits
        .into_iter()
        .map(|(name, edit)| {
            let mut proof = copy(p);
            let mut public_values = pv.to_vec();
            edit(&mut proof, &mut public_values);
            Case {
                name,
                proof,
                public_values,
                wrong_key: false,
            }
        })
        .collect()
}

/// Single-byte flips spread over the proof file, kept where the result still decodes.
fn byte_flips(p: &Proof, pv: &[Vec<Val>], count: usize) -> Vec<Case> {
    let bytes = p.to_bytes();
    let mut cases = Vec::new();
    let mut k = 0usize;
    while cases.len() < count && k < 40 * count {
        // A pseudo-random walk over the file (the first bytes are the envelope).
        let at = 16 + (k.wrapping_mul(7919) * 104_729) % (bytes.len() - 16);
        let bit = k % 8;
        k += 1;
        let mut altered = bytes.clone();
        altered[at] ^= 1 << bit;
        if let Ok(proof) = Proof::from_bytes(&altered) {
            cases.push(Case {
                name: format!("flip bit {bit} of byte {at}"),
                proof,
                public_values: pv.to_vec(),
                wrong_key: false,
            });
        }
    }
    cases
}

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
