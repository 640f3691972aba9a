//! The generic verifier on proofs of the BN254 hash family (the EVM-facing layer's): on the
//! native backend it accepts an honest proof of the recursion circuit keyed with
//! [`Bn254Poseidon2`] and agrees with `trellis_stark::verify` on a corpus of altered proofs
//! (structural alterations and bit flips that still decode): both reject every one.

use p3_bn254::Bn254;
use p3_field::PrimeCharacteristicRing;
use p3_symmetric::MerkleCap;
use trellis_recursion::air::RecursionCircuit;
use trellis_recursion::air::synthetic::every_op;
use trellis_recursion::{PreparedKey, RecursionVerifyError, verify_prepared};
use trellis_stark::{
    Bn254Poseidon2, Challenge, DynAir, PROOF_FILE, Proof, ProofParams, Val, VerifyingKey,
};

type Bn254Proof = Proof<Bn254Poseidon2>;
type Edit = Box<dyn Fn(&mut Bn254Proof, &mut Vec<Vec<Val>>)>;

/// An honest BN254-family proof of the circuit of a synthetic program that uses every
/// operation (every table: lookups, preprocessed traces, public values), its key and its
/// public values.
fn honest(
    params: &ProofParams,
) -> (
    VerifyingKey<DynAir, Bn254Poseidon2>,
    Bn254Proof,
    Vec<Vec<Val>>,
) {
    let (program, inputs) = every_op(2);
    let circuit = RecursionCircuit::new(&program).unwrap();
    let (pk, vk) = circuit.keygen_for::<Bn254Poseidon2>(params).unwrap();
    let proof = circuit.prove(&pk, &inputs).unwrap();
    let pv = circuit.public_values(&inputs.public_values);
    (vk, proof, pv)
}

fn copy(p: &Bn254Proof) -> Bn254Proof {
    Bn254Proof::from_family_bytes(&p.to_bytes()).unwrap()
}

fn bump_cap(c: &mut MerkleCap<Val, [Bn254; 1]>) {
    let mut roots = c.roots().to_vec();
    roots[0][0] += Bn254::ONE;
    *c = MerkleCap::new(roots);
}

/// One alteration of each kind the proof carries.
fn edits(p: &Bn254Proof, pv: &[Vec<Val>]) -> Vec<(String, Edit)> {
    let mut edits: Vec<(String, Edit)> = Vec::new();
    for (i, inst) in p.batch_proof().opened_values.instances.iter().enumerate() {
        edits.push((
            format!("opened main value of AIR {i}"),
            Box::new(move |p, _| {
                let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                v.trace_local[0] += Challenge::ONE;
            }),
        ));
        edits.push((
            format!("quotient chunk of AIR {i}"),
            Box::new(move |p, _| {
                let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                v.quotient_chunks[0][1] += Challenge::ONE;
            }),
        ));
        if !inst.permutation_local.is_empty() {
            edits.push((
                format!("LogUp column opening of AIR {i}"),
                Box::new(move |p, _| {
                    p.batch_proof_mut().opened_values.instances[i].permutation_local[0] +=
                        Challenge::ONE;
                }),
            ));
            edits.push((
                format!("LogUp terminal of AIR {i}"),
                Box::new(move |p, _| {
                    if let Some(t) = &mut p.batch_proof_mut().lookup_terminals[i] {
                        t.0 += Challenge::ONE;
                    }
                }),
            ));
        }
        if inst.base_opened_values.preprocessed.is_some() {
            edits.push((
                format!("preprocessed opening of AIR {i}"),
                Box::new(move |p, _| {
                    let v = &mut p.batch_proof_mut().opened_values.instances[i].base_opened_values;
                    v.preprocessed.as_mut().unwrap().local[0] += Challenge::ONE;
                }),
            ));
        }
        if !pv[i].is_empty() {
            edits.push((
                format!("public value of AIR {i}"),
                Box::new(move |_, pv| pv[i][0] += Val::ONE),
            ));
        }
    }
    let mut add = |name: &str, edit: Edit| edits.push((name.to_string(), edit));
    add(
        "main commitment",
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().commitments.main)),
    );
    add(
        "quotient commitment",
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().commitments.quotient_chunks)),
    );
    add(
        "permutation commitment",
        Box::new(|p, _| {
            bump_cap(
                p.batch_proof_mut()
                    .commitments
                    .permutation
                    .as_mut()
                    .unwrap(),
            )
        }),
    );
    add(
        "FRI commit-phase commitment",
        Box::new(|p, _| bump_cap(&mut p.batch_proof_mut().opening_proof.commit_phase_commits[0])),
    );
    add(
        "FRI final polynomial",
        Box::new(|p, _| p.batch_proof_mut().opening_proof.final_poly[0] += Challenge::ONE),
    );
    add(
        "FRI sibling value",
        Box::new(|p, _| {
            p.batch_proof_mut().opening_proof.commit_phase_openings[0].sibling_values[0][0] +=
                Challenge::ONE
        }),
    );
    add(
        "FRI commit-phase Merkle sibling",
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.commit_phase_openings[0];
            o.opening_proof.sibling_hashes[0][0] += Bn254::ONE;
        }),
    );
    for r in 0..p.batch_proof().opening_proof.input_openings.len() {
        add(
            &format!("opened input row of commitment {r}"),
            Box::new(move |p, _| {
                let o = &mut p.batch_proof_mut().opening_proof.input_openings[r];
                o.opened_values[0][0][0] += Val::ONE;
            }),
        );
        add(
            &format!("input Merkle sibling of commitment {r}"),
            Box::new(move |p, _| {
                let o = &mut p.batch_proof_mut().opening_proof.input_openings[r];
                o.opening_proof.sibling_hashes[0][0] += Bn254::ONE;
            }),
        );
    }
    add(
        "swapped query openings",
        Box::new(|p, _| {
            let o = &mut p.batch_proof_mut().opening_proof.input_openings[0];
            o.opened_values.swap(0, 1);
        }),
    );
    add(
        "query grinding witness",
        Box::new(|p, _| p.batch_proof_mut().opening_proof.query_pow_witness += Val::ONE),
    );
    add(
        "batch grinding witness",
        Box::new(|p, _| p.batch_proof_mut().opening_proof.batch_pow_witness += Val::ONE),
    );
    add(
        "out-of-domain grinding witness",
        Box::new(|p, _| p.batch_proof_mut().ood_pow_witness += Val::ONE),
    );
    add(
        "lookup grinding witness",
        Box::new(|p, _| *p.batch_proof_mut().lookup_pow_witness.as_mut().unwrap() += Val::ONE),
    );
    edits
}

