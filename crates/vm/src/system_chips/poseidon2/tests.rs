use super::*;
use crate::circuit::hash::{DIGEST_ELEMS, POSEIDON2_WIDTH, poseidon2_compress, poseidon2_permute};
use crate::circuit::{LookupCounters, POSEIDON2};
use crate::system_chips::test_support::check;
use core::borrow::Borrow;
use rayon::prelude::*;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Count, Matrix, PrimeCharacteristicRing, PrimeField32,
    ProofParams, ProveError, WindowAccess, keygen, prove, verify,
};

type Input = [Val; POSEIDON2_WIDTH];

/// Deterministic full-range field elements (splitmix64).
struct Rng(u64);

impl Rng {
    fn val(&mut self) -> Val {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Val::from_u64(z ^ (z >> 31))
    }
    fn input(&mut self) -> Input {
        core::array::from_fn(|_| self.val())
    }
}

fn random_inputs(n: usize, seed: u64) -> Vec<Input> {
    let mut rng = Rng(seed);
    (0..n).map(|_| rng.input()).collect()
}

fn row(trace: &RowMajorMatrix<Val>, r: usize) -> &[Val] {
    &trace.values[r * trace.width..(r + 1) * trace.width]
}

fn cell(trace: &mut RowMajorMatrix<Val>, r: usize, col: usize) -> &mut Val {
    let width = trace.width;
    &mut trace.values[r * width + col]
}

fn table_check(trace: &RowMajorMatrix<Val>) -> Result<(), String> {
    check(Poseidon2TableAir::new(), trace, &[])
}

#[test]
fn rows_are_the_native_permutation_of_random_inputs() {
    let inputs = random_inputs(37, 1);
    let trace = poseidon2_trace(&inputs);
    assert_eq!(trace.width(), POSEIDON2_COLS);
    assert_eq!(POSEIDON2_COLS, 299);
    assert_eq!(trace.height(), 64);
    table_check(&trace).unwrap();
    let mut seen = Vec::new();
    for r in 0..trace.height() {
        let row = row(&trace, r);
        let input = input_cells(row);
        let cols: &PermutationCols<Val> = row[..PERMUTATION_COLS].borrow();
        let last = cols.ending_full_rounds[HALF_FULL_ROUNDS - 1].post;
        assert_eq!(last, poseidon2_permute(input), "row {r}");
        assert_eq!(output_cells(row), poseidon2_compress(input), "row {r}");
        let multiplicity = row[MULTIPLICITY_COL].as_canonical_u32();
        if r < inputs.len() {
            assert_eq!(multiplicity, 1, "row {r}");
            seen.push(input);
        } else {
            assert_eq!(
                (input, multiplicity),
                ([Val::ZERO; 16], 0),
                "padding row {r}"
            );
        }
    }
    let mut expected = inputs.clone();
    expected.sort_by_key(|i| i.map(|x| x.as_canonical_u32()));
    assert_eq!(seen, expected, "distinct requests, sorted");
}

#[test]
fn vectorized_and_scalar_row_generation_agree() {
    // 4 rows take Plonky3's one-at-a-time path, 1024 its packed path.
    let inputs = random_inputs(1024, 2);
    let big = poseidon2_trace(&inputs);
    for (i, input) in inputs.iter().enumerate().step_by(97) {
        let small = poseidon2_trace(&[*input]);
        assert_eq!(small.height(), 4);
        let r = big
            .values
            .chunks_exact(POSEIDON2_COLS)
            .position(|row| input_cells(row) == *input)
            .unwrap_or_else(|| panic!("input {i} has a row"));
        assert_eq!(row(&small, 0), row(&big, r), "input {i}");
    }
}

#[test]
fn duplicates_share_one_row_with_their_count() {
    let inputs = random_inputs(3, 3);
    let requests = [
        inputs[1], inputs[0], inputs[1], inputs[2], inputs[1], inputs[0],
    ];
    let distinct = distinct_requests(&requests);
    assert_eq!(distinct.len(), 3);
    let count = |input: Input| distinct.iter().find(|(i, _)| *i == input).unwrap().1;
    assert_eq!(
        [count(inputs[0]), count(inputs[1]), count(inputs[2])],
        [2, 3, 1]
    );
    let trace = poseidon2_trace(&requests);
    assert_eq!(trace.height(), 4);
    table_check(&trace).unwrap();
    let total: u32 = (0..4)
        .map(|r| row(&trace, r)[MULTIPLICITY_COL].as_canonical_u32())
        .sum();
    assert_eq!(total, 6);
    assert_eq!(
        poseidon2_trace(&[]).height(),
        4,
        "no requests: 4 padding rows"
    );
    table_check(&poseidon2_trace(&[])).unwrap();
}

