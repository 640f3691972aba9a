//! Consistent forgeries of the permutation (issue #10, §2): an alternative
//! witness for an honest `keccakf` that changes one input-derived cell and
//! re-solves every cell that depends on it, so that exactly one constraint
//! is left to catch it. The lying executor ([`Lie`]) writes the forged
//! permutation to memory, so the memory accesses, the written bytes, their
//! byte checks, the boundary's final values and every other chip's trace
//! follow as in an honest run; the test then writes the lie's round
//! columns into p3-keccak-air's part of the KeccakF trace (every round
//! from the changed cell on, consistently). Each test shows that
//!
//! * the forged output is not Keccak-f\[1600\] of the input read;
//! * every other chip's constraints hold, and on the KeccakF trace exactly
//!   one constraint fails, on one row (the one the test names);
//! * with that one constraint dropped ([`Without`]) the prover's checks
//!   (every constraint, every bus) accept the traces: nothing else
//!   catches the forgery;
//! * with it, the prover's checks and the unchecked prover + honest
//!   verifier reject them.

use super::super::{CHIP, IoCols, KeccakfAir};
use super::lying::{Lie, LyingRun, judge, lying_run, permutation_rows};
use super::without::Without;
use super::{STATE, io_col, lanes_of, program, random_state, reference, vm};
use p3_keccak_air::{KeccakAir, NUM_KECCAK_COLS, NUM_ROUNDS, U64_LIMBS, generate_trace_rows};
use trellis_stark::{
    DynAir, PrimeField32, ProofParams, RowMajorMatrix, Val, check_air_constraints,
};

/// Constraints of p3-keccak-air's round flags, evaluated first: `step_0 =
/// 1` and 23 zero flags on the first row, 24 rotations.
const ROUND_FLAG_CONSTRAINTS: usize = 1 + (NUM_ROUNDS - 1) + NUM_ROUNDS;

/// Constraint number of "round 0's `a` equals `preimage`" for limb `limb`
/// of lane `lane` (p3-keccak-air checks them right after the flags, lane
/// by lane `y`-major, that is in lane order `x + 5y`).
fn round_input_constraint(lane: usize, limb: usize) -> usize {
    ROUND_FLAG_CONSTRAINTS + U64_LIMBS * lane + limb
}

/// Constraint number of ι for limb `limb`: p3-keccak-air's last checks
/// are the 4 ι limbs, then 100 copies of a round's output to the next
/// round's input.
fn iota_constraint(limb: usize) -> usize {
    let rows = generate_trace_rows::<Val>(vec![[0; 25]], 0);
    let report = p3_air::check_all_constraints(&KeccakAir {}, &rows, &[], None);
    assert!(report.is_ok());
    report.total_constraints_per_row - 25 * U64_LIMBS - U64_LIMBS + limb
}

/// One `keccakf` on a random state, run by the lying VM, with the lie's
/// rounds written into the KeccakF trace. Returns the run and the input.
fn forge(lie: Lie) -> (LyingRun, [u64; 25]) {
    let state = random_state(11);
    let input = lanes_of(&state);
    let mut run = lying_run(lie, &program(STATE, 1, &state));
    let rows = permutation_rows(input, lie);
    let width = run.keccak_trace().width;
    for (round, row) in rows.chunks_exact(NUM_KECCAK_COLS).enumerate() {
        let at = round * width;
        run.keccak_trace().values[at..at + NUM_KECCAK_COLS].copy_from_slice(row);
    }
    (run, input)
}

/// Every failing `(row, constraint)` of the KeccakF AIR on `trace`.
fn failures(trace: &RowMajorMatrix<Val>) -> Vec<(usize, usize)> {
    let report = p3_air::check_all_constraints(&DynAir::new(KeccakfAir), trace, &[], None);
    report
        .failures
        .iter()
        .map(|f| (f.row, f.constraint))
        .collect()
}

