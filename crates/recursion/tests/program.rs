//! The recorded recursion program: recorded from the key and the trace heights alone, it
//! is the same whatever proof of that shape the verifier runs on; its interpreter
//! accepts honest proofs and rejects altered inputs; its digest depends on the key.

use trellis_recursion::{
    PreparedKey, Program, ProgramInputs, ProgramStats, execute, record_program, record_with_proof,
    verify_by_program, verify_native,
};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis, VerifyingKey};
use trellis_stark::{PrimeCharacteristicRing, Proof, Val};

/// A segment proof and its public values.
type Segment = (Proof, Vec<Vec<Val>>);

/// Keygen for `example` and one segment proof (with its public values) per input.
fn prove(example: &str, inputs: &[u32]) -> (VerifyingKey, Vec<Segment>) {
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example(example).unwrap())
        .unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let proofs = inputs
        .iter()
        .map(|n| {
            let (_, proof) = trellis
                .prove(
                    &pk,
                    &program,
                    &n.to_le_bytes(),
                    &ProveOptions::default(),
                    &|_| {},
                )
                .unwrap();
            let segment = proof.segments.into_iter().next().unwrap();
            let pv = trellis.vm().segment_public_values(&segment.claim);
            (segment.proof, pv)
        })
        .collect();
    (vk, proofs)
}

#[test]
fn the_program_depends_on_the_key_shape_only() {
    let (vk, proofs) = prove("fibonacci", &[20, 21]);
    let key = PreparedKey::new(vk.stark()).unwrap();
    let (a, b) = (&proofs[0], &proofs[1]);
    assert_eq!(a.0.log_trace_heights(), b.0.log_trace_heights());
    assert_ne!(a.0.to_bytes(), b.0.to_bytes(), "two different proofs");

    let from_a = record_with_proof(&key, &a.0, &a.1).unwrap();
    let from_b = record_with_proof(&key, &b.0, &b.1).unwrap();
    let from_key = record_program(&key, a.0.log_trace_heights()).unwrap();
    from_key.validate().unwrap();
    assert_eq!(
        from_a.to_bytes(),
        from_b.to_bytes(),
        "two proofs, two programs"
    );
    assert_eq!(
        from_a.to_bytes(),
        from_key.to_bytes(),
        "the key alone records another program"
    );
    assert_eq!(from_a.digest(), from_key.digest());
    // A rejected proof of the shape (another run's public values) records it too.
    let mut wrong_pv = a.1.clone();
    let i = wrong_pv.iter().position(|v| !v.is_empty()).unwrap();
    wrong_pv[i][0] += Val::ONE;
    assert!(verify_native(vk.stark(), &a.0, &wrong_pv).is_err());
    let from_rejected = record_with_proof(&key, &a.0, &wrong_pv).unwrap();
    assert_eq!(from_rejected.to_bytes(), from_key.to_bytes());

    // The bytes round-trip; a corrupted program is refused, not run.
    let bytes = from_key.to_bytes();
    assert_eq!(Program::from_bytes(&bytes).unwrap(), from_key);
    let mut broken = from_key.clone();
    broken.num_base_slots -= 1;
    assert!(Program::from_bytes(&broken.to_bytes()).is_err());

    // The program accepts both honest proofs, as the native verifier does.
    for (proof, pv) in &proofs {
        verify_native(vk.stark(), proof, pv).unwrap();
        verify_by_program(&from_key, &key, proof, pv).unwrap();
    }
    let stats = ProgramStats::of(&from_key);
    eprintln!("{stats}");
    assert!(stats.merkle_levels > 0 && stats.count("ReducedOpening") > 0);
    assert_eq!(
        stats.count("Fail"),
        0,
        "an honest shape records a check that always fails"
    );
}

#[test]
fn altered_program_inputs_are_rejected() {
    let (vk, proofs) = prove("fibonacci", &[20]);
    let key = PreparedKey::new(vk.stark()).unwrap();
    let (proof, pv) = &proofs[0];
    let program = record_program(&key, proof.log_trace_heights()).unwrap();
    let inputs = ProgramInputs::from_proof(&key, proof, pv).unwrap();
    assert!(execute(&program, &inputs).unwrap().accepted());

    // Every proof value the program reads is bound: altering any one is caught.
    let n = inputs.proof_values.len();
    let mut positions: Vec<usize> = (0..97).map(|k| k * (n - 1) / 96).collect();
    positions.extend([0, 1, n / 2 + 1, n - 2, n - 1]);
    for at in positions {
        let mut altered = inputs.clone();
        altered.proof_values[at] += Val::ONE;
        let run = execute(&program, &altered).unwrap();
        assert!(!run.accepted(), "proof value {at} of {n} is not bound");
    }
    for at in 0..inputs.public_values.len() {
        let mut altered = inputs.clone();
        altered.public_values[at] += Val::ONE;
        assert!(
            !execute(&program, &altered).unwrap().accepted(),
            "public value {at} is not bound"
        );
    }
    // Inputs of the wrong length are refused.
    let mut short = inputs.clone();
    short.proof_values.pop();
    assert!(execute(&program, &short).is_err());
}

#[test]
fn the_program_digest_changes_with_the_key_and_the_heights() {
    let (fib_vk, fib) = prove("fibonacci", &[20]);
    let (sort_vk, sort) = prove("sort", &[0]);
    let fib_key = PreparedKey::new(fib_vk.stark()).unwrap();
    let sort_key = PreparedKey::new(sort_vk.stark()).unwrap();
    let fib_program = record_program(&fib_key, fib[0].0.log_trace_heights()).unwrap();
    let sort_program = record_program(&sort_key, sort[0].0.log_trace_heights()).unwrap();
    assert_ne!(fib_program.digest(), sort_program.digest());
    assert_ne!(fib_program.ops, sort_program.ops, "only the header differs");

    // The same key at other heights: a taller trace for one AIR without a fixed height.
    let mut heights = fib[0].0.log_trace_heights().to_vec();
    let pre = fib_vk.stark().common_data().preprocessed.as_ref();
    let i = (0..heights.len())
        .find(|&i| pre.is_none_or(|g| g.instances[i].is_none()))
        .unwrap();
    heights[i] += 1;
    let taller = record_program(&fib_key, &heights).unwrap();
    assert_ne!(taller.digest(), fib_program.digest());

    // A proof of one shape is not run by the program of another.
    let (proof, pv) = &fib[0];
    assert!(verify_by_program(&taller, &fib_key, proof, pv).is_err());
    assert!(verify_by_program(&sort_program, &fib_key, proof, pv).is_err());
}
