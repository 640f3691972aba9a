//! The chain key file (version 2): what is written is read back, and a damaged file is an
//! error that names it, never a panic. A toy circuit's Groth16 keys stand in for the
//! chain circuit's (the layout does not depend on their size).

use std::path::Path;

use ark_relations::lc;
use ark_relations::r1cs::{ConstraintSystem, OptimizationGoal};
use ark_std::rand::SeedableRng;
use ark_std::rand::rngs::StdRng;
use trellis_evm::chain::ChainKeys;
use trellis_evm::chain::setup::setup_from_matrices;
use trellis_isa::container::HEADER_LEN;
use trellis_sdk::chain::{CHAIN_KEY_FILE, ChainKey};
use trellis_snark::Fr;

fn toy_key() -> ChainKey {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    let z = cs.new_input_variable(|| Ok(Fr::from(6u64))).unwrap();
    let x = cs.new_witness_variable(|| Ok(Fr::from(2u64))).unwrap();
    let y = cs.new_witness_variable(|| Ok(Fr::from(3u64))).unwrap();
    cs.enforce_constraint(lc!() + x, lc!() + y, lc!() + z)
        .unwrap();
    cs.finalize();
    let matrices = cs.to_matrices().unwrap();
    let pk = setup_from_matrices(&matrices, &mut StdRng::seed_from_u64(3)).unwrap();
    ChainKey {
        root_vk_digest: [1; 32],
        keys_root: [2; 8],
        root_log_heights: vec![3, 4, 5],
        layer_vk_digest: [6; 32],
        keys: ChainKeys {
            vk: pk.vk.clone(),
            pk,
            matrices,
        },
    }
}

#[test]
fn a_chain_key_file_reads_back_and_damage_is_an_error() {
    let path = Path::new("toy.chainkey");
    let key = toy_key();
    let bytes = key.to_bytes().unwrap();
    let back = ChainKey::from_bytes(&bytes, path).unwrap();
    assert_eq!(back.root_vk_digest, key.root_vk_digest);
    assert_eq!(back.keys_root, key.keys_root);
    assert_eq!(back.root_log_heights, key.root_log_heights);
    assert_eq!(back.layer_vk_digest, key.layer_vk_digest);
    assert_eq!(back.keys.vk, key.keys.vk);
    assert_eq!(back.keys.pk, key.keys.pk);
    assert_eq!(back.keys.matrices, key.keys.matrices);
    assert_eq!(back.to_bytes().unwrap(), bytes, "the encoding is canonical");

    for cut in (0..bytes.len()).step_by(7) {
        let err = ChainKey::from_bytes(&bytes[..cut], path)
            .err()
            .expect("truncated");
        assert!(err.to_string().contains("toy.chainkey"), "{err}");
    }
    let mut flipped = bytes.clone();
    flipped[HEADER_LEN + 40] ^= 1;
    assert!(ChainKey::from_bytes(&flipped, path).is_err());

    // Sealed again (a valid digest), the payload with a byte more or a part cut short.
    let payload = &bytes[HEADER_LEN..];
    let mut longer = payload.to_vec();
    longer.push(0);
    let err = ChainKey::from_bytes(&CHAIN_KEY_FILE.seal(&longer), path)
        .err()
        .expect("a byte past the parts");
    assert!(err.to_string().contains("do not fill"), "{err}");
    let shorter = &payload[..payload.len() - 1];
    assert!(ChainKey::from_bytes(&CHAIN_KEY_FILE.seal(shorter), path).is_err());
    // Every sealed one-byte change of the head or the keys is refused or read as another
    // key, never a panic.
    for i in 0..payload.len().min(600) {
        let mut changed = payload.to_vec();
        changed[i] ^= 0x41;
        if let Ok(other) = ChainKey::from_bytes(&CHAIN_KEY_FILE.seal(&changed), path) {
            assert!(
                other.to_bytes().unwrap() != bytes,
                "byte {i} changed nothing"
            );
        }
    }
}

#[test]
fn what_a_key_file_is_for_reads_from_its_head_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("toy.chainkey");
    let key = toy_key();
    let bytes = key.to_bytes().unwrap();
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(ChainKey::read_info(&path).unwrap(), key.info());

    // The head alone is enough: the parts after it may be missing or damaged (reading
    // the whole key checks them).
    // (The head is about 90 bytes here: two digests, eight small words, three heights
    // and three lengths; the Groth16 verifying key follows it.)
    let through_head = HEADER_LEN + 120;
    assert!(bytes.len() > through_head + 200);
    std::fs::write(&path, &bytes[..through_head]).unwrap();
    assert_eq!(ChainKey::read_info(&path).unwrap(), key.info());

    // A head cut short, another kind of file, another version, no file: errors naming it.
    let cut_short = &bytes[..HEADER_LEN + 20];
    let mut other_magic = bytes.clone();
    other_magic[0] ^= 1;
    let mut other_version = bytes.clone();
    other_version[8] ^= 1;
    for (what, contents) in [
        ("a cut head", Some(cut_short)),
        ("another magic", Some(&other_magic[..])),
        ("another version", Some(&other_version[..])),
        ("no file", None),
    ] {
        match contents {
            Some(c) => std::fs::write(&path, c).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        let err = ChainKey::read_info(&path).expect_err(what);
        assert!(err.to_string().contains("toy.chainkey"), "{what}: {err}");
    }
}
