//! End to end: the recursion circuit proves the verification of a real segment proof
//! (fibonacci, test parameters): the program recorded from the key and the proof's
//! trace heights, filled from the proof, proved and verified with `RecursionCircuit`;
//! no altered segment proof of the tamper corpus has a recursion proof.

use std::time::Instant;

use p3_field::PrimeCharacteristicRing;
use trellis_recursion::air::RecursionCircuit;
use trellis_recursion::{PreparedKey, ProgramInputs, record_program};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::Val;

mod common;

use common::{byte_flips, structured};

#[test]
fn a_real_segment_proof_has_a_verifying_recursion_proof_and_no_altered_one_has_any() {
    let trellis = Trellis::rv32im();
    let params = ProofParams::insecure_test_fast();
    let guest = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis.keygen(&guest, &params).unwrap();
    let (_, proof) = trellis
        .prove(
            &pk,
            &guest,
            &25u32.to_le_bytes(),
            &ProveOptions::default(),
            &|_| {},
        )
        .unwrap();
    let segment = &proof.segments[0];
    let pv = trellis.vm().segment_public_values(&segment.claim);
    let key = PreparedKey::new(vk.stark()).unwrap();
    let program = record_program(&key, segment.proof.log_trace_heights()).unwrap();
    let inputs = ProgramInputs::from_proof(&key, &segment.proof, &pv).unwrap();

    let circuit = RecursionCircuit::new(&program).expect("every op kind is covered");
    let t = Instant::now();
    let (rpk, rvk) = circuit.keygen(&params).unwrap();
    let keygen = t.elapsed();
    let t = Instant::now();
    let recursion_proof = circuit
        .prove(&rpk, &inputs)
        .expect("the honest proof proves");
    let proving = t.elapsed();
    circuit
        .verify(&rvk, &recursion_proof, &inputs.public_values)
        .expect("the recursion proof verifies");
    let rows: Vec<(&str, usize)> = circuit
        .tables()
        .iter()
        .map(|&t| (t.name(), circuit.layout().height_of(t)))
        .collect();
    println!(
        "{} ops; rows per table {rows:?}; keygen {keygen:.2?}, proving {proving:.2?}, proof {} bytes",
        program.ops.len(),
        recursion_proof.to_bytes().len()
    );
    // Another statement (the segment's public values) does not verify.
    let mut other = inputs.public_values.clone();
    other[0] += Val::ONE;
    assert!(circuit.verify(&rvk, &recursion_proof, &other).is_err());

    // The tamper corpus (structural alterations and bit flips that still decode): the
    // program rejects every altered proof whose shape fits the key, so `prove` fails
    // with the clear error; the others have no program inputs at all.
    let mut cases = structured(&segment.proof, &pv);
    cases.extend(byte_flips(&segment.proof, &pv, 20));
    let mut rejected_by_program = 0;
    for case in cases.iter().filter(|c| !c.wrong_key) {
        let Ok(bad) = ProgramInputs::from_proof(&key, &case.proof, &case.public_values) else {
            continue;
        };
        let err = circuit.prove(&rpk, &bad).unwrap_err();
        assert!(
            err.to_string()
                .contains("the recursion program rejects its inputs"),
            "{}: {err}",
            case.name
        );
        rejected_by_program += 1;
    }
    println!(
        "{} altered proofs: {rejected_by_program} rejected by the program, the rest by shape",
        cases.len()
    );
    assert!(rejected_by_program >= 30, "{rejected_by_program}");
}
