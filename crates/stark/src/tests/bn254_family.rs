//! The EVM-facing hash family ([`Bn254Poseidon2`]) runs the same AIRs through the same
//! keygen, prover and verifier, and its keys and proofs never pass for the default
//! family's (or the other way round).

use super::airs::*;
use super::{FIB_LOG, SENDER_LOG, TABLE_LOG, airs, witness};
use crate::{
    BabyBearPoseidon2, Bn254Poseidon2, FileError, PROOF_FILE, PrimeCharacteristicRing, Proof,
    ProofParams, ProveError, ProvingKey, Val, VerifyError, VerifyingKey, keygen_with, prove,
    prove_unchecked, verify,
};

type Bn254Keys = (
    ProvingKey<TestAir, Bn254Poseidon2>,
    VerifyingKey<TestAir, Bn254Poseidon2>,
);

fn bn254_keys(params: &ProofParams) -> Bn254Keys {
    keygen_with::<_, Bn254Poseidon2>(airs(0), params, &[]).unwrap()
}

#[test]
fn bn254_family_proves_and_verifies() {
    let (pk, vk) = bn254_keys(&ProofParams::insecure_test_fast());
    let (traces, pvs) = witness();
    let proof = prove(&pk, &traces, &pvs).unwrap();
    assert_eq!(proof.log_trace_heights(), &[FIB_LOG, SENDER_LOG, TABLE_LOG]);
    verify(&vk, &proof, &pvs).unwrap();
    let back = Proof::<Bn254Poseidon2>::from_family_bytes(&proof.to_bytes()).unwrap();
    verify(&vk, &back, &pvs).unwrap();

    // Keys round-trip through files too (the verifier's AIRs without the table's trace).
    let verifier_airs = vec![
        TestAir::Fib(FibAir),
        TestAir::Sender(SenderAir),
        TestAir::Table(TableAir {
            log_height: TABLE_LOG,
            offset: 0,
            with_trace: false,
        }),
    ];
    let vk2 =
        VerifyingKey::<TestAir, Bn254Poseidon2>::from_family_bytes(&vk.to_bytes(), verifier_airs)
            .unwrap();
    let pk2 =
        ProvingKey::<TestAir, Bn254Poseidon2>::from_family_bytes(&pk.to_bytes(), airs(0)).unwrap();
    assert_eq!(vk2.digest(), vk.digest());
    let proof2 = prove(&pk2, &traces, &pvs).unwrap();
    verify(&vk2, &proof2, &pvs).unwrap();
}

#[test]
fn bn254_family_rejects_false_statements_and_altered_public_values() {
    let (pk, vk) = bn254_keys(&ProofParams::insecure_test_fast());
    let (traces, pvs) = witness();

    // A sender row whose y is not x² (and every cell consistent otherwise).
    let mut bad = traces.clone();
    bad[1].values[3 * 4 + 1] += Val::ONE;
    match prove_unchecked(&pk, &bad, &pvs) {
        Err(ProveError::Backend(_)) => {}
        Err(e) => panic!("unexpected prover error {e}"),
        Ok(proof) => assert!(matches!(
            verify(&vk, &proof, &pvs),
            Err(VerifyError::Rejected(_))
        )),
    }

    // An honest proof checked against another public value.
    let proof = prove(&pk, &traces, &pvs).unwrap();
    let mut other = pvs.clone();
    other[0][2] += Val::ONE;
    assert!(matches!(
        verify(&vk, &proof, &other),
        Err(VerifyError::Rejected(_))
    ));
}

#[test]
fn bn254_proof_bytes_flipped_are_rejected_without_panic() {
    let (pk, vk) = bn254_keys(&ProofParams::insecure_test_fast());
    let (traces, pvs) = witness();
    let payload = PROOF_FILE
        .open(&prove(&pk, &traces, &pvs).unwrap().to_bytes())
        .unwrap()
        .to_vec();
    let mut rejections = 0;
    let step = (payload.len() / 150).max(1);
    for pos in (0..payload.len()).step_by(step) {
        let mut bad = payload.clone();
        bad[pos] ^= 0x01;
        if let Ok(proof) = Proof::<Bn254Poseidon2>::from_family_bytes(&PROOF_FILE.seal(&bad)) {
            let err = verify(&vk, &proof, &pvs).expect_err("flipped proof verified");
            if let VerifyError::Shape(m) = &err {
                assert!(!m.contains("panicked"), "flip at payload byte {pos}: {m}");
            }
            rejections += 1;
        }
    }
    assert!(
        rejections > 50,
        "only {rejections} flips reached the verifier"
    );
}

#[test]
fn families_never_accept_each_others_keys_or_proofs() {
    let params = ProofParams::insecure_test_fast();
    let (pk_bn, vk_bn) = bn254_keys(&params);
    let (pk_bb, vk_bb) = keygen_with::<_, BabyBearPoseidon2>(airs(0), &params, &[]).unwrap();
    // The family is part of the key digest.
    assert_ne!(vk_bn.digest(), vk_bb.digest());

    // A key file of one family does not load as the other's.
    for result in [
        VerifyingKey::<TestAir, BabyBearPoseidon2>::from_family_bytes(&vk_bn.to_bytes(), airs(0))
            .err(),
        VerifyingKey::<TestAir, Bn254Poseidon2>::from_family_bytes(&vk_bb.to_bytes(), airs(0))
            .err(),
    ] {
        assert!(
            matches!(
                result,
                Some(FileError::KeyMismatch { .. } | FileError::Decode { .. })
            ),
            "{result:?}"
        );
    }

    // A proof of one family is not a proof of the other: it does not decode, or names
    // another key.
    let (traces, pvs) = witness();
    let bn_bytes = prove(&pk_bn, &traces, &pvs).unwrap().to_bytes();
    if let Ok(p) = Proof::<BabyBearPoseidon2>::from_family_bytes(&bn_bytes) {
        assert!(verify(&vk_bb, &p, &pvs).is_err());
    }
    let bb_bytes = prove(&pk_bb, &traces, &pvs).unwrap().to_bytes();
    if let Ok(p) = Proof::<Bn254Poseidon2>::from_family_bytes(&bb_bytes) {
        assert!(verify(&vk_bn, &p, &pvs).is_err());
    }
}

#[test]
fn bn254_security_uses_the_bn254_digest() {
    let params = ProofParams::production();
    let (_, vk_bn) = bn254_keys(&params);
    let (_, vk_bb) = keygen_with::<_, BabyBearPoseidon2>(airs(0), &params, &[]).unwrap();
    // Same FRI and AIRs: the same proven bits; the conjectured level is capped by each
    // family's digest collision resistance (123 vs 126 bits) or the FRI term below it.
    assert_eq!(vk_bn.security().proven_bits, vk_bb.security().proven_bits);
    assert!(vk_bn.security().conjectured_bits() >= vk_bb.security().conjectured_bits());
    assert!(vk_bn.security().conjectured_bits() <= 126.0);
}