#[test]
fn counters_log_every_request_from_many_threads() {
    let counters = LookupCounters::new();
    let inputs = random_inputs(500, 4);
    let digests: Vec<_> = inputs
        .par_iter()
        .chain(inputs[..100].par_iter())
        .map(|input| (counters.poseidon2(*input), *input))
        .collect();
    for (digest, input) in digests {
        assert_eq!(digest, poseidon2_compress(input));
    }
    let requests = counters.poseidon2_requests();
    assert_eq!(requests.len(), 600, "duplicates kept");
    let mut expected: Vec<Input> = inputs.iter().chain(&inputs[..100]).copied().collect();
    expected.sort_by_key(|i| i.map(|x| x.as_canonical_u32()));
    assert_eq!(
        requests, expected,
        "sorted, so independent of thread timing"
    );
    let trace = Poseidon2Chip.generate_trace(&empty_ctx_with(&counters));
    assert_eq!(trace.height(), 512);
}

/// A trace context over an empty program and run, reading `counters`.
fn empty_ctx_with(counters: &LookupCounters) -> TraceContext<'_> {
    use std::sync::OnceLock;
    static EMPTY: OnceLock<(trellis_isa::Program, crate::trace::ExecutionTrace)> = OnceLock::new();
    let (program, trace) = EMPTY.get_or_init(|| {
        let run = crate::system_chips::test_support::Run::new(
            crate::system_chips::test_support::sample_program(0),
        );
        (run.program, run.trace)
    });
    TraceContext::new(program, trace, counters, |_| "none")
}

#[test]
fn every_permutation_cell_is_pinned() {
    let honest = poseidon2_trace(&random_inputs(4, 5));
    let (inputs, outputs) = io_columns();
    assert_eq!(inputs, core::array::from_fn(|i| i));
    assert!(outputs.iter().all(|&c| c < PERMUTATION_COLS));
    let mut accepted = Vec::new();
    for col in 0..PERMUTATION_COLS {
        let mut trace = honest.clone();
        *cell(&mut trace, 2, col) += Val::ONE;
        if table_check(&trace).is_ok() {
            accepted.push(col);
        }
    }
    assert!(accepted.is_empty(), "altered cells accepted: {accepted:?}");
    // The multiplicity is free for the constraints (the bus pins it, see below).
    let mut trace = honest.clone();
    *cell(&mut trace, 2, MULTIPLICITY_COL) += Val::ONE;
    table_check(&trace).unwrap();
}

#[test]
fn named_cells_are_rejected_on_padding_rows_too() {
    let honest = poseidon2_trace(&random_inputs(5, 6));
    let (inputs, outputs) = io_columns();
    let index: Vec<usize> = (0..POSEIDON2_COLS).collect();
    let cols: &PermutationCols<usize> = index[..PERMUTATION_COLS].borrow();
    let cases = [
        ("input cell", inputs[9]),
        ("output cell", outputs[3]),
        ("x^3 register", cols.beginning_full_rounds[1].sbox[5].0[0]),
        ("full round state", cols.beginning_full_rounds[2].post[11]),
        ("partial round state", cols.partial_rounds[6].post_sbox),
        (
            "last round state past the digest",
            cols.ending_full_rounds[3].post[12],
        ),
    ];
    for (what, col) in cases {
        for r in [0, 4, 7] {
            let mut trace = honest.clone();
            *cell(&mut trace, r, col) += Val::from_u32(12345);
            let err = table_check(&trace).expect_err(what);
            assert!(err.contains(&format!("row {r}")), "{what}: {err}");
        }
    }
}

crate::columns! {
    /// Consumer test AIR columns: one lookup of `(x, y)` when `is_real`.
    struct LookupCols {
        x: [T; POSEIDON2_WIDTH],
        y: [T; DIGEST_ELEMS],
        is_real: T,
    }
}

/// Looks `(x, y)` up on the poseidon2 bus on its real rows.
#[derive(Clone, Copy, Debug)]
struct LookupAir;

