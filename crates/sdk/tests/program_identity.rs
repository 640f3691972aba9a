//! Issue #10 items 1.3–1.5, each as the attack it closes:
//!
//! * claim values that alias mod p (`final_pc + p`) are rejected before the
//!   STARK, by the SDK verifier and by `verify_chain`;
//! * keygen refuses exactly the programs loading refuses (code above 2^29,
//!   a hand-made ALU instruction writing `x0`), with the same error;
//! * the program id covers the entry pc and the initial memory: programs
//!   that differ only there get other ids, proofs do not cross, and a key
//!   file whose bound entry pc or root was edited does not load.

use std::path::Path;
use std::sync::OnceLock;
use trellis_isa::rv32im::BaseAluOpcode;
use trellis_isa::{Instruction, OpcodeClass, Program};
use trellis_sdk::build::build_example;
use trellis_sdk::proving::{PROVING_KEY_FILE, VERIFYING_KEY_FILE};
use trellis_sdk::{
    ProgramBinding, ProofParams, ProveOptions, ProvingKey, SdkError, Trellis, TrellisProof,
    VerifyingKey,
};
use trellis_stark::FIELD_CHARACTERISTIC;
use trellis_vm::segment::{ChainError, verify_chain};

const P: u32 = FIELD_CHARACTERISTIC as u32;

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(Trellis::rv32im)
}

fn fibonacci() -> Program {
    let elf = build_example("fibonacci").unwrap();
    trellis().load_program(&elf).unwrap()
}

/// A fibonacci run proven in at least three segments, and its key.
fn proven() -> &'static (VerifyingKey, TrellisProof) {
    static PROVEN: OnceLock<(VerifyingKey, TrellisProof)> = OnceLock::new();
    PROVEN.get_or_init(|| {
        let program = fibonacci();
        let (pk, vk) = trellis()
            .keygen(&program, &ProofParams::insecure_test_fast())
            .unwrap();
        let options = ProveOptions {
            max_segment_cycles: 512,
            ..ProveOptions::default()
        };
        let (_, proof) = trellis()
            .prove(&pk, &program, &300u32.to_le_bytes(), &options, &|_| {})
            .unwrap();
        assert!(
            proof.segments.len() >= 3,
            "{} segments",
            proof.segments.len()
        );
        trellis().verify(&vk, &proof).unwrap();
        (vk, proof)
    })
}

/// A copy of the proof (through its file encoding).
fn copy(proof: &TrellisProof) -> TrellisProof {
    TrellisProof::from_bytes(&proof.to_bytes(), Path::new("proof")).unwrap()
}

fn rejection(vk: &VerifyingKey, proof: &TrellisProof) -> String {
    match trellis().verify(vk, proof) {
        Ok(claim) => panic!("accepted, claiming {claim:?}"),
        Err(e) => e.to_string(),
    }
}

// 1.3: canonical claims.

#[test]
fn a_final_pc_aliased_mod_p_is_rejected() {
    let (vk, proof) = proven();
    let mut bad = copy(proof);
    let honest = bad.claim.final_pc;
    bad.claim.final_pc += P;
    bad.segments.last_mut().unwrap().claim.final_pc += P;
    let err = rejection(vk, &bad);
    assert!(
        err.contains(&format!("final pc {:#x} is not below 2^30", honest + P)),
        "{err}"
    );
    // The last segment's claim alone: its own check fires, before its STARK.
    let mut bad = copy(proof);
    let last = bad.segments.len() - 1;
    bad.segments[last].claim.final_pc += P;
    let err = rejection(vk, &bad);
    assert!(
        err.contains(&format!("segment {last}: claim rejected")) && err.contains("2^30"),
        "{err}"
    );
}

#[test]
fn aliased_boundaries_between_segments_are_rejected() {
    let (vk, proof) = proven();
    // Segment 0 ends, and segment 1 starts, at pc + p: the chain's raw
    // comparison would match, the public values too.
    let mut bad = copy(proof);
    bad.segments[0].claim.final_pc += P;
    bad.segments[1].claim.entry_pc += P;
    let err = rejection(vk, &bad);
    assert!(
        err.contains("segment 0") && err.contains("not below 2^30"),
        "{err}"
    );
    // A memory root element + p between segments 0 and 1.
    let mut bad = copy(proof);
    bad.segments[0].claim.segment.as_mut().unwrap().final_root[2] += P;
    bad.segments[1].claim.segment.as_mut().unwrap().initial_root[2] += P;
    let err = rejection(vk, &bad);
    assert!(err.contains("not a canonical field element"), "{err}");
    // verify_chain itself rejects them too.
    let claims: Vec<_> = bad.segments.iter().map(|s| &s.claim).collect();
    assert!(matches!(
        verify_chain(vk.entry_pc(), vk.initial_root(), &claims),
        Err(ChainError::NonCanonical { index: 0, .. })
    ));
}

// 1.4: keygen runs the load-time checks.

/// Asserts that keygen refuses `program` with the error loading gives.
fn assert_keygen_refuses_like_loading(program: &Program, needle: &str) {
    let load = trellis().prepare(program).unwrap_err();
    let keygen = trellis()
        .keygen(program, &ProofParams::insecure_test_fast())
        .err()
        .expect("keygen made a key for a program the VM refuses");
    assert!(matches!(keygen, SdkError::PreDecode(_)), "{keygen:?}");
    assert_eq!(keygen.to_string(), load.to_string());
    assert!(load.to_string().contains(needle), "{load}");
}

