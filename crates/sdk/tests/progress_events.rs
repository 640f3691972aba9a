//! Progress reports: every segment's phase events arrive in order (also
//! with two workers proving at once, and for segments kept on resuming),
//! the chain check comes last, a long execute-ahead pass reports how far
//! it got, and the chunked interpreter gives the plain one's result.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use trellis_sdk::build::build_example;
use trellis_sdk::{
    ExecError, ExecOptions, HostIo, Program, ProofParams, ProveEvent, ProveOptions, ProvingKey,
    SdkError, SegmentPhase, Trellis,
};
use trellis_vm::run::PROGRESS_INTERVAL;

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(Trellis::rv32im)
}

fn program(example: &str) -> Program {
    trellis()
        .load_program(&build_example(example).unwrap())
        .unwrap()
}

/// What one segment went through, in order.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Step {
    Phase(SegmentPhase),
    Traced,
    Proven,
    Reused,
}

/// Every event of a proof, and each segment's steps.
fn prove(
    pk: &ProvingKey,
    program: &Program,
    input: &[u8],
    options: &ProveOptions,
) -> (Vec<ProveEvent>, BTreeMap<u32, Vec<Step>>, usize) {
    let events = Mutex::new(Vec::new());
    let (report, _) = trellis()
        .prove(pk, program, input, options, &|e| {
            events.lock().unwrap().push(e)
        })
        .unwrap();
    let events = events.into_inner().unwrap();
    let mut steps: BTreeMap<u32, Vec<Step>> = BTreeMap::new();
    for event in &events {
        let (segment, step) = match *event {
            ProveEvent::Phase { segment, phase } => (segment, Step::Phase(phase)),
            ProveEvent::Traced { segment, .. } => (segment, Step::Traced),
            ProveEvent::Proven { segment, .. } => (segment, Step::Proven),
            ProveEvent::Reused { segment, .. } => (segment, Step::Reused),
            _ => continue,
        };
        steps.entry(segment).or_default().push(step);
    }
    (events, steps, report.segments)
}

#[test]
fn phase_events_arrive_in_order_for_every_segment() {
    let program = program("misbehave");
    let (pk, _) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let options = ProveOptions {
        max_segment_cycles: 8192,
        workers: 2,
        work_dir: Some(work.path().join("work")),
        ..ProveOptions::default()
    };
    let input = [0u32.to_le_bytes(), 3000u32.to_le_bytes()].concat();
    let (events, steps, segments) = prove(&pk, &program, &input, &options);
    assert!(segments >= 3, "{segments} segments");
    assert_eq!(steps.len(), segments);
    use SegmentPhase::*;
    let proven = [
        Step::Phase(Tracing),
        Step::Traced,
        Step::Phase(FillingTraces),
        Step::Phase(Proving),
        Step::Phase(Verifying),
        Step::Phase(Saving),
        Step::Proven,
    ];
    for (segment, got) in &steps {
        assert_eq!(got, &proven, "segment {segment}");
    }
    // Run-level events: the plan before any segment, the chain check last.
    let first_phase = events
        .iter()
        .position(|e| matches!(e, ProveEvent::Phase { .. }))
        .unwrap();
    let plan = events
        .iter()
        .position(|e| matches!(e, ProveEvent::Plan { .. }))
        .unwrap();
    assert!(plan < first_phase);
    assert_eq!(
        events.last(),
        Some(&ProveEvent::Chaining { segments }),
        "{events:?}"
    );

    // Again on the same work directory: every proof is kept, those before
    // the last checkpoint without running them again.
    let (events, steps, _) = prove(&pk, &program, &input, &options);
    assert_eq!(steps.len(), segments);
    for (segment, got) in &steps {
        let traced = [Step::Phase(Tracing), Step::Traced, Step::Reused];
        assert!(
            got == &[Step::Reused] || got == &traced,
            "segment {segment}: {got:?}"
        );
    }
    assert_eq!(events.last(), Some(&ProveEvent::Chaining { segments }));
}

#[test]
fn a_long_execute_ahead_pass_reports_progress_before_its_error() {
    let program = program("fibonacci");
    let (pk, _) = trellis()
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let limit = 200_000_000;
    let options = ProveOptions {
        exec: ExecOptions { max_cycles: limit },
        ..ProveOptions::default()
    };
    let events = Mutex::new(Vec::new());
    let result = trellis().prove(
        &pk,
        &program,
        &100_000_000u32.to_le_bytes(),
        &options,
        &|e| events.lock().unwrap().push(e),
    );
    assert!(
        matches!(
            result,
            Err(SdkError::Exec(ExecError::CycleLimitExceeded { limit: l, .. })) if l == limit
        ),
        "{:?}",
        result.err()
    );
    let events = events.into_inner().unwrap();
    let progress: Vec<(u64, f64)> = events
        .iter()
        .map(|e| match *e {
            ProveEvent::Executing { cycles, seconds } => (cycles, seconds),
            ref other => panic!("{other:?} during the execute-ahead pass"),
        })
        .collect();
    assert!(!progress.is_empty(), "200 M instructions, no progress");
    for pair in progress.windows(2) {
        assert!(
            pair[0].0 < pair[1].0 && pair[0].1 + 0.099 < pair[1].1,
            "{pair:?}"
        );
    }
    for &(cycles, _) in &progress {
        assert!(cycles < limit && cycles.is_multiple_of(PROGRESS_INTERVAL));
    }
}

#[test]
fn chunked_execution_reports_every_interval_and_matches_the_plain_run() {
    let program = program("fibonacci");
    let loaded = trellis().prepare(&program).unwrap();
    let vm = trellis().vm();
    let input = 2_000_000u32.to_le_bytes().to_vec();
    let options = ExecOptions::default();
    let plain = vm
        .execute(&loaded, HostIo::captured(input.clone()), &options)
        .unwrap();
    let mut reports = Vec::new();
    let chunked = vm
        .execute_with_progress(
            &loaded,
            HostIo::captured(input.clone()),
            &options,
            &mut |c| reports.push(c),
        )
        .unwrap();
    assert_eq!(chunked, plain);
    let expected: Vec<u64> = (1..=(plain.cycles - 1) / PROGRESS_INTERVAL)
        .map(|k| k * PROGRESS_INTERVAL)
        .collect();
    assert!(expected.len() >= 2, "{} cycles", plain.cycles);
    assert_eq!(reports, expected);

    // A cycle limit between two reports: the plain run's error.
    let short = ExecOptions {
        max_cycles: PROGRESS_INTERVAL + 12_345,
    };
    let plain = vm.execute(&loaded, HostIo::captured(input.clone()), &short);
    let mut reports = Vec::new();
    let chunked = vm.execute_with_progress(&loaded, HostIo::captured(input), &short, &mut |c| {
        reports.push(c)
    });
    assert!(matches!(plain, Err(ExecError::CycleLimitExceeded { .. })));
    assert_eq!(format!("{chunked:?}"), format!("{plain:?}"));
    assert_eq!(reports, [PROGRESS_INTERVAL]);
}
