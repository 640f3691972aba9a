//! [`keygen_bound`]: the binding bytes are part of the key digest, travel in the key
//! files, and cannot be edited there.

use super::{airs, witness};
use crate::keys::{PROVING_KEY_FILE, VERIFYING_KEY_FILE};
use crate::{
    FileError, Proof, ProofParams, ProvingKey, VerifyError, VerifyingKey, keygen, keygen_bound,
    prove, verify,
};

const BINDING_A: &[u8] = b"program A: entry 0x1000, root 1234";
const BINDING_B: &[u8] = b"program B: entry 0x1004, root 1234";

/// `bytes` with the first occurrence of `from` replaced by `to` (same length).
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("the binding is stored in the file");
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn the_binding_is_covered_by_the_digest_and_the_transcript() {
    let params = ProofParams::insecure_test_fast();
    let (_, vk_plain) = keygen(airs(0), &params).unwrap();
    let (pk_a, vk_a) = keygen_bound(airs(0), &params, BINDING_A).unwrap();
    let (_, vk_b) = keygen_bound(airs(0), &params, BINDING_B).unwrap();
    assert_eq!(vk_a.binding(), BINDING_A);
    assert_eq!(pk_a.binding(), BINDING_A);
    assert!(vk_plain.binding().is_empty());
    assert_ne!(vk_a.digest(), vk_b.digest());
    assert_ne!(vk_a.digest(), vk_plain.digest());

    let (traces, pvs) = witness();
    let proof = prove(&pk_a, &traces, &pvs).unwrap();
    verify(&vk_a, &proof, &pvs).unwrap();
    assert!(matches!(
        verify(&vk_b, &proof, &pvs),
        Err(VerifyError::KeyMismatch { .. })
    ));
    // The same proof relabelled with B's digest: the transcript differs.
    let payload = crate::PROOF_FILE.open(&proof.to_bytes()).unwrap().to_vec();
    let mut forged = payload;
    forged[..32].copy_from_slice(&vk_b.digest());
    let forged = Proof::from_bytes(&crate::PROOF_FILE.seal(&forged)).unwrap();
    assert!(matches!(
        verify(&vk_b, &forged, &pvs),
        Err(VerifyError::Rejected(_))
    ));
}

#[test]
fn key_files_keep_the_binding_and_reject_an_edited_one() {
    let params = ProofParams::insecure_test_fast();
    let (pk, vk) = keygen_bound(airs(0), &params, BINDING_A).unwrap();
    let loaded = VerifyingKey::from_bytes(&vk.to_bytes(), airs(0)).unwrap();
    assert_eq!(loaded.binding(), BINDING_A);
    assert_eq!(loaded.digest(), vk.digest());
    let loaded = ProvingKey::from_bytes(&pk.to_bytes(), airs(0)).unwrap();
    assert_eq!(loaded.binding(), BINDING_A);
    assert_eq!(loaded.digest(), pk.digest());

    // Another binding written into the file (checksum redone): the digest no longer matches.
    for (kind, bytes) in [
        (VERIFYING_KEY_FILE, vk.to_bytes()),
        (PROVING_KEY_FILE, pk.to_bytes()),
    ] {
        let payload = kind.open(&bytes).unwrap();
        let edited = kind.seal(&replace(payload, BINDING_A, BINDING_B));
        let err = if kind.magic == VERIFYING_KEY_FILE.magic {
            VerifyingKey::from_bytes(&edited, airs(0)).err()
        } else {
            ProvingKey::from_bytes(&edited, airs(0)).err()
        };
        assert!(
            matches!(err, Some(FileError::KeyMismatch { .. })),
            "{}: {err:?}",
            kind.name
        );
    }
}
