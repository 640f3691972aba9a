//! Continuations at the VM level: a real guest cut into many segments, each
//! proven, the chain verified; any dropped, reordered, duplicated or
//! replaced segment, or altered boundary root, rejected.

use std::sync::OnceLock;
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, ProofParams, Trellis};
use trellis_vm::memory_tree::MemoryTree;
use trellis_vm::segment::prove::{initial_memory_root, segment_claim};
use trellis_vm::segment::{
    ChainError, MachineState, SegmentEnd, SegmentLimits, SegmentProof, SegmentSizer, verify_chain,
};

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(Trellis::rv32im)
}

struct Proven {
    entry_pc: u32,
    initial_root: [u32; 8],
    vk: trellis_stark::VerifyingKey<trellis_stark::DynAir>,
    segments: Vec<SegmentProof>,
    exit_code: u32,
    public_output: Vec<u8>,
}

/// Proves `example` on `input` in segments of at most `max_cycles` instructions.
fn prove_in_segments(example: &str, input: &[u8], max_cycles: u64) -> Proven {
    let elf = build_example(example).unwrap();
    let program = trellis().load_program(&elf).unwrap();
    let vm = trellis().vm();
    let loaded = vm.load(&program).unwrap();
    let (pk, vk) = vm
        .segment_keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let limits = SegmentLimits {
        max_cycles,
        ..SegmentLimits::default()
    };
    let mut sizer = SegmentSizer::new(vm, &program, limits);
    let mut state = MachineState::initial(&program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let mut segments = Vec::new();
    let whole = trellis()
        .execute(&program, input.to_vec(), &ExecOptions::default())
        .unwrap();
    loop {
        let run = vm
            .execute_segment(
                &loaded,
                state,
                input,
                &mut tree,
                &mut sizer,
                &ExecOptions::default(),
            )
            .unwrap();
        assert!(run.trace.steps.len() as u64 <= max_cycles);
        let proof = vm.prove_segment(&pk, &program, &run.trace).unwrap();
        assert_eq!(proof.claim, segment_claim(&run.trace));
        segments.push(proof);
        match run.end {
            SegmentEnd::Continue(next) => {
                state = *next;
                sizer = SegmentSizer::new(vm, &program, limits);
            }
            SegmentEnd::Exit => break,
        }
    }
    Proven {
        entry_pc: program.entry_pc,
        initial_root: initial_memory_root(&program),
        vk,
        segments,
        exit_code: whole.exit_code,
        public_output: whole.public_output,
    }
}

fn verify(p: &Proven, segments: &[&SegmentProof]) -> Result<trellis_sdk::Claim, String> {
    for s in segments {
        trellis()
            .vm()
            .verify_segment(&p.vk, s)
            .map_err(|e| e.to_string())?;
    }
    let claims: Vec<_> = segments.iter().map(|s| &s.claim).collect();
    verify_chain(p.entry_pc, p.initial_root, &claims).map_err(|e| e.to_string())
}

#[test]
fn a_run_of_many_segments_proves_and_verifies() {
    let p = prove_in_segments("fibonacci", &12_000u32.to_le_bytes(), 4096);
    assert!(p.segments.len() >= 10, "{} segments", p.segments.len());
    let all: Vec<&SegmentProof> = p.segments.iter().collect();
    let claim = verify(&p, &all).unwrap();
    assert_eq!(claim.exit_code, p.exit_code);
    assert_eq!(claim.public_output, p.public_output);

    let n = all.len();
    let mut dropped = all.clone();
    dropped.remove(n / 2);
    assert!(verify(&p, &dropped).is_err(), "dropped");
    let mut last_dropped = all.clone();
    last_dropped.pop();
    assert!(
        verify(&p, &last_dropped)
            .unwrap_err()
            .contains("incomplete")
    );
    let mut first_dropped = all.clone();
    first_dropped.remove(0);
    assert!(verify(&p, &first_dropped).is_err(), "first dropped");
    let mut swapped = all.clone();
    swapped.swap(3, 4);
    assert!(verify(&p, &swapped).is_err(), "reordered");
    let mut duplicated = all.clone();
    duplicated.insert(5, all[5]);
    assert!(verify(&p, &duplicated).is_err(), "duplicated");
    let mut replaced = all.clone();
    replaced[6] = all[2];
    assert!(verify(&p, &replaced).is_err(), "replaced");
}

#[test]
fn altered_boundary_roots_and_pcs_are_rejected() {
    let p = prove_in_segments("fibonacci", &3000u32.to_le_bytes(), 4096);
    assert!(p.segments.len() >= 3);
    let vm = trellis().vm();
    let target = &p.segments[1];
    // Every claimed boundary value is a public value of the STARK proof.
    let mut alterations = Vec::new();
    for word in 0..8 {
        let mut claim = target.claim.clone();
        claim.segment.as_mut().unwrap().initial_root[word] ^= 1;
        alterations.push(claim);
        let mut claim = target.claim.clone();
        claim.segment.as_mut().unwrap().final_root[word] ^= 1;
        alterations.push(claim);
    }
    let mut claim = target.claim.clone();
    claim.entry_pc += 4;
    alterations.push(claim);
    let mut claim = target.claim.clone();
    claim.final_pc += 4;
    alterations.push(claim);
    let mut claim = target.claim.clone();
    claim.segment.as_mut().unwrap().terminated = true;
    alterations.push(claim);
    for claim in alterations {
        let bytes = postcard::to_allocvec(target).unwrap();
        let mut altered: SegmentProof = postcard::from_bytes(&bytes).unwrap();
        altered.claim = claim.clone();
        assert!(vm.verify_segment(&p.vk, &altered).is_err(), "{claim:?}");
    }
    // A chain whose first root is not the program's image.
    let claims: Vec<_> = p.segments.iter().map(|s| &s.claim).collect();
    let mut wrong_root = p.initial_root;
    wrong_root[0] ^= 1;
    assert_eq!(
        verify_chain(p.entry_pc, wrong_root, &claims),
        Err(ChainError::WrongInitialMemory)
    );
    assert!(matches!(
        verify_chain(p.entry_pc + 4, p.initial_root, &claims),
        Err(ChainError::WrongEntry { .. })
    ));
}

#[test]
fn memory_heavy_guest_carries_memory_across_segments() {
    // sort writes and reads back a heap buffer across many segments.
    let p = prove_in_segments("sort", &300u32.to_le_bytes(), 8192);
    assert!(p.segments.len() >= 3, "{} segments", p.segments.len());
    let all: Vec<&SegmentProof> = p.segments.iter().collect();
    let claim = verify(&p, &all).unwrap();
    assert_eq!(claim.exit_code, p.exit_code);
    assert_eq!(claim.public_output, p.public_output);
}

#[test]
fn segments_together_may_not_reveal_more_than_a_run() {
    let p = prove_in_segments("fibonacci", &3000u32.to_le_bytes(), 4096);
    assert!(p.segments.len() >= 2);
    let mut claims: Vec<trellis_sdk::Claim> = p.segments.iter().map(|s| s.claim.clone()).collect();
    claims[0].public_output = vec![1; 600];
    claims[1].public_output = vec![2; 600];
    let refs: Vec<_> = claims.iter().collect();
    assert_eq!(
        verify_chain(p.entry_pc, p.initial_root, &refs),
        Err(ChainError::OutputTooLarge {
            total: 1200,
            limit: 1024
        })
    );
}

/// The execute-ahead pass stops exactly where segment execution cuts: its
/// snapshot at each boundary is the checkpoint the segment executor writes
/// (the prover compares the two to detect tampered checkpoints).
#[test]
fn execute_ahead_reaches_every_checkpoint_state() {
    let elf = build_example("sort").unwrap();
    let program = trellis().load_program(&elf).unwrap();
    let vm = trellis().vm();
    let loaded = vm.load(&program).unwrap();
    let input = 200u32.to_le_bytes();
    let limits = SegmentLimits {
        max_cycles: 5000,
        ..SegmentLimits::default()
    };
    let mut state = MachineState::initial(&program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let mut checkpoints = Vec::new();
    loop {
        let mut sizer = SegmentSizer::new(vm, &program, limits);
        let run = vm
            .execute_segment(
                &loaded,
                state,
                &input,
                &mut tree,
                &mut sizer,
                &ExecOptions::default(),
            )
            .unwrap();
        match run.end {
            SegmentEnd::Continue(next) => {
                checkpoints.push((*next).clone());
                state = *next;
            }
            SegmentEnd::Exit => break,
        }
    }
    assert!(checkpoints.len() >= 3, "{} checkpoints", checkpoints.len());
    let pauses: Vec<u64> = checkpoints.iter().map(|c| c.cycles).collect();
    let mut seen = 0;
    let ahead = vm
        .execute_ahead(
            &loaded,
            &input,
            &ExecOptions::default(),
            &pauses,
            &mut |at| {
                let c = &checkpoints[seen];
                assert_eq!(at.cycles, c.cycles);
                assert_eq!(at.pc, c.pc, "segment {}", c.segment);
                assert_eq!(at.registers, c.registers, "segment {}", c.segment);
                assert_eq!(at.input_position, c.input_position);
                assert_eq!(at.revealed, c.revealed);
                assert!(at.memory.same_contents(&c.memory), "segment {}", c.segment);
                seen += 1;
            },
        )
        .unwrap();
    assert_eq!(seen, checkpoints.len());
    let whole = trellis()
        .execute(&program, input.to_vec(), &ExecOptions::default())
        .unwrap();
    assert_eq!(ahead.cycles, whole.cycles);
    assert_eq!(ahead.exit_code, whole.exit_code);
    assert_eq!(ahead.final_pc, whole.final_pc);
    assert_eq!(ahead.public_output, whole.public_output);
    // The cycle limit is the whole run's, not a pause's.
    let short = ExecOptions {
        max_cycles: pauses[1] + 10,
    };
    let err = vm
        .execute_ahead(&loaded, &input, &short, &pauses, &mut |_| {})
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        trellis()
            .execute(&program, input.to_vec(), &short)
            .unwrap_err()
            .to_string()
    );
}

#[test]
fn a_proof_ends_without_a_tiny_tail_segment() {
    use std::sync::Mutex;
    use trellis_sdk::{ProveEvent, ProveOptions};
    let elf = build_example("fibonacci").unwrap();
    let program = trellis().load_program(&elf).unwrap();
    let (pk, vk) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    // Segments of 8192 instructions would leave a last one of about 1,500.
    let input = 3382u32.to_le_bytes();
    let run = trellis()
        .execute(&program, input.to_vec(), &ExecOptions::default())
        .unwrap()
        .cycles;
    assert_eq!(run / 8192, 2, "the run this test is about");
    assert!(run % 8192 < 2000, "the run this test is about");
    let options = ProveOptions {
        max_segment_cycles: 8192,
        ..ProveOptions::default()
    };
    let traced = Mutex::new(Vec::new());
    let progress = |event: ProveEvent| {
        if let ProveEvent::Traced { cycles, .. } = event {
            traced.lock().unwrap().push(cycles);
        }
    };
    let (report, proof) = trellis()
        .prove(&pk, &program, &input, &options, &progress)
        .unwrap();
    let traced = traced.into_inner().unwrap();
    assert_eq!(traced.len(), 3, "{traced:?}");
    assert_eq!(traced.iter().sum::<u64>(), run);
    assert_eq!(traced[0], 8192);
    // The last two share the rest evenly (cuts fall every 1024 instructions).
    assert!(traced[1].abs_diff(traced[2]) <= 1024, "{traced:?}");
    assert_eq!(report.segments, 3);
    trellis().verify(&vk, &proof).unwrap();
}
