//! The agreement corpus of issue 12: at least 300 altered segment proofs (flipped bytes
//! that still decode, swapped and altered openings, commitments, FRI and Merkle values,
//! grinding witnesses, every claimed public value, another program's key). Each one is
//! rejected by the host verifier (`trellis_stark::verify`) and has no aggregation proof:
//! the leaf program over it rejects its inputs, which the aggregator reports as
//! `RecursionProofError::Rejected` (or the proof's shape fits no leaf at all).

use p3_field::PrimeCharacteristicRing;
use trellis_recursion::PreparedKey;
use trellis_recursion::aggregate::{AggregationConfig, Aggregator, Child, output_chain};
use trellis_recursion::air::RecursionProofError;
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::Val;

#[allow(dead_code)] // the corpus helpers other tests use too
mod common;

use common::{Case, copy, structured};

#[test]
fn no_altered_segment_proof_verifies_or_aggregates() {
    let trellis = Trellis::rv32im();
    let params = ProofParams::insecure_test_fast();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis.keygen(&program, &params).unwrap();
    let options = ProveOptions {
        max_segment_cycles: 512,
        ..ProveOptions::default()
    };
    let (_, proof) = trellis
        .prove(&pk, &program, &300u32.to_le_bytes(), &options, &|_| {})
        .unwrap();
    let other = trellis
        .load_program(&build_example("sort").unwrap())
        .unwrap();
    let (_, other_vk) = trellis.keygen(&other, &params).unwrap();
    let key = PreparedKey::new(vk.stark()).unwrap();
    let other_key = PreparedKey::new(other_vk.stark()).unwrap();

    // A middle segment: its leaf starts from the output chain of the segments before.
    let index = 1;
    let segment = &proof.segments[index];
    let pv = trellis.vm().segment_public_values(&segment.claim);
    let before: Vec<u8> = proof.segments[..index]
        .iter()
        .flat_map(|s| s.claim.public_output.clone())
        .collect();
    let start = output_chain::commit(&before);
    let mut aggregator = Aggregator::new(AggregationConfig::new(params, 1, 2));
    let leaf = |aggregator: &mut Aggregator, key: &PreparedKey<'_, _>, case: &Case| {
        aggregator.prove_node(
            &[Child::Segment {
                key,
                proof: &case.proof,
                public_values: &case.public_values,
            }],
            start,
        )
    };
    let honest = Case {
        name: "honest".into(),
        proof: copy(&segment.proof),
        public_values: pv.clone(),
        wrong_key: false,
    };
    let made = leaf(&mut aggregator, &key, &honest).expect("the honest segment has a leaf");
    assert_eq!(made.statement.start_pc, segment.claim.entry_pc);

    let mut cases = structured(&segment.proof, &pv);
    // Every claimed public value, one at a time.
    for (air, values) in pv.iter().enumerate() {
        for k in (0..values.len()).filter(|&k| k < 24 || k % 97 == 0) {
            let mut altered = pv.clone();
            altered[air][k] += Val::ONE;
            cases.push(Case {
                name: format!("claimed public value {k} of AIR {air} + 1"),
                proof: copy(&segment.proof),
                public_values: altered,
                wrong_key: false,
            });
        }
    }
    // Flips inside the payload, resealed (the file checksum would catch them first
    // otherwise): every flip that still decodes reaches the verifiers.
    let sealed = segment.proof.to_bytes();
    let payload = &sealed[trellis_isa::container::HEADER_LEN..];
    let mut k = 0u64;
    while cases.len() < 320 && k < 100_000 {
        let at = (k.wrapping_mul(2_654_435_761) % payload.len() as u64) as usize;
        let bit = (k / 3) % 8;
        k += 1;
        let mut altered = payload.to_vec();
        altered[at] ^= 1 << bit;
        if let Ok(proof) =
            trellis_stark::Proof::from_bytes(&trellis_stark::PROOF_FILE.seal(&altered))
        {
            cases.push(Case {
                name: format!("flip bit {bit} of payload byte {at}"),
                proof,
                public_values: pv.clone(),
                wrong_key: false,
            });
        }
    }
    cases.push(Case {
        name: "another program's key".into(),
        proof: copy(&segment.proof),
        public_values: pv.clone(),
        wrong_key: true,
    });
    // An "alteration" that gives back the honest proof (swapping the rows of a
    // one-row trace, whose next-row point is zeta itself) is no alteration.
    let honest_bytes = segment.proof.to_bytes();
    cases.retain(|c| c.wrong_key || c.public_values != pv || c.proof.to_bytes() != honest_bytes);
    assert!(cases.len() >= 300, "only {} altered proofs", cases.len());

    let (mut rejected_by_program, mut no_shape) = (0, 0);
    let mut problems = Vec::new();
    for case in &cases {
        let (stark_vk, prepared) = if case.wrong_key {
            (other_vk.stark(), &other_key)
        } else {
            (vk.stark(), &key)
        };
        if trellis_stark::verify(stark_vk, &case.proof, &case.public_values).is_ok() {
            problems.push(format!("{}: the host verifier accepts", case.name));
        }
        match leaf(&mut aggregator, prepared, case) {
            Ok(_) => problems.push(format!("{}: aggregated", case.name)),
            Err(RecursionProofError::Rejected(_)) => rejected_by_program += 1,
            Err(RecursionProofError::Program(_)) => no_shape += 1,
            Err(e) => problems.push(format!("{}: unexpected error {e}", case.name)),
        }
    }
    println!(
        "{} altered proofs: {rejected_by_program} rejected by the leaf program, {no_shape} fit no leaf",
        cases.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
    // Most alterations keep the shape: the program's own checks must do the work.
    assert!(
        rejected_by_program * 2 > cases.len(),
        "{rejected_by_program}"
    );
}
