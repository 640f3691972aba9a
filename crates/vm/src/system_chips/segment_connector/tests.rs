use super::*;
use crate::circuit::LookupCounters;
use crate::segment::prove::segment_claim;
use crate::system_chips::test_support::*;
use trellis_stark::{PrimeCharacteristicRing, Val};

/// Column indices.
const TERMINATED: usize = 4;
const EXIT_CODE: usize = 5;
const FINAL_ROOT: usize = 17;

fn connector_of(trace: &crate::trace::ExecutionTrace) -> (RowMajorMatrix<Val>, Vec<Val>) {
    let program = nops_then_exit(2500, 7);
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(&program, trace, &counters, |_| "System");
    let rows = SegmentConnectorChip.generate_trace(&ctx);
    (rows, public_values(&segment_claim(trace)))
}

#[test]
fn segments_start_where_the_previous_ended_and_only_the_last_terminates() {
    let traces = segment_traces(&nops_then_exit(2500, 7), 1024);
    assert_eq!(traces.len(), 3);
    let claims: Vec<_> = traces.iter().map(segment_claim).collect();
    for pair in claims.windows(2) {
        assert_eq!(pair[0].final_pc, pair[1].entry_pc);
        let (a, b) = (pair[0].segment.unwrap(), pair[1].segment.unwrap());
        assert_eq!(a.final_root, b.initial_root);
        assert!(!a.terminated);
    }
    let last = claims.last().unwrap();
    assert!(last.segment.unwrap().terminated);
    assert_eq!(last.exit_code, 7);
    assert_eq!(last.final_pc, BASE + 4 * 2500);
    assert_eq!(claims[0].entry_pc, BASE);
    assert_eq!(claims[1].entry_pc, BASE + 4 * 1024);
}

#[test]
fn rows_match_their_public_values_and_nothing_else() {
    let traces = segment_traces(&nops_then_exit(2500, 7), 1024);
    for trace in [&traces[0], &traces[2]] {
        let (rows, public) = connector_of(trace);
        check(SegmentConnectorAir, &rows, &public).unwrap();
        for k in 0..public.len() {
            let mut wrong = public.clone();
            wrong[k] += Val::ONE;
            assert!(
                check(SegmentConnectorAir, &rows, &wrong).is_err(),
                "public value {k}"
            );
        }
    }
    // A segment that goes on cannot carry an exit code, and the flag is boolean.
    let (rows, public) = connector_of(&traces[0]);
    let mut bad = rows.clone();
    set(&mut bad, 0, EXIT_CODE, Val::ONE);
    let mut bad_public = public.clone();
    bad_public[3] = Val::ONE;
    assert!(check(SegmentConnectorAir, &bad, &bad_public).is_err());
    let mut bad = rows.clone();
    set(&mut bad, 0, TERMINATED, Val::TWO);
    let mut bad_public = public.clone();
    bad_public[2] = Val::TWO;
    assert!(check(SegmentConnectorAir, &bad, &bad_public).is_err());
    // A second real row is rejected.
    let mut bad = rows;
    let width = bad.width;
    let first = bad.values[..width].to_vec();
    bad.values[width..2 * width].copy_from_slice(&first);
    set(&mut bad, 1, FINAL_ROOT, Val::ONE);
    assert!(check(SegmentConnectorAir, &bad, &public).is_err());
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(
        SegmentConnectorAir,
    ));
}
