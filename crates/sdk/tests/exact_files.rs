//! Every file decodes exactly: one value, every payload byte used. A
//! payload with bytes appended and sealed again (valid checksum) is
//! refused, naming the trailing bytes — at every level: the SDK file, and
//! the STARK key or proof nested in it.

use std::path::Path;
use std::sync::OnceLock;
use trellis_isa::container::FileKind;
use trellis_sdk::build::build_example;
use trellis_sdk::proving::{
    KeyPayload, PROOF_FILE, PROVING_KEY_FILE, ProofPayload, SEGMENT_PROOF_FILE, VERIFYING_KEY_FILE,
    segment_proof_from_bytes, segment_proof_to_bytes,
};
use trellis_sdk::{
    Program, ProofParams, ProveOptions, ProvingKey, Trellis, TrellisProof, VerifyingKey,
};

struct Proven {
    trellis: Trellis,
    program: Program,
    vk: VerifyingKey,
    pk: ProvingKey,
    proof: TrellisProof,
}

fn proven() -> &'static Proven {
    static PROVEN: OnceLock<Proven> = OnceLock::new();
    PROVEN.get_or_init(|| {
        let trellis = Trellis::rv32im();
        let program = trellis
            .load_program(&build_example("fibonacci").unwrap())
            .unwrap();
        let (pk, vk) = trellis
            .keygen(&program, &ProofParams::insecure_test_fast())
            .unwrap();
        let (_, proof) = trellis
            .prove(
                &pk,
                &program,
                &10u32.to_le_bytes(),
                &ProveOptions::default(),
                &|_| {},
            )
            .unwrap();
        Proven {
            trellis,
            program,
            vk,
            pk,
            proof,
        }
    })
}

/// `file` with `extra` appended to its payload, sealed again.
fn append(kind: FileKind, file: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut payload = kind.open(file).expect("the honest file opens").to_vec();
    payload.extend_from_slice(extra);
    kind.seal(&payload)
}

/// A key file whose nested STARK key payload has `extra` appended.
fn append_nested_key(kind: FileKind, stark: FileKind, file: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut payload: KeyPayload = postcard::from_bytes(kind.open(file).unwrap()).unwrap();
    payload.stark = append(stark, &payload.stark, extra);
    kind.seal(&postcard::to_allocvec(&payload).unwrap())
}

fn error<T>(result: Result<T, trellis_sdk::SdkError>) -> String {
    match result {
        Ok(_) => panic!("a file with trailing bytes was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn proof_files_with_trailing_bytes_are_refused_at_every_level() {
    let p = proven();
    let file = p.proof.to_bytes();
    let path = Path::new("run.proof");
    let err = error(TrellisProof::from_bytes(
        &append(PROOF_FILE, &file, &[0; 3]),
        path,
    ));
    assert!(
        err.starts_with("run.proof: Trellis proof file: 3 trailing bytes after the proof"),
        "{err}"
    );

    let mut payload: ProofPayload = postcard::from_bytes(PROOF_FILE.open(&file).unwrap()).unwrap();
    let stark = &mut payload.segments[0].stark;
    *stark = append(trellis_stark::PROOF_FILE, stark, &[7]);
    let nested = PROOF_FILE.seal(&postcard::to_allocvec(&payload).unwrap());
    let err = error(TrellisProof::from_bytes(&nested, path));
    assert!(
        err.starts_with(
            "run.proof: segment 0's STARK proof: Trellis proof file: 1 trailing byte after the proof"
        ),
        "{err}"
    );

    // A segment proof file (a prover's work directory) too.
    let segment = segment_proof_to_bytes(&p.proof.segments[0]);
    let err = error(segment_proof_from_bytes(
        &append(SEGMENT_PROOF_FILE, &segment, &[1, 2]),
        Path::new("segment-0"),
    ));
    assert!(
        err.contains("2 trailing bytes after the segment proof"),
        "{err}"
    );

    // The honest files still verify.
    let again = TrellisProof::from_bytes(&file, path).unwrap();
    p.trellis.verify(&p.vk, &again).unwrap();
}

#[test]
fn key_files_with_trailing_bytes_are_refused_at_every_level() {
    let p = proven();
    let vm = p.trellis.vm();
    let path = Path::new("k");
    let vk = p.vk.to_bytes();
    let err = error(VerifyingKey::from_bytes(
        vm,
        &append(VERIFYING_KEY_FILE, &vk, &[0]),
        path,
    ));
    assert!(
        err.starts_with("k: Trellis verifying key file: 1 trailing byte after the verifying key"),
        "{err}"
    );
    let nested = append_nested_key(
        VERIFYING_KEY_FILE,
        trellis_stark::VERIFYING_KEY_FILE,
        &vk,
        &[0, 0],
    );
    let err = error(VerifyingKey::from_bytes(vm, &nested, path));
    assert!(err.contains("2 trailing bytes after the key"), "{err}");

    let pk = p.pk.to_bytes();
    let err = error(ProvingKey::from_bytes(
        vm,
        &p.program,
        &append(PROVING_KEY_FILE, &pk, &[9; 4]),
        path,
    ));
    assert!(
        err.contains("4 trailing bytes after the proving key"),
        "{err}"
    );
    let nested = append_nested_key(PROVING_KEY_FILE, trellis_stark::PROVING_KEY_FILE, &pk, &[0]);
    let err = error(ProvingKey::from_bytes(vm, &p.program, &nested, path));
    assert!(err.contains("1 trailing byte after the key"), "{err}");

    // The honest files still load.
    VerifyingKey::from_bytes(vm, &vk, path).unwrap();
    ProvingKey::from_bytes(vm, &p.program, &pk, path).unwrap();
}

#[test]
fn program_files_with_trailing_bytes_are_refused() {
    let p = proven();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fib.trellis");
    let bytes = append(
        trellis_isa::program_file::PROGRAM_FILE,
        &p.program.to_file_bytes(),
        &[0; 5],
    );
    std::fs::write(&file, bytes).unwrap();
    let err = error(p.trellis.load_program(&file));
    assert!(err.contains("5 trailing bytes after the program"), "{err}");
}
