//! KeccakF: execution against reference permutations, honest traces of
//! real runs, proofs, and altered traces (digest byte, input byte, round
//! state, pointer, padding) that constraints or buses reject.

mod forgery;
mod guard_page;
mod lying;
mod without;

use super::{CHIP, IO_WIDTH, IoCols, KECCAK_WIDTH, KeccakfAir, KeccakfChip, SLOTS, slot_word};
use crate::Keccak;
use crate::decoder::encode;
use p3_keccak_air::{KeccakCols, NUM_KECCAK_COLS};
use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, MemorySegment, OpcodeClass, Program};
use trellis_rv32im::Rv32im;
use trellis_stark::{
    DynAir, PrimeCharacteristicRing, ProofParams, RowMajorMatrix, Val, check_air_constraints,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{Chip, LookupCounters, TraceContext};
use trellis_vm::trace::ExecutionTrace;
use trellis_vm::{ExecError, ExecOptions, HostIo, Vm, VmConfig};

const BASE: u32 = 0x0080_0000;
const STATE: u32 = 0x0010_0000;

fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(Rv32im)
            .with_extension(Keccak),
    )
    .unwrap()
}

/// `lui rd, hi; addi rd, rd, lo` with `hi + lo = value` (lo a signed 12-bit immediate).
fn li(rd: u32, value: u32) -> [u32; 2] {
    let hi = value.wrapping_add(0x800) & !0xfff;
    let lo = value.wrapping_sub(hi) & 0xfff;
    [hi | rd << 7 | 0x37, lo << 20 | rd << 15 | rd << 7 | 0x13]
}

/// `li a0, ptr`, then `keccakf a0` `times` times, then `terminate(0)`,
/// with `state` (200 bytes) in the image at [`STATE`].
fn program(ptr: u32, times: usize, state: &[u8]) -> Program {
    let mut words = li(10, ptr).to_vec();
    words.extend(std::iter::repeat_n(encode(10), times));
    let mut instructions: Vec<Instruction> = words
        .iter()
        .map(|&w| {
            trellis_rv32im::decoder::decode(w)
                .or_else(|| crate::decoder::decode(w))
                .unwrap()
        })
        .collect();
    instructions.push(Instruction::from_u32s(
        SystemOpcode::Terminate.global(),
        [0; 7],
    ));
    Program {
        pc_base: BASE,
        entry_pc: BASE,
        instructions,
        memory_image: vec![MemorySegment {
            start: STATE,
            bytes: state.to_vec(),
        }],
    }
}

fn random_state(seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..200)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn traced(program: &Program) -> ExecutionTrace {
    let vm = vm();
    let loaded = vm.load(program).unwrap();
    vm.execute_traced(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap()
}

/// The 25 lanes at [`STATE`] after the run.
fn final_state(trace: &ExecutionTrace) -> [u64; 25] {
    let word = |addr: u32| {
        trace
            .touched
            .iter()
            .find(|w| w.address_space == 2 && w.pointer == addr)
            .map_or(0, |w| w.final_value)
    };
    std::array::from_fn(|i| {
        let at = STATE + 8 * i as u32;
        u64::from(word(at)) | u64::from(word(at + 4)) << 32
    })
}

/// Keccak-f\[1600\] as p3-keccak-air's trace generator computes it (an
/// implementation independent of the executor's `keccak` crate).
fn reference(state: [u64; 25]) -> [u64; 25] {
    let trace = p3_keccak_air::generate_trace_rows::<Val>(vec![state], 0);
    let last = &trace.values[23 * NUM_KECCAK_COLS..24 * NUM_KECCAK_COLS];
    let k: &KeccakCols<Val> = core::borrow::Borrow::borrow(last);
    std::array::from_fn(|i| {
        (0..4)
            .map(|l| {
                u64::from(trellis_stark::PrimeField32::as_canonical_u32(
                    &k.a_prime_prime_prime(i / 5, i % 5, l),
                )) << (16 * l)
            })
            .sum()
    })
}

fn lanes_of(bytes: &[u8]) -> [u64; 25] {
    std::array::from_fn(|i| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap()))
}

#[test]
fn permutes_the_state_in_memory() {
    // Keccak-f[1600] of the zero state: the first lane of the published vector.
    let trace = traced(&program(STATE, 1, &[0; 200]));
    assert_eq!(final_state(&trace)[0], 0xf125_8f79_40e1_dde7);
    for seed in 1..4 {
        let state = random_state(seed);
        let trace = traced(&program(STATE, 2, &state));
        let expected = reference(reference(lanes_of(&state)));
        assert_eq!(final_state(&trace), expected, "seed {seed}");
    }
}