impl BaseAir<Val> for LookupAir {
    fn width(&self) -> usize {
        <LookupCols<Val> as crate::circuit::columns::Columns<Val>>::WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for LookupAir {
    fn eval(&self, builder: &mut AB) {
        use crate::circuit::columns::Columns;
        let main = builder.main();
        let cols = LookupCols::<AB::Var>::read(main.current_slice());
        builder.assert_bool(cols.is_real);
        POSEIDON2.lookup(
            builder,
            cols.x.into_iter().chain(cols.y),
            Count::bounded(cols.is_real.into(), 1),
        );
    }
}

impl ChipAir for LookupAir {
    fn chip_name(&self) -> String {
        "poseidon2-user".into()
    }
}

/// A lookup trace of `requests` (its own compressions) and the table of them.
fn lookup_witness(requests: &[Input]) -> Vec<RowMajorMatrix<Val>> {
    use crate::circuit::columns::Columns;
    let counters = LookupCounters::new();
    let width = LookupAir.width();
    let mut lookups = crate::circuit::zero_trace(requests.len(), width);
    lookups
        .values
        .par_chunks_mut(width)
        .zip(requests)
        .for_each(|(row, x)| {
            LookupCols {
                x: *x,
                y: counters.poseidon2(*x),
                is_real: Val::ONE,
            }
            .write(row)
        });
    vec![poseidon2_trace(&counters.poseidon2_requests()), lookups]
}

fn prove_lookups(traces: &[RowMajorMatrix<Val>]) -> Result<(), ProveError> {
    use std::sync::OnceLock;
    type Keys = (
        trellis_stark::ProvingKey<DynAir>,
        trellis_stark::VerifyingKey<DynAir>,
    );
    static KEYS: OnceLock<Keys> = OnceLock::new();
    let (pk, vk) = KEYS.get_or_init(|| {
        let airs = vec![Poseidon2Chip.air(), DynAir::new(LookupAir)];
        keygen(airs, &ProofParams::insecure_test_fast()).unwrap()
    });
    let pvs = vec![vec![], vec![]];
    let proof = prove(pk, traces, &pvs)?;
    verify(vk, &proof, &pvs).expect("a proof the prover made verifies");
    Ok(())
}

/// Requests with repeats, so some table rows have multiplicity above 1.
fn sample_requests() -> Vec<Input> {
    let fresh = random_inputs(40, 7);
    let mut requests = fresh.clone();
    requests.extend_from_slice(&fresh[..9]);
    requests.push([Val::ZERO; POSEIDON2_WIDTH]);
    requests
}

#[test]
fn lookups_of_true_compressions_prove_and_verify() {
    prove_lookups(&lookup_witness(&sample_requests())).unwrap();
}

fn assert_rejected_by(result: Result<(), ProveError>, expected: &str, what: &str) {
    match result {
        Err(ProveError::UnbalancedBus { bus, .. }) if expected == "bus" => {
            assert_eq!(bus, "poseidon2", "{what}")
        }
        Err(ProveError::Constraint { air, .. }) if expected == "constraint" => {
            assert_eq!(air, "poseidon2", "{what}")
        }
        other => panic!("{what}: expected a {expected} failure, got {other:?}"),
    }
}

#[test]
fn a_lookup_of_a_wrong_digest_is_rejected() {
    let mut traces = lookup_witness(&sample_requests());
    let y0 = LookupAir.width() - 1 - DIGEST_ELEMS;
    *cell(&mut traces[1], 3, y0 + 2) += Val::ONE;
    assert_rejected_by(prove_lookups(&traces), "bus", "wrong y");
    let mut traces = lookup_witness(&sample_requests());
    *cell(&mut traces[1], 5, 0) += Val::ONE;
    assert_rejected_by(prove_lookups(&traces), "bus", "wrong x");
}

#[test]
fn altered_table_cells_are_rejected() {
    let honest = lookup_witness(&sample_requests());
    let (inputs, outputs) = io_columns();
    let index: Vec<usize> = (0..POSEIDON2_COLS).collect();
    let cols: &PermutationCols<usize> = index[..PERMUTATION_COLS].borrow();
    for (what, col) in [
        ("output cell", outputs[7]),
        ("input cell", inputs[0]),
        ("round state cell", cols.partial_rounds[12].post_sbox),
    ] {
        let mut traces = honest.clone();
        *cell(&mut traces[0], 1, col) += Val::ONE;
        assert_rejected_by(prove_lookups(&traces), "constraint", what);
    }
    for delta in [Val::ONE, -Val::ONE] {
        let mut traces = honest.clone();
        *cell(&mut traces[0], 0, MULTIPLICITY_COL) += delta;
        assert_rejected_by(prove_lookups(&traces), "bus", "multiplicity");
    }
}

#[test]
fn a_consistent_forgery_of_the_table_and_the_lookup_is_rejected() {
    // Change y in both the table's output cell and the lookup: the bus
    // balances, so only the permutation constraints can catch it.
    let mut traces = lookup_witness(&[random_inputs(1, 8)[0]]);
    let (_, outputs) = io_columns();
    let y0 = LookupAir.width() - 1 - DIGEST_ELEMS;
    *cell(&mut traces[0], 0, outputs[0]) += Val::ONE;
    *cell(&mut traces[1], 0, y0) += Val::ONE;
    assert_rejected_by(prove_lookups(&traces), "constraint", "forged y in both");
}

/// Trace generation time for 100k distinct requests (by hand:
/// `cargo test -p trellis-vm --release poseidon2::tests::timing -- --ignored --nocapture`).
#[test]
#[ignore]
fn timing_of_100k_requests() {
    let inputs = random_inputs(100_000, 9);
    let counters = LookupCounters::new();
    let start = std::time::Instant::now();
    inputs.par_iter().for_each(|x| {
        let _digest = counters.poseidon2(*x);
    });
    let record = start.elapsed();
    let start = std::time::Instant::now();
    let requests = counters.poseidon2_requests();
    let trace = poseidon2_trace(&requests);
    let fill = start.elapsed();
    println!(
        "poseidon2: {} requests, {} rows x {} columns; recording (native compress) {:?}, table trace {:?}",
        requests.len(),
        trace.height(),
        trace.width(),
        record,
        fill
    );
    assert_eq!(trace.height(), 1 << 17);
}

#[test]
fn column_contract_holds() {
    crate::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(
        Poseidon2TableAir::new(),
    ));
}
