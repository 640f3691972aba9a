//! Soundness of every chip on real traces: alter one cell of a real row (an
//! operand limb, a carry, a timestamp, a multiplicity, ...) and the prover's
//! constraint or bus check must reject the traces. Every column of several
//! real rows of every chip is tried; the alterations are checked in parallel.

use rayon::prelude::*;
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, HostIo, ProofParams, Trellis};
use trellis_stark::{Matrix, PrimeCharacteristicRing, RowMajorMatrix, Val};

/// Rows tried per chip.
const ROWS_PER_CHIP: usize = 4;

/// Up to `n` real (not all-zero) rows spread over the trace.
fn real_rows(trace: &RowMajorMatrix<Val>, n: usize) -> Vec<usize> {
    let real: Vec<usize> = (0..trace.height())
        .filter(|&r| {
            trace
                .row_slice(r)
                .expect("row")
                .iter()
                .any(|v| *v != Val::ZERO)
        })
        .collect();
    let mut picked: Vec<usize> = (0..n)
        .filter_map(|k| real.get(k * real.len() / n).copied())
        .collect();
    picked.dedup();
    picked
}

/// Alters every cell of [`ROWS_PER_CHIP`] real rows of the chips `only`
/// (all if empty), one at a time; returns the accepted alterations and
/// how many were tried.
fn tamper(
    pk: &trellis_stark::ProvingKey<trellis_stark::DynAir>,
    names: &[&str],
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
    only: &[&str],
) -> (Vec<String>, usize) {
    let cells: Vec<(usize, usize)> = traces
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_empty() || only.contains(&names[*i]))
        .flat_map(|(i, trace)| {
            real_rows(trace, ROWS_PER_CHIP)
                .into_iter()
                .flat_map(move |row| {
                    (0..trace.width()).map(move |col| (i, row * trace.width() + col))
                })
        })
        .collect();
    let traces = traces.to_vec();
    let mut accepted: Vec<String> = cells
        .par_iter()
        .map_init(
            || traces.clone(),
            |altered, &(i, at)| {
                let honest = altered[i].values[at];
                altered[i].values[at] = honest + Val::ONE;
                let ok = trellis_stark::check_traces(pk, altered, public_values).is_ok();
                altered[i].values[at] = honest;
                let width = traces[i].width();
                ok.then(|| format!("{}[row {}, column {}]", names[i], at / width, at % width))
            },
        )
        .flatten()
        .collect();
    accepted.sort();
    (accepted, cells.len())
}

#[test]
fn every_cell_of_real_segment_boundary_rows_is_constrained() {
    use trellis_vm::memory_tree::MemoryTree;
    use trellis_vm::segment::{MachineState, SegmentEnd, SegmentLimits, SegmentSizer};
    let trellis = Trellis::rv32im();
    let elf = build_example("sort").unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let loaded = trellis.prepare(&program).unwrap();
    let vm = trellis.vm();
    let (pk, _) = vm
        .segment_keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let limits = SegmentLimits {
        max_cycles: 8192,
        ..SegmentLimits::default()
    };
    let input = 200u32.to_le_bytes();
    let mut state = MachineState::initial(&program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    // The second segment: it starts from memory the first one changed.
    let mut runs = Vec::new();
    for _ in 0..2 {
        let mut sizer = SegmentSizer::new(vm, &program, limits);
        let run = vm
            .execute_segment(
                &loaded,
                state.clone(),
                &input,
                &mut tree,
                &mut sizer,
                &ExecOptions::default(),
            )
            .unwrap();
        let SegmentEnd::Continue(next) = &run.end else {
            panic!("sort of 200 values takes more than two segments")
        };
        state = (**next).clone();
        runs.push(run);
    }
    let (traces, public_values, _) = vm.fill_segment_traces(&program, &runs[1].trace);
    trellis_stark::check_traces(&pk, &traces, &public_values).expect("honest traces");
    let names: Vec<&str> = vm
        .segment_chips(Some(&program))
        .iter()
        .map(|c| c.name())
        .collect();
    let (accepted, tried) = tamper(
        &pk,
        &names,
        &traces,
        &public_values,
        // The Poseidon2 table's 298 permutation columns are each altered
        // by its own unit tests.
        &["segment_connector", "block_boundary", "merkle"],
    );
    assert!(tried > 400, "only {tried} cells tried");
    assert!(
        accepted.is_empty(),
        "{} of {tried} altered cells were accepted: {accepted:?}",
        accepted.len()
    );
    // Every public value of the segment connector is bound.
    let connector = names
        .iter()
        .position(|n| *n == "segment_connector")
        .unwrap();
    for k in 0..public_values[connector].len() {
        let mut altered = public_values.clone();
        altered[connector][k] += Val::ONE;
        assert!(
            trellis_stark::check_traces(&pk, &traces, &altered).is_err(),
            "public value {k}"
        );
    }
}

#[test]
fn every_cell_of_real_rows_is_constrained() {
    let trellis = Trellis::rv32im();
    let elf = build_example("hash-input").unwrap();
    let program = trellis.load_program(&elf).unwrap();
    let loaded = trellis.prepare(&program).unwrap();
    let vm = trellis.vm();
    let (pk, _) = vm
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let (_, traces, public_values) = vm
        .generate_traces(
            &loaded,
            HostIo::captured(b"tamper".to_vec()),
            &ExecOptions::default(),
        )
        .unwrap();
    trellis_stark::check_traces(&pk, &traces, &public_values).expect("honest traces");
    let names: Vec<&str> = vm.chips(Some(&program)).iter().map(|c| c.name()).collect();
    // (trace, index of the cell in its values).
    let (accepted, tried) = tamper(&pk, &names, &traces, &public_values, &[]);
    assert!(tried > 1000, "only {tried} cells tried");
    assert!(
        accepted.is_empty(),
        "{} of {tried} altered cells were accepted: {accepted:?}",
        accepted.len()
    );
}
