//! The tree of recursion closes: a recursion proof (a `trellis_stark` proof over the
//! recursion circuit's AIRs, with preprocessed traces, two witness buses and public
//! values) is itself verified by the generic verifier, recorded into a program and
//! proven by the recursion circuit again. Segment proof (fibonacci, test parameters)
//! -> level-1 recursion proof -> level-2 recursion proof of the level-1 verification.

use std::time::Instant;

use trellis_recursion::air::{RecursionCircuit, Table};
use trellis_recursion::{
    PreparedKey, Program, ProgramInputs, ProgramStats, record_program, verify_native,
};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::{DynAir, Proof, Val, VerifyingKey};

#[allow(dead_code)] // byte_flips is for the other tests
mod common;

use common::{Case, bump_cap, bump_ext, copy, structured};

/// Operations, rows per table (before padding) and padded main cells of `circuit`.
fn describe(label: &str, program: &Program, circuit: &RecursionCircuit<'_>) -> usize {
    let n_public = program.num_public_values as usize;
    let mut cells = 0;
    let mut rows = Vec::new();
    for &t in circuit.tables() {
        let h = circuit.layout().height_of(t);
        let padded = h.next_power_of_two();
        let (width, _) = trellis_recursion::air::table_widths(t, n_public);
        cells += padded * width;
        rows.push(format!("{} {h} (2^{})", t.name(), padded.trailing_zeros()));
    }
    let stats = ProgramStats::of(program);
    println!(
        "{label}: {} ops, {} proof values, {} public values; {cells} padded main cells; rows: {}",
        stats.ops,
        stats.proof_values,
        stats.public_values,
        rows.join(", ")
    );
    cells
}

