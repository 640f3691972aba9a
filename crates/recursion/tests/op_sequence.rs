//! What a recording backend relies on: for one key and one proof shape (trace heights),
//! the verifier makes the same operations whatever the proof's values, accepted or not.

use trellis_recursion::{CountingBackend, NativeBackend, OpCounts, PreparedKey, verify_with};
use trellis_sdk::build::build_example;
use trellis_sdk::{ProofParams, ProveOptions, Trellis};
use trellis_stark::{DynAir, PrimeCharacteristicRing, Proof, Val};

fn count(key: &PreparedKey<'_, DynAir>, proof: &Proof, pv: &[Vec<Val>]) -> (OpCounts, bool) {
    let mut b = CountingBackend::new(NativeBackend::new());
    verify_with(&mut b, key, proof, pv).expect("the shape fits the key");
    let accepted = b.inner().failures().is_empty();

    (b.counts(), accepted)
}

#[test]
fn same_shape_same_operations() {
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let key = PreparedKey::new(vk.stark()).unwrap();
    let mut runs = Vec::new();
    for n in [20u32, 21] {
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
        runs.push((segment, pv));
    }
    let (a, b) = (&runs[0], &runs[1]);
    assert_eq!(
        a.0.proof.log_trace_heights(),
        b.0.proof.log_trace_heights(),
        "the two runs should have one shape"
    );
    let (ca, ok_a) = count(&key, &a.0.proof, &a.1);
    let (cb, ok_b) = count(&key, &b.0.proof, &b.1);
    assert!(ok_a && ok_b);
    assert_eq!(ca, cb, "two proofs of one shape, different operations");
    assert!(ca.permutations > 0 && ca.reduced_opening_rows > 0 && ca.ext_mul > 0);

    // A rejected proof of the same shape (another run's public values) costs the same.
    let mut pv = a.1.clone();
    let i = pv.iter().position(|v| !v.is_empty()).unwrap();
    pv[i][0] += Val::ONE;
    let (cr, ok_r) = count(&key, &a.0.proof, &pv);
    assert!(!ok_r);
    assert_eq!(cr, ca, "a rejected proof takes another path");
}
