//! Resuming a proof from its work directory trusts nothing found there: a
//! checkpoint re-sealed with a changed pc, register, memory byte or input
//! position (its checksum is right) is detected against the run itself and
//! redone, and the finished proof is the honest one. Guest:
//! `examples/misbehave` (mode 0: honest work).

use std::path::Path;
use std::sync::{Mutex, OnceLock};
use trellis_sdk::build::build_example;
use trellis_sdk::prover::remove_work_dir;
use trellis_sdk::{
    ExecError, ProofParams, ProveEvent, ProveOptions, ProveReport, ProvingKey, SdkError, Trellis,
    TrellisProof, VerifyingKey,
};
use trellis_vm::segment::MachineState;

struct Setup {
    trellis: Trellis,
    program: trellis_sdk::Program,
    pk: ProvingKey,
    vk: VerifyingKey,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let trellis = Trellis::rv32im();
        let elf = build_example("misbehave").unwrap();
        let program = trellis.load_program(&elf).unwrap();
        let (pk, vk) = trellis
            .keygen(&program, &ProofParams::insecure_test_fast())
            .unwrap();
        Setup {
            trellis,
            program,
            pk,
            vk,
        }
    })
}

fn input(mode: u32, amount: u32) -> Vec<u8> {
    [mode.to_le_bytes(), amount.to_le_bytes()].concat()
}

/// Proves with the work directory `dir` (kept afterwards); returns the
/// report, the proof and every event.
fn prove(
    dir: &Path,
    input: &[u8],
) -> (
    Result<(ProveReport, TrellisProof), SdkError>,
    Vec<ProveEvent>,
) {
    let s = setup();
    let options = ProveOptions {
        max_segment_cycles: 8192,
        work_dir: Some(dir.into()),
        ..ProveOptions::default()
    };
    let events = Mutex::new(Vec::new());
    let result = s.trellis.prove(&s.pk, &s.program, input, &options, &|e| {
        events.lock().unwrap().push(e)
    });
    (result, events.into_inner().unwrap())
}

fn discarded(events: &[ProveEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            ProveEvent::Discarded { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect()
}

fn checkpoint(dir: &Path, segment: u32) -> std::path::PathBuf {
    dir.join(format!("checkpoint-{segment:05}.bin"))
}

#[test]
fn a_tampered_checkpoint_is_detected_and_redone() {
    let s = setup();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("work");
    let input = input(0, 9000);
    let (first, _) = prove(&dir, &input);
    let (report, honest) = first.unwrap();
    assert!(report.segments >= 6, "{report:?}");
    let path = checkpoint(&dir, 3);
    let genuine = std::fs::read(&path).unwrap();
    type Tamper = fn(&mut MachineState);
    let tampers: [(&str, Tamper); 4] = [
        ("pc", |s| s.pc += 4),
        ("registers", |s| s.registers[10] ^= 1),
        ("memory", |s| {
            let (base, page) = s.memory.pages().last().unwrap();
            let byte = page[100];
            s.memory.write_u8(base + 100, byte ^ 0x10);
        }),
        ("input position", |s| s.input_position -= 4),
    ];
    for (what, tamper) in tampers {
        let mut state = MachineState::from_bytes(&genuine).unwrap();
        tamper(&mut state);
        std::fs::write(&path, state.to_bytes()).unwrap(); // re-sealed: checksum right
        let (again, events) = prove(&dir, &input);
        let (report, proof) = again.unwrap_or_else(|e| panic!("{what}: {e}"));
        let reasons = discarded(&events);
        let expected = format!("checkpoint of segment 3: its {what} differs");
        assert!(
            reasons.iter().any(|r| r.contains(&expected)),
            "{what}: {reasons:?}"
        );
        // Every finished proof was still good: nothing was proven again.
        assert_eq!(report.reused, report.segments, "{what}");
        assert_eq!(proof.claim, honest.claim);
        s.trellis.verify(&s.vk, &proof).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), genuine, "{what}: redone");
    }
    // A checkpoint the run never reaches is dropped too.
    let mut far = MachineState::from_bytes(&genuine).unwrap();
    far.segment = 90;
    far.cycles = 1 << 40;
    std::fs::write(checkpoint(&dir, 90), far.to_bytes()).unwrap();
    let (again, events) = prove(&dir, &input);
    again.unwrap();
    assert!(
        discarded(&events)
            .iter()
            .any(|r| r.contains("segment 90: the run never reaches it")),
        "{events:?}"
    );
    assert!(!checkpoint(&dir, 90).exists());
    remove_work_dir(&dir).unwrap();
    assert!(!dir.exists());
}

#[test]
fn a_fault_is_reported_before_anything_is_traced_or_proven() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("work");
    let (result, events) = prove(&dir, &input(3, 20_000));
    match result {
        Err(SdkError::Exec(ExecError::MemoryOutOfBounds { addr, .. })) => {
            assert_eq!(addr, 0x2000_0000)
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a faulting run was proven"),
    }
    for event in &events {
        assert!(
            matches!(
                event,
                ProveEvent::WorkDir { .. } | ProveEvent::Executing { .. }
            ),
            "work before the fault was known: {event:?}"
        );
    }
    assert!(!dir.exists(), "an unused work directory is left");
}

#[test]
fn prove_to_file_removes_the_work_directory_only_after_the_proof_is_stored() {
    let s = setup();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("work");
    let output = work.path().join("proof");
    let options = ProveOptions {
        max_segment_cycles: 8192,
        work_dir: Some(dir.clone()),
        ..ProveOptions::default()
    };
    let (report, bytes) = s
        .trellis
        .prove_to_file(
            &s.pk,
            &s.program,
            &input(0, 3000),
            &options,
            &output,
            &|_| {},
        )
        .unwrap();
    assert!(report.segments >= 2);
    assert_eq!(std::fs::read(&output).unwrap(), bytes);
    assert!(!dir.exists());
    let proof = TrellisProof::from_bytes(&bytes, &output).unwrap();
    s.trellis.verify(&s.vk, &proof).unwrap();
}