/// A fibonacci segment proof under `params`: the VM key, the segment's STARK proof and
/// its public values.
fn segment_proof(params: &ProofParams) -> (trellis_sdk::VerifyingKey, Proof, Vec<Vec<Val>>) {
    let trellis = Trellis::rv32im();
    let guest = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis.keygen(&guest, params).unwrap();
    let (_, mut proof) = trellis
        .prove(
            &pk,
            &guest,
            &25u32.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .unwrap();
    let segment = proof.segments.swap_remove(0);
    let pv = trellis.vm().segment_public_values(&segment.claim);
    (vk, segment.proof, pv)
}

#[test]
fn a_recursion_proof_is_verified_and_proven_by_the_recursion_circuit_again() {
    let params = ProofParams::insecure_test_fast();
    let (vk, segment, pv) = segment_proof(&params);

    // Level 1: the recursion proof of the segment proof's verification.
    let key0 = PreparedKey::new(vk.stark()).unwrap();
    let program1 = record_program(&key0, segment.log_trace_heights()).unwrap();
    let inputs1 = ProgramInputs::from_proof(&key0, &segment, &pv).unwrap();
    let circuit1 = RecursionCircuit::new(&program1).unwrap();
    let (rpk1, rvk1) = circuit1.keygen(&params).unwrap();
    let proof1 = circuit1.prove(&rpk1, &inputs1).unwrap();
    let pv1 = circuit1.public_values(&inputs1.public_values);
    circuit1
        .verify(&rvk1, &proof1, &inputs1.public_values)
        .unwrap();

    // The generic verifier accepts it, as trellis_stark::verify does.
    verify_native(&rvk1, &proof1, &pv1).expect("the generic verifier accepts a recursion proof");

    // Level 2: the program that verifies level-1 proofs of this key and these heights.
    let key1 = PreparedKey::new(&rvk1).unwrap();
    let program2 = record_program(&key1, proof1.log_trace_heights()).unwrap();
    let inputs2 = ProgramInputs::from_proof(&key1, &proof1, &pv1).unwrap();
    let circuit2 = RecursionCircuit::new(&program2).expect("every op kind is covered");
    let t = Instant::now();
    let (rpk2, rvk2) = circuit2.keygen(&params).unwrap();
    let keygen = t.elapsed();
    let t = Instant::now();
    let proof2 = circuit2
        .prove(&rpk2, &inputs2)
        .expect("the honest level-1 proof proves");
    let proving = t.elapsed();
    circuit2
        .verify(&rvk2, &proof2, &inputs2.public_values)
        .expect("the level-2 proof verifies");
    assert_eq!(inputs2.public_values, inputs1.public_values);

    let cells1 = describe("level 1", &program1, &circuit1);
    let cells2 = describe("level 2", &program2, &circuit2);
    println!(
        "level 2: keygen {keygen:.2?}, proving {proving:.2?}, proof {} bytes (level 1: {} bytes); cells {cells2} vs {cells1}",
        proof2.to_bytes().len(),
        proof1.to_bytes().len()
    );
    assert!(circuit2.tables().contains(&Table::Public));

    // Altered level-1 proofs: an opened value, a commitment, and the corpus's structural
    // edits that keep the shape; the level-2 program rejects each.
    let mut cases: Vec<Case> = Vec::new();
    let mut flip = |name: &str, edit: &dyn Fn(&mut Proof)| {
        let mut p = copy(&proof1);
        edit(&mut p);
        cases.push(Case {
            name: name.into(),
            proof: p,
            public_values: pv1.clone(),
            wrong_key: false,
        });
    };
    flip("an opened main value", &|p| {
        bump_ext(
            &mut p.batch_proof_mut().opened_values.instances[0]
                .base_opened_values
                .trace_local[0],
        )
    });
    flip("the main commitment", &|p| {
        bump_cap(&mut p.batch_proof_mut().commitments.main)
    });
    flip("the quotient commitment", &|p| {
        bump_cap(&mut p.batch_proof_mut().commitments.quotient_chunks)
    });
    cases.extend(structured(&proof1, &pv1).into_iter().step_by(12));
    let mut rejected = 0;
    for case in cases.iter().filter(|c| !c.wrong_key) {
        let Ok(bad) = ProgramInputs::from_proof(&key1, &case.proof, &case.public_values) else {
            continue;
        };
        // The generic verifier and trellis_stark::verify agree: both reject.
        assert!(verify_native(&rvk1, &case.proof, &case.public_values).is_err());
        assert!(trellis_stark::verify(&rvk1, &case.proof, &case.public_values).is_err());
        let err = circuit2.prove(&rpk2, &bad).unwrap_err();
        assert!(
            err.to_string()
                .contains("the recursion program rejects its inputs"),
            "{}: {err}",
            case.name
        );
        rejected += 1;
    }
    println!(
        "{} altered level-1 proofs, {rejected} rejected by the level-2 program",
        cases.len()
    );
    assert!(rejected >= 3, "{rejected}");
}

/// Whether verifying a recursion proof costs less than verifying a segment proof, under
/// production parameters for both the segment and the recursion layer (the numbers of
/// docs/recursion.md, "Two levels"):
/// `cargo test -p trellis-recursion --test two_levels -- --ignored --nocapture`.
#[test]
#[ignore = "production parameters: minutes of proving"]
fn under_production_parameters_the_level_two_program_is_smaller() {
    let params = ProofParams::production();
    let (vk, segment, pv) = segment_proof(&params);
    let key0 = PreparedKey::new(vk.stark()).unwrap();
    let program1 = record_program(&key0, segment.log_trace_heights()).unwrap();
    let inputs1 = ProgramInputs::from_proof(&key0, &segment, &pv).unwrap();
    let circuit1 = RecursionCircuit::new(&program1).unwrap();
    let (rpk1, rvk1) = circuit1.keygen(&params).unwrap();
    let t = Instant::now();
    let proof1 = circuit1.prove(&rpk1, &inputs1).unwrap();
    println!("level 1 proving (production): {:.2?}", t.elapsed());
    let pv1 = circuit1.public_values(&inputs1.public_values);
    verify_native(&rvk1, &proof1, &pv1).unwrap();
    let (program2, exec_ok) = level_two(&rvk1, &proof1, &pv1);
    assert!(exec_ok, "the level-2 program accepts the level-1 proof");
    let circuit2 = RecursionCircuit::new(&program2).unwrap();
    let cells1 = describe("level 1 (production)", &program1, &circuit1);
    let cells2 = describe("level 2 (production)", &program2, &circuit2);
    assert!(cells2 < cells1, "{cells2} >= {cells1}");

    // Level 3: the program verifying a level-2 proof, the fixed point of the tree.
    let inputs2 =
        ProgramInputs::from_proof(&PreparedKey::new(&rvk1).unwrap(), &proof1, &pv1).unwrap();
    let (rpk2, rvk2) = circuit2.keygen(&params).unwrap();
    let t = Instant::now();
    let proof2 = circuit2.prove(&rpk2, &inputs2).unwrap();
    println!("level 2 proving (production): {:.2?}", t.elapsed());
    let pv2 = circuit2.public_values(&inputs2.public_values);
    let (program3, exec_ok) = level_two(&rvk2, &proof2, &pv2);
    assert!(exec_ok, "the level-3 program accepts the level-2 proof");
    let circuit3 = RecursionCircuit::new(&program3).unwrap();
    let cells3 = describe("level 3 (production)", &program3, &circuit3);
    println!(
        "proof bytes: segment {}, level 1 {}, level 2 {}",
        segment.to_bytes().len(),
        proof1.to_bytes().len(),
        proof2.to_bytes().len()
    );
    assert!(cells3 <= cells2, "{cells3} > {cells2}");
}

/// The program verifying `proof` under `vk`, and whether it accepts the proof.
fn level_two(vk: &VerifyingKey<DynAir>, proof: &Proof, pv: &[Vec<Val>]) -> (Program, bool) {
    let key = PreparedKey::new(vk).unwrap();
    let program = record_program(&key, proof.log_trace_heights()).unwrap();
    let inputs = ProgramInputs::from_proof(&key, proof, pv).unwrap();
    let accepted = trellis_recursion::execute(&program, &inputs)
        .unwrap()
        .accepted();
    (program, accepted)
}