#[test]
fn keygen_refuses_code_above_2_pow_29() {
    let mut program = fibonacci();
    let shift = (1u32 << 29) - program.pc_base;
    program.pc_base += shift;
    program.entry_pc += shift;
    program.validate().unwrap();
    assert_keygen_refuses_like_loading(&program, "lies outside guest memory");
}

#[test]
fn keygen_refuses_an_alu_instruction_writing_x0() {
    let mut program = fibonacci();
    let add_x0 = Instruction::from_u32s(BaseAluOpcode::Add.global(), [0, 20, 20, 1, 1, 0, 0]);
    let at = program.instructions.len() - 1;
    program.instructions.insert(at, add_x0);
    assert_keygen_refuses_like_loading(&program, "writes x0");
    // A proving key file loaded for that program is refused the same way.
    let (pk, _) = trellis()
        .keygen(&fibonacci(), &ProofParams::insecure_test_fast())
        .unwrap();
    let err = ProvingKey::from_bytes(trellis().vm(), &program, &pk.to_bytes(), Path::new("pk"))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("writes x0"), "{err}");
}

// 1.5: one program identity.

#[test]
fn entry_pc_and_initial_memory_are_part_of_the_program_id() {
    let (vk, proof) = proven();
    let program = fibonacci();
    let mut other_image = program.clone();
    let segment = other_image
        .memory_image
        .iter_mut()
        .find(|s| !s.bytes.is_empty())
        .unwrap();
    *segment.bytes.last_mut().unwrap() ^= 1;
    let mut other_entry = program.clone();
    other_entry.entry_pc += 4;
    let params = ProofParams::insecure_test_fast();
    for (what, other) in [("image", other_image), ("entry pc", other_entry)] {
        assert_eq!(other.instructions, program.instructions);
        let (_, other_vk) = trellis().keygen(&other, &params).unwrap();
        assert_ne!(other_vk.program_id(), vk.program_id(), "{what}");
        // A proof of the one program under the other's key: rejected by id...
        let err = rejection(&other_vk, proof);
        assert!(err.contains("is for program"), "{what}: {err}");
        // ...and, relabelled with the other id, by the STARK (the id seeds
        // the transcript and is the key digest the segment proofs name).
        let mut relabelled = copy(proof);
        relabelled.program_id = other_vk.program_id();
        relabelled.claim.entry_pc = other_vk.entry_pc();
        relabelled.segments[0].claim.entry_pc = other_vk.entry_pc();
        let err = rejection(&other_vk, &relabelled);
        assert!(err.contains("segment 0"), "{what}: {err}");
    }
    // Same program, same parameters: same id, printed as 64 hex digits.
    let (_, again) = trellis().keygen(&program, &params).unwrap();
    assert_eq!(again.program_id(), vk.program_id());
    assert_eq!(proof.program_id, vk.program_id());
    assert_eq!(vk.program_id().to_string().len(), 64);
}

/// `bytes` with `from` (which must occur) replaced by `to` of the same length.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("the binding is stored in the key file");
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

/// The payload of an SDK key file (docs/proving.md, "Files").
#[derive(serde::Serialize, serde::Deserialize)]
struct KeyPayload {
    extensions: Vec<String>,
    stark: Vec<u8>,
}

/// What an attacker does to a key file: opens both envelopes, replaces the
/// binding bytes `from` by `to`, and seals both again (valid checksums).
fn edit_key_file(
    file: &[u8],
    sdk_kind: trellis_isa::container::FileKind,
    stark_kind: trellis_isa::container::FileKind,
    from: &[u8],
    to: &[u8],
) -> Vec<u8> {
    let mut payload: KeyPayload = postcard::from_bytes(sdk_kind.open(file).unwrap()).unwrap();
    let stark = stark_kind.open(&payload.stark).unwrap();
    payload.stark = stark_kind.seal(&replace(stark, from, to));
    sdk_kind.seal(&postcard::to_allocvec(&payload).unwrap())
}

#[test]
fn key_files_with_an_edited_entry_pc_or_root_are_rejected() {
    let program = fibonacci();
    let (pk, vk) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let honest = vk.binding().clone();
    assert_eq!(honest, trellis().vm().program_binding(&program));
    let mut moved = honest.clone();
    moved.entry_pc += 4;
    let mut other_root = honest.clone();
    other_root.initial_root[0] ^= 1;
    for edited in [moved, other_root] {
        let (from, to) = (honest.to_bytes(), edited.to_bytes());
        let vk_file = edit_key_file(
            &vk.to_bytes(),
            VERIFYING_KEY_FILE,
            trellis_stark::VERIFYING_KEY_FILE,
            &from,
            &to,
        );
        let err = VerifyingKey::from_bytes(trellis().vm(), &vk_file, Path::new("edited.vk"))
            .err()
            .expect("an edited verifying key loaded");
        assert!(err.to_string().contains("content was edited"), "{err}");
        let pk_file = edit_key_file(
            &pk.to_bytes(),
            PROVING_KEY_FILE,
            trellis_stark::PROVING_KEY_FILE,
            &from,
            &to,
        );
        let err = ProvingKey::from_bytes(trellis().vm(), &program, &pk_file, Path::new("e.pk"))
            .err()
            .expect("an edited proving key loaded");
        assert!(err.to_string().contains("content was edited"), "{err}");
    }
    // The binding round-trips through the files unchanged.
    let loaded = VerifyingKey::from_bytes(trellis().vm(), &vk.to_bytes(), Path::new("vk")).unwrap();
    assert_eq!(loaded.binding(), &honest);
    assert_eq!(loaded.program_id(), vk.program_id());
    assert_eq!(ProgramBinding::from_bytes(&honest.to_bytes()), Ok(honest));
}