/// The lanes of the `output` columns of row 0.
fn output_lanes(trace: &RowMajorMatrix<Val>) -> [u64; 25] {
    let io: IoCols<usize> = io_col();
    let at = |col: usize| u64::from(trace.values[col].as_canonical_u32());
    std::array::from_fn(|lane| {
        (0..U64_LIMBS)
            .map(|l| at(io.output.get(lane, l)) << (16 * l))
            .sum()
    })
}

/// Checks everything the module doc promises of the forgery `lie`, whose
/// only broken constraint is `constraint` on row `row`.
fn caught_only_by(lie: Lie, row: usize, constraint: usize) {
    let (mut run, input) = forge(lie);
    let forged = lie.permute(input);
    assert_ne!(forged, reference(input), "the lie changes nothing");
    assert_eq!(output_lanes(run.keccak_trace()), forged);

    let honest = vm();
    let mut airs = honest.airs(Some(&run.program));
    let names: Vec<String> = airs.iter().map(|a| format!("{a:?}")).collect();
    assert!(names[run.chip].contains(CHIP));
    for (i, air) in airs.iter().enumerate() {
        if i != run.chip {
            check_air_constraints(air, &run.traces[i], &run.public_values[i])
                .unwrap_or_else(|e| panic!("{}: {e}", names[i]));
        }
    }
    assert_eq!(failures(run.keccak_trace()), vec![(row, constraint)]);

    airs[run.chip] = DynAir::new(Without { constraint });
    let (pk, _) = trellis_stark::keygen(airs, &ProofParams::insecure_test_fast()).unwrap();
    trellis_stark::check_traces(&pk, &run.traces, &run.public_values)
        .expect("without the one constraint, the forgery passes every other check");

    let verdict = judge(&run);
    assert!(verdict.rejected(), "forgery accepted: {verdict:?}");
    let checks = verdict.checks.unwrap_err();
    assert!(
        checks.contains(&format!("constraint #{constraint} fails on row {row}")),
        "{checks}"
    );
}

/// Sanity of the forgery machinery: without a lie, the round columns are
/// p3-keccak-air's generator's and the permutation is Keccak-f\[1600\].
#[test]
fn honest_rounds_match_p3_keccak_air() {
    let input = lanes_of(&random_state(3));
    let p3 = generate_trace_rows::<Val>(vec![input], 0);
    assert_eq!(
        permutation_rows(input, Lie::Unchecked),
        p3.values[..NUM_ROUNDS * NUM_KECCAK_COLS]
    );
    assert_eq!(Lie::Unchecked.permute(input), reference(input));
    let mut state = input;
    keccak::f1600(&mut state);
    assert_eq!(Lie::Unchecked.permute(input), state);
}

/// One bit of round 0's input `a` flipped (lane 7, bit 13): every column
/// of rounds 0..24 is θ, ρ, π, χ, ι of the flipped state, the output and
/// the memory writes are its permutation, while `preimage` still equals
/// the bytes read. Caught only by p3-keccak-air's "round 0's `a` equals
/// `preimage`" for limb 0 of lane 7, on row 0.
#[test]
fn a_flipped_input_bit_is_caught_by_round_zero_input_only() {
    let (lane, bit) = (7, 13);
    caught_only_by(
        Lie::Input { lane, bit },
        0,
        round_input_constraint(lane, bit as usize / 16),
    );
}

/// One bit of round 5's constant flipped (bit 37): rounds 0..5 are honest,
/// round 5's `a'''[0][0]` is `a''[0][0]` xor the altered constant, rounds
/// 6..24 continue from it, and the output and memory writes follow. Caught
/// only by ι (limb 2 of `a'''[0][0]`) on row 5.
#[test]
fn a_flipped_round_constant_bit_is_caught_by_iota_only() {
    let (round, bit) = (5, 37);
    caught_only_by(
        Lie::RoundConstant { round, bit },
        round,
        iota_constraint(bit as usize / 16),
    );
}