#[test]
fn accesses_are_rs1_then_each_word_once() {
    let trace = traced(&program(STATE, 1, &random_state(7)));
    let step = trace.steps.iter().find(|s| s.access_count == 51).unwrap();
    let accesses = trace.accesses_of(step);
    assert_eq!((accesses[0].address_space, accesses[0].pointer), (1, 40));
    for (w, a) in accesses[1..].iter().enumerate() {
        assert_eq!((a.address_space, a.pointer), (2, STATE + 4 * w as u32));
        assert_eq!(a.timestamp, step.timestamp + 1 + w as u32);
    }
}

#[test]
fn bad_pointers_stop_the_machine() {
    let vm = vm();
    let run = |ptr: u32| {
        let loaded = vm.load(&program(ptr, 1, &[0; 200])).unwrap();
        vm.execute(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
    };
    let pc = BASE + 8;
    let access = "keccakf state access";
    assert_eq!(
        run(STATE + 2).unwrap_err(),
        ExecError::MisalignedAccess {
            pc,
            addr: STATE + 2,
            size: 200,
            access
        }
    );
    for addr in [0, 0x0000_0f40, 0x1fff_ff40, 0x7fff_f000] {
        assert_eq!(
            run(addr).unwrap_err(),
            ExecError::MemoryOutOfBounds {
                pc,
                addr,
                size: 200,
                access
            },
            "{addr:#x}"
        );
    }
    // The last state that fits.
    assert!(run(0x2000_0000 - 200).is_ok());
}

#[test]
fn bad_operands_are_rejected_before_running() {
    let vm = vm();
    let mut p = program(STATE, 1, &[0; 200]);
    p.instructions[2].c = Val::ONE;
    assert!(vm.load(&p).is_err());
    let mut p = program(STATE, 1, &[0; 200]);
    p.instructions[2].b = Val::from_u32(3);
    assert!(vm.load(&p).is_err());
}

/// A traced run and its KeccakF trace.
struct Honest {
    program: Program,
    trace: RowMajorMatrix<Val>,
}

fn honest(times: usize) -> Honest {
    let program = program(STATE, times, &random_state(times as u64));
    let vm = vm();
    let run = traced(&program);
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(&program, &run, &counters, |slot| {
        vm.registered()[slot as usize].entry.chip
    });
    let trace = KeccakfChip.generate_trace(&ctx);
    assert_eq!(trace.width, KECCAK_WIDTH);
    check_air_constraints(&DynAir::new(KeccakfAir), &trace, &[]).unwrap();
    Honest { program, trace }
}

fn io_col() -> IoCols<usize> {
    IoCols::read(&(NUM_KECCAK_COLS..NUM_KECCAK_COLS + IO_WIDTH).collect::<Vec<_>>())
}

fn keccak_col() -> KeccakCols<usize> {
    let indices: Vec<usize> = (0..NUM_KECCAK_COLS).collect();
    let k: &KeccakCols<usize> = core::borrow::Borrow::borrow(&indices[..]);
    KeccakCols {
        step_flags: k.step_flags,
        export: k.export,
        preimage: k.preimage,
        a: k.a,
        c: k.c,
        c_prime: k.c_prime,
        a_prime: k.a_prime,
        a_prime_prime: k.a_prime_prime,
        a_prime_prime_0_0_bits: k.a_prime_prime_0_0_bits,
        a_prime_prime_prime_0_0_limbs: k.a_prime_prime_prime_0_0_limbs,
    }
}

#[test]
fn trace_shape() {
    let h = honest(3);
    // 3 permutations of 24 rows, padded to 128 rows with zero permutations.
    assert_eq!(h.trace.values.len() / KECCAK_WIDTH, 128);
    assert_eq!(KECCAK_WIDTH, 2633 + 142);
    let c = io_col();
    let at = |row: usize, col: usize| h.trace.values[row * KECCAK_WIDTH + col];
    assert_eq!(at(0, c.is_start), Val::ONE);
    assert_eq!(at(24, c.is_start), Val::ONE);
    assert_eq!(at(72, c.is_real), Val::ZERO);
    // Every word is in exactly one slot.
    let mut words: Vec<(usize, usize)> = (0..24)
        .flat_map(|r| (0..SLOTS).filter_map(move |s| slot_word(r, s)))
        .collect();
    words.sort();
    words.dedup();
    assert_eq!(words.len(), 50);
    // An empty run still has one (padding) permutation.
    let empty = program(STATE, 0, &[0; 200]);
    let vm = vm();
    let run = traced(&empty);
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(&empty, &run, &counters, |slot| {
        vm.registered()[slot as usize].entry.chip
    });
    let t = KeccakfChip.generate_trace(&ctx);
    assert_eq!(t.values.len() / KECCAK_WIDTH, 32);
    check_air_constraints(&DynAir::new(KeccakfAir), &t, &[]).unwrap();
}

/// Proves the run of `h.program` with every chip after `alter` changed the
/// KeccakF trace; `Ok` if the prover's checks accept it.
fn check_altered(h: &Honest, alter: impl FnOnce(&mut RowMajorMatrix<Val>)) -> Result<(), String> {
    let vm = vm();
    let loaded = vm.load(&h.program).unwrap();
    let (_, mut traces, pvs) = vm
        .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    let index = vm
        .chips(Some(&h.program))
        .iter()
        .position(|c| c.name() == CHIP)
        .unwrap();
    assert_eq!(traces[index], h.trace);
    alter(&mut traces[index]);
    let (pk, _) = vm
        .keygen(&h.program, &ProofParams::insecure_test_fast())
        .unwrap();
    trellis_stark::check_traces(&pk, &traces, &pvs).map_err(|e| e.to_string())
}

fn set(t: &mut RowMajorMatrix<Val>, row: usize, col: usize, value: Val) {
    t.values[row * KECCAK_WIDTH + col] = value;
}

fn add(t: &mut RowMajorMatrix<Val>, row: usize, col: usize, by: u32) {
    t.values[row * KECCAK_WIDTH + col] += Val::from_u32(by);
}

#[test]
fn honest_traces_pass_every_check_and_prove() {
    let h = honest(2);
    check_altered(&h, |_| {}).unwrap();
    let vm = vm();
    let (pk, vk) = vm
        .keygen(&h.program, &ProofParams::insecure_test_fast())
        .unwrap();
    let loaded = vm.load(&h.program).unwrap();
    let (result, proof) = vm
        .prove(
            &pk,
            &loaded,
            HostIo::captured(vec![]),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let claim = trellis_vm::circuit::Claim::of_run(BASE, &result);
    vm.verify(&vk, &proof, &claim).unwrap();
}

#[test]
fn altered_output_bytes_are_rejected() {
    let h = honest(2);
    let c = io_col();
    // A written byte (the digest's source) of the second permutation, with
    // and without the matching output limb changed too.
    let err = check_altered(&h, |t| add(t, 24 + 5, c.slot1.data[0], 1)).unwrap_err();
    assert!(!err.is_empty());
    let (lane, limb) = slot_word(5, 1).unwrap();
    let err = check_altered(&h, |t| {
        for r in 24..48 {
            add(t, r, c.output.get(lane, limb), 1);
        }
        add(t, 24 + 5, c.slot1.data[0], 1);
    })
    .unwrap_err();
    assert!(!err.is_empty());
    // The output limb alone.
    assert!(check_altered(&h, |t| add(t, 30, c.output.limb2[4], 1)).is_err());
}

#[test]
fn altered_input_bytes_are_rejected() {
    let h = honest(2);
    let c = io_col();
    // The byte read from memory, with and without the preimage following it.
    assert!(check_altered(&h, |t| add(t, 3, c.slot2.prev[1], 1)).is_err());
    let k = keccak_col();
    let (lane, first) = slot_word(3, 2).unwrap();
    assert!(
        check_altered(&h, |t| {
            for r in 0..24 {
                add(t, r, k.preimage[lane / 5][lane % 5][first], 256);
            }
            add(t, 0, k.a[lane / 5][lane % 5][first], 256);
            add(t, 3, c.slot2.prev[1], 1);
        })
        .is_err()
    );
}

#[test]
fn altered_round_state_is_rejected() {
    let h = honest(1);
    let k = keccak_col();
    for (row, col) in [
        (4, k.a_prime[1][2][3]),
        (10, k.a[0][0][0]),
        (23, k.a_prime_prime[4][4][3]),
        (23, k.a_prime_prime_prime_0_0_limbs[1]),
        (7, k.c[2][60]),
        (0, k.step_flags[0]),
        (5, k.preimage[2][2][2]),
    ] {
        assert!(
            check_altered(&h, |t| add(t, row, col, 1)).is_err(),
            "row {row} column {col}"
        );
    }
}

#[test]
fn altered_instruction_columns_are_rejected() {
    let h = honest(2);
    let c = io_col();
    let cases: Vec<(&str, usize, usize, Option<Val>)> = vec![
        ("pointer", 24, c.ptr, None),
        ("pointer on a later row", 30, c.ptr, None),
        ("timestamp", 0, c.timestamp, None),
        ("pc", 24, c.pc, None),
        ("rs1 operand", 0, c.rs1, None),
        ("rs1 byte", 24, c.slot0.data[0], None),
        ("gap limb", 10, c.slot1.access.gap_lo, None),
        ("prev timestamp", 11, c.slot0.access.prev_timestamp, None),
        ("is_real off", 24, c.is_real, Some(Val::ZERO)),
        ("is_start off", 0, c.is_start, Some(Val::ZERO)),
        ("io_row off", 16, c.io_row, Some(Val::ZERO)),
        ("padding made real", 48, c.is_real, Some(Val::ONE)),
        ("accesses on round 17", 17, c.io_row, Some(Val::ONE)),
    ];
    for (what, row, col, value) in cases {
        let result = check_altered(&h, |t| match value {
            Some(v) => set(t, row, col, v),
            None => add(t, row, col, 1),
        });
        assert!(result.is_err(), "{what}: accepted");
    }
}

#[test]
fn a_whole_fake_permutation_is_rejected() {
    // Padding permutation 3 (rows 72..96 of 128) turned into a real instruction is not backed by
    // an executed keccakf (exec and program buses).
    let h = honest(3);
    let c = io_col();
    let err = check_altered(&h, |t| {
        for r in 72..96 {
            set(t, r, c.is_real, Val::ONE);
            set(t, r, c.io_row, Val::from_bool(r - 72 < 17));
        }
        set(t, 72, c.is_start, Val::ONE);
    })
    .unwrap_err();
    assert!(!err.is_empty());
}

#[test]
fn degrees_and_interactions_fit_the_prover() {
    use p3_air::symbolic::AirLayout;
    use p3_lookup::InteractionSymbolicBuilder;
    use trellis_stark::Challenge;
    let air = DynAir::new(KeccakfAir);
    let builder =
        InteractionSymbolicBuilder::<Val, Challenge>::from_air(&air, AirLayout::from_air(&air));
    let constraint = builder
        .base_constraints()
        .iter()
        .map(|c| c.degree_multiple())
        .max()
        .unwrap();
    let interactions = builder.global_interactions();
    let field = interactions
        .iter()
        .flat_map(|i| &i.fields)
        .map(|f| f.degree_multiple())
        .max()
        .unwrap();
    let count = interactions
        .iter()
        .map(|i| i.count.degree_multiple())
        .max()
        .unwrap();
    assert_eq!((constraint, field, count), (3, 2, 1));
    // 3 slots × (2 memory + 2 range + 2 byte pairs), 3 pointer range
    // checks, 2 exec, 1 program.
    assert_eq!(interactions.len(), 3 * 6 + 3 + 2 + 1);
}

/// Every (bus, tuple) with its net count, for one chip's trace.
fn traffic(trace: &RowMajorMatrix<Val>) -> std::collections::BTreeMap<(String, Vec<u32>), i64> {
    let mut net = std::collections::BTreeMap::new();
    for i in trellis_vm::system_chips::bus_tally::interactions(&KeccakfAir, trace, &[]) {
        *net.entry((i.bus, i.fields)).or_insert(0) += i.count;
    }
    net.retain(|_, c| *c != 0);
    net
}

#[test]
fn every_instruction_cell_is_constrained() {
    // Each column of [`IoCols`] and the export flag, on real rows (round 0,
    // an access row, the last access row, a row without accesses, the last
    // round) and on a padding row: +1 breaks a constraint or changes the
    // chip's bus traffic (which then cannot balance: no other chip changed).
    let h = honest(1);
    let honest_traffic = traffic(&h.trace);
    let air = DynAir::new(KeccakfAir);
    let mut columns: Vec<usize> = (NUM_KECCAK_COLS..KECCAK_WIDTH).collect();
    columns.push(keccak_col().export);
    let mut accepted = Vec::new();
    for row in [0, 5, 16, 17, 23, 26] {
        for &col in &columns {
            let mut t = h.trace.clone();
            add(&mut t, row, col, 1);
            if check_air_constraints(&air, &t, &[]).is_ok() && traffic(&t) == honest_traffic {
                accepted.push((row, col - NUM_KECCAK_COLS));
            }
        }
    }
    assert!(
        accepted.is_empty(),
        "unconstrained (row, io column): {accepted:?}"
    );
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&trellis_stark::DynAir::new(
        super::KeccakfAir,
    ));
}