/// Single-bit flips over the proof's payload (resealed in its envelope), kept where the
/// result still decodes.
fn byte_flips(p: &Bn254Proof, count: usize) -> Vec<(String, Bn254Proof)> {
    let payload = PROOF_FILE.open(&p.to_bytes()).unwrap().to_vec();
    let mut out = Vec::new();
    let mut k = 0usize;
    while out.len() < count && k < 40 * count {
        let at = (k.wrapping_mul(7919) * 104_729) % payload.len();
        let bit = k % 8;
        k += 1;
        let mut altered = payload.clone();
        altered[at] ^= 1 << bit;
        if let Ok(proof) = Bn254Proof::from_family_bytes(&PROOF_FILE.seal(&altered)) {
            out.push((format!("flip bit {bit} of payload byte {at}"), proof));
        }
    }
    out
}

#[test]
fn the_generic_verifier_accepts_a_bn254_proof_and_agrees_with_the_stark_verifier_on_alterations() {
    let (vk, proof, pv) = honest(&ProofParams::insecure_test_fast());
    trellis_stark::verify(&vk, &proof, &pv).expect("the honest proof verifies");
    let key = PreparedKey::new(&vk).unwrap();
    verify_prepared(&key, &proof, &pv).expect("the generic verifier accepts it");

    let mut cases: Vec<(String, Bn254Proof, Vec<Vec<Val>>)> = edits(&proof, &pv)
        .into_iter()
        .map(|(name, edit)| {
            let mut p = copy(&proof);
            let mut values = pv.clone();
            edit(&mut p, &mut values);
            (name, p, values)
        })
        .collect();
    let structured = cases.len();
    cases.extend(
        byte_flips(&proof, 60)
            .into_iter()
            .map(|(name, p)| (name, p, pv.clone())),
    );
    println!(
        "{structured} structured cases, {} flips",
        cases.len() - structured
    );
    assert!(structured > 25, "{structured} structured cases");
    assert!(cases.len() > structured + 40, "{} cases", cases.len());
    let mut rejected_by_checks = 0;
    for (name, p, values) in &cases {
        let stark = trellis_stark::verify(&vk, p, values);
        let ours = verify_prepared(&key, p, values);
        assert!(stark.is_err(), "{name}: the STARK verifier accepts");
        assert!(ours.is_err(), "{name}: the generic verifier accepts");
        if matches!(ours, Err(RecursionVerifyError::Rejected(_))) {
            rejected_by_checks += 1;
        }
    }
    // Most alterations keep the shape and reach the hash checks.
    assert!(rejected_by_checks > structured, "{rejected_by_checks}");
}

#[test]
fn the_generic_verifier_replays_bn254_grinding_at_every_site() {
    // Keygen takes parameters other than the test ones only at 100 proven bits: a large
    // blowup buys them with few queries and little grinding.
    let params = ProofParams {
        log_blowup: 4,
        num_queries: 60,
        commit_pow_bits: 2,
        query_pow_bits: 3,
        batch_pow_bits: 2,
        ood_pow_bits: 2,
        lookup_pow_bits: 2,
        ..ProofParams::insecure_test_fast()
    };
    let (vk, proof, pv) = honest(&params);
    let key = PreparedKey::new(&vk).unwrap();
    verify_prepared(&key, &proof, &pv).expect("the generic verifier accepts it");
    // Every grinding witness altered: both verifiers reject.
    let sites: [fn(&mut Bn254Proof); 5] = [
        |p| p.batch_proof_mut().ood_pow_witness += Val::ONE,
        |p| *p.batch_proof_mut().lookup_pow_witness.as_mut().unwrap() += Val::ONE,
        |p| p.batch_proof_mut().opening_proof.batch_pow_witness += Val::ONE,
        |p| p.batch_proof_mut().opening_proof.commit_pow_witnesses[0] += Val::ONE,
        |p| p.batch_proof_mut().opening_proof.query_pow_witness += Val::ONE,
    ];
    for (k, alter) in sites.iter().enumerate() {
        let mut bad = copy(&proof);
        alter(&mut bad);
        assert!(trellis_stark::verify(&vk, &bad, &pv).is_err(), "site {k}");
        assert!(verify_prepared(&key, &bad, &pv).is_err(), "site {k}");
    }
}
