//! Segments proven at a shape taller than their own, as a shape catalog asks: every
//! table padded with its own padding rows ([`trellis_vm::circuit::Chip::pad_trace`])
//! still proves and verifies, for the chips of every built-in extension, and the proof's
//! trace heights are the shape's; a shape the segment does not fit (a table taller than
//! the shape's, a fixed-height table at another height, a shape for other chips) is
//! refused with an error that names the table, before anything is proven.

use std::sync::OnceLock;
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, ProofParams, Trellis, TrellisConfig};
use trellis_vm::memory_tree::MemoryTree;
use trellis_vm::prove::ProofError;
use trellis_vm::segment::{MachineState, SegmentLimits, SegmentSizer, TraceHeights};
use trellis_vm::trace::ExecutionTrace;

fn trellis() -> &'static Trellis {
    static T: OnceLock<Trellis> = OnceLock::new();
    T.get_or_init(|| {
        let config = TrellisConfig::with_extensions(["rv32im", "sha256", "keccak", "bigint"]);
        Trellis::from_config(&config).unwrap()
    })
}

/// The first segment (at most `max_cycles` instructions) of `example` on `input`.
fn first_segment(
    example: &str,
    input: &[u8],
    max_cycles: u64,
) -> (trellis_sdk::Program, ExecutionTrace) {
    let elf = build_example(example).unwrap();
    let program = trellis().load_program(&elf).unwrap();
    let vm = trellis().vm();
    let loaded = vm.load(&program).unwrap();
    let limits = SegmentLimits {
        max_cycles,
        ..SegmentLimits::default()
    };
    let mut sizer = SegmentSizer::new(vm, &program, limits);
    let state = MachineState::initial(&program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
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
    (program, run.trace)
}

/// A proof's log2 trace heights, one byte each (a shape).
fn heights_u8(proof: &trellis_stark::Proof) -> Vec<u8> {
    proof.log_trace_heights().iter().map(|&h| h as u8).collect()
}

/// fibonacci(30)'s first segment with its keys (test parameters) and its own shape.
struct Keyed {
    program: trellis_sdk::Program,
    trace: ExecutionTrace,
    pk: trellis_stark::ProvingKey<trellis_stark::DynAir>,
    vk: trellis_stark::VerifyingKey<trellis_stark::DynAir>,
    own: Vec<u8>,
}

fn keyed_fibonacci_segment() -> Keyed {
    let vm = trellis().vm();
    let (program, trace) = first_segment("fibonacci", &[30, 0, 0, 0], 20_000);
    let (pk, vk) = vm
        .segment_keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let own = heights_u8(&vm.prove_segment(&pk, &program, &trace).unwrap().proof);
    Keyed {
        program,
        trace,
        pk,
        vk,
        own,
    }
}

/// An example, its input, and instruction chips its first segment runs.
type Case = (&'static str, fn() -> Vec<u8>, &'static [&'static str]);

/// Each example's first segment runs the chips of one extension (the instruction chips
/// listed must have rows in it).
const CASES: &[Case] = &[
    // rv32im: ALU, comparisons, branches, jumps, loads and stores, ecalls.
    (
        "fibonacci",
        || vec![30, 0, 0, 0],
        &["BaseAlu", "BranchEq", "LoadStore", "Ecall"],
    ),
    // Mode 0: a 200-byte message hashed with the SHA-256 precompile.
    (
        "sha256-precompile",
        || [0].into_iter().chain((0..200).map(|i| i as u8)).collect(),
        &["Sha256"],
    ),
    // 200 bytes hashed with the Keccak-f precompile.
    ("keccak-precompile", || vec![200, 0, 0, 0], &["KeccakF"]),
    // Mode 1: three chained multiplications modulo secp256k1's p (bigint precompile).
    ("bigint", || vec![1, 3, 0, 0, 0], &["BigInt"]),
];

#[test]
fn a_segment_padded_to_a_taller_shape_proves_and_verifies() {
    let vm = trellis().vm();
    for &(example, input, ran) in CASES {
        let (program, trace) = first_segment(example, &input(), 20_000);
        for chip in ran {
            assert!(
                trace
                    .steps
                    .iter()
                    .any(|s| vm.registered()[s.slot as usize].entry.chip == *chip),
                "{example}: no {chip} step in the segment"
            );
        }
        let (pk, vk) = vm
            .segment_keygen(&program, &ProofParams::insecure_test_fast())
            .unwrap();
        let natural = vm.prove_segment(&pk, &program, &trace).unwrap();
        let own = heights_u8(&natural.proof);
        let fixed = vk.fixed_log_heights();
        // Every table the prover sizes one power of two taller; then every other one
        // three, the rest as they are (a table's padding must hold whatever the others').
        let taller = |bump: &dyn Fn(usize) -> u8| -> Vec<u8> {
            own.iter()
                .enumerate()
                .map(|(i, &h)| if fixed[i].is_some() { h } else { h + bump(i) })
                .collect()
        };
        let shapes = [taller(&|_| 1), taller(&|i| 3 * (i % 2) as u8)];
        for shape in &shapes {
            let proof = vm
                .prove_segment_at(
                    &pk,
                    &program,
                    &trace,
                    TraceHeights::Shape(shape),
                    &mut |_| {},
                )
                .unwrap_or_else(|e| panic!("{example} at {shape:?}: {e}"));
            let heights = heights_u8(&proof.proof);
            assert_eq!(
                &heights, shape,
                "{example}: the proof has the shape's heights"
            );
            assert_eq!(
                proof.claim, natural.claim,
                "{example}: padding changes no claim"
            );
            vm.verify_segment(&vk, &proof)
                .unwrap_or_else(|e| panic!("{example} at {shape:?}: {e}"));
        }
        eprintln!(
            "{example}: {} shapes proven and verified ({} tables, {} of fixed height)",
            shapes.len(),
            own.len(),
            fixed.iter().filter(|f| f.is_some()).count()
        );
    }
}

#[test]
fn a_shape_the_segment_does_not_fit_is_refused_naming_the_table() {
    let vm = trellis().vm();
    let Keyed {
        program,
        trace,
        pk,
        vk,
        own,
    } = keyed_fibonacci_segment();
    let fixed = vk.fixed_log_heights();
    let names: Vec<&str> = vm
        .segment_chips(Some(&program))
        .iter()
        .map(|c| c.name())
        .collect();
    let refused = |shape: &[u8]| -> String {
        match vm.prove_segment_at(
            &pk,
            &program,
            &trace,
            TraceHeights::Shape(shape),
            &mut |_| {},
        ) {
            Err(e @ ProofError::Shape(_)) => e.to_string(),
            Err(e) => panic!("{shape:?}: refused for another reason: {e}"),
            Ok(_) => panic!("{shape:?}: proven"),
        }
    };
    // The tallest table the prover sizes, one power of two shorter than it is.
    let tallest = (0..own.len())
        .filter(|&i| fixed[i].is_none())
        .max_by_key(|&i| own[i])
        .unwrap();
    let mut shorter = own.clone();
    shorter[tallest] -= 1;
    let err = refused(&shorter);
    assert!(err.contains(names[tallest]), "{err}");
    assert!(err.contains("more than the shape's"), "{err}");
    // A fixed-height table at another height.
    let program_table = (0..own.len()).find(|&i| fixed[i].is_some()).unwrap();
    let mut moved = own.clone();
    moved[program_table] += 1;
    let err = refused(&moved);
    assert!(err.contains(names[program_table]), "{err}");
    assert!(err.contains("fixed height"), "{err}");
    // A shape of another length.
    let err = refused(&own[1..]);
    assert!(err.contains("heights for"), "{err}");
}

#[test]
fn a_padding_row_turned_into_a_consistent_extra_hash_is_rejected() {
    use trellis_stark::{Matrix, PrimeCharacteristicRing, Val};
    use trellis_vm::system_chips::poseidon2::MULTIPLICITY_COL;
    let vm = trellis().vm();
    let Keyed {
        program,
        trace,
        pk,
        vk,
        own,
    } = keyed_fibonacci_segment();
    let fixed = vk.fixed_log_heights();
    let shape: Vec<u8> = own
        .iter()
        .zip(&fixed)
        .map(|(&h, f)| if f.is_some() { h } else { h + 1 })
        .collect();
    let (traces, public_values, _) = vm
        .fill_segment_traces_at(&program, &trace, TraceHeights::Shape(&shape))
        .unwrap();
    // The honest padded traces prove and verify.
    let honest = trellis_stark::prove_unchecked(&pk, &traces, &public_values).unwrap();
    trellis_stark::verify(&vk, &honest, &public_values).unwrap();

    // The Poseidon2 table's last row (padding) becomes a copy of a real row, every
    // permutation cell consistent, offering its hash once more: a hash nobody asked
    // for. The lookup no longer balances.
    let table = vm
        .segment_chips(None)
        .iter()
        .position(|c| c.name() == "poseidon2")
        .unwrap();
    let mut forged = traces.clone();
    let t = &mut forged[table];
    let (width, height) = (t.width, t.height());
    let mut row = t.values[..width].to_vec();
    assert_ne!(row[MULTIPLICITY_COL], Val::ZERO, "row 0 is a real hash");
    row[MULTIPLICITY_COL] = Val::ONE;
    t.values[(height - 1) * width..].copy_from_slice(&row);
    let rejected = match trellis_stark::prove_unchecked(&pk, &forged, &public_values) {
        Err(_) => true,
        Ok(proof) => trellis_stark::verify(&vk, &proof, &public_values).is_err(),
    };
    assert!(rejected, "an unrequested hash in the padding was accepted");
}
