//! The compression chip on real traced runs: honest traces satisfy every
//! constraint and prove; altered digest bytes, input bytes, round state and
//! control cells are rejected by the constraint or bus checks.

use super::columns::{SHA256_WIDTH, Sha256Cols};
use super::layout::{FINAL, FIRST_ROUND, ROWS_PER_BLOCK};
use super::{CHIP, Sha256Air};
use crate::compress::{IV, compress};
use crate::opcode::encode;
use p3_air::symbolic::AirLayout;
use p3_lookup::InteractionSymbolicBuilder;
use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, MemorySegment, OpcodeClass, Program};
use trellis_stark::{
    Challenge, ChipAir, DynAir, PrimeCharacteristicRing, ProofParams, RowMajorMatrix, Val,
    check_air_constraints,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{LookupCounters, TraceContext};
use trellis_vm::trace::ExecutionTrace;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

pub(super) const BASE: u32 = 0x0080_0000;
pub(super) const DATA: u32 = 0x0001_0000;

fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(crate::Sha256),
    )
    .unwrap()
}

/// `rd = value` with lui + addi.
pub(super) fn li(rd: u32, value: u32) -> [u32; 2] {
    let hi = value.wrapping_add(0x800) & 0xffff_f000;
    let lo = value.wrapping_sub(hi) & 0xfff;
    [hi | rd << 7 | 0x37, lo << 20 | rd << 15 | rd << 7 | 0x13]
}

/// A program that compresses `blocks` (64 bytes each, at DATA + 32 + 64 i)
/// into the IV at DATA, then terminates.
fn program(blocks: &[[u8; 64]]) -> Program {
    let mut words = li(10, DATA).to_vec();
    for i in 0..blocks.len() as u32 {
        words.extend(li(11, DATA + 32 + 64 * i));
        words.push(encode(10, 11));
    }
    let mut image: Vec<u8> = IV.iter().flat_map(|w| w.to_le_bytes()).collect();
    for b in blocks {
        image.extend(b);
    }
    program_from(&words, image)
}

/// The program running `words` (RV32IM or sha256 encodings) at `BASE` and
/// then terminating, with `image` at `DATA`.
pub(super) fn program_from(words: &[u32], image: Vec<u8>) -> Program {
    let mut instructions: Vec<Instruction> = words
        .iter()
        .map(|&w| {
            trellis_rv32im::decoder::decode(w)
                .or_else(|| crate::decoder::decode(w))
                .unwrap()
        })
        .collect();
    instructions.push(Instruction::nullary(SystemOpcode::Terminate.global()));
    Program {
        pc_base: BASE,
        entry_pc: BASE,
        instructions,
        memory_image: vec![MemorySegment {
            start: DATA,
            bytes: image,
        }],
    }
}

fn blocks(n: usize) -> Vec<[u8; 64]> {
    (0..n)
        .map(|b| std::array::from_fn(|i| (i * 31 + b * 7 + 5) as u8))
        .collect()
}

fn run(program: &Program) -> ExecutionTrace {
    let vm = vm();
    let loaded = vm.load(program).unwrap();
    vm.execute_traced(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap()
}

fn chip_trace(program: &Program, trace: &ExecutionTrace) -> RowMajorMatrix<Val> {
    let vm = vm();
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(program, trace, &counters, |slot| {
        vm.registered()[slot as usize].entry.chip
    });
    super::trace::generate_trace(&ctx)
}

fn col() -> Sha256Cols<usize> {
    Sha256Cols::read(&(0..SHA256_WIDTH).collect::<Vec<_>>())
}

#[test]
fn executes_like_the_reference() {
    let blocks = blocks(3);
    let trace = run(&program(&blocks));
    let mut state = IV;
    for b in &blocks {
        state = compress(state, crate::compress::block_words(b)).output;
    }
    for (i, want) in state.iter().enumerate() {
        let word = trace
            .touched
            .iter()
            .find(|w| w.address_space == 2 && w.pointer == DATA + 4 * i as u32)
            .unwrap();
        assert_eq!(word.final_value, *want, "state word {i}");
    }
}

#[test]
fn honest_trace_satisfies_every_constraint() {
    let p = program(&blocks(3));
    let trace = chip_trace(&p, &run(&p));
    assert_eq!(trace.width, SHA256_WIDTH);
    assert_eq!(trace.values.len() / SHA256_WIDTH, 256);
    check_air_constraints(&DynAir::new(Sha256Air), &trace, &[]).unwrap();
}

#[test]
fn degrees_fit_the_prover() {
    let air = DynAir::new(Sha256Air);
    let builder =
        InteractionSymbolicBuilder::<Val, Challenge>::from_air(&air, AirLayout::from_air(&air));
    let constraint = builder
        .base_constraints()
        .iter()
        .map(|c| c.degree_multiple())
        .max()
        .unwrap();
    assert_eq!(constraint, 3);
    // 300 before `a`, `e` were constrained boolean (issue #10 item 1.1).
    assert_eq!(builder.base_constraints().len(), 364);
    let interactions = builder.global_interactions();
    assert_eq!(interactions.len(), 23);
    assert!(interactions.iter().all(|i| i.count.degree_multiple() <= 1));
    assert!(
        interactions
            .iter()
            .flat_map(|i| &i.fields)
            .all(|f| f.degree_multiple() <= 2)
    );
    assert_eq!(SHA256_WIDTH, 364);
}

/// Keys for `program` and its honest traces.
struct Proving {
    pk: trellis_stark::ProvingKey<DynAir>,
    traces: Vec<RowMajorMatrix<Val>>,
    public_values: Vec<Vec<Val>>,
    index: usize,
}

fn proving(program: &Program) -> Proving {
    let vm = vm();
    let loaded = vm.load(program).unwrap();
    let (_, traces, public_values) = vm
        .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    let (pk, _) = vm
        .keygen(program, &ProofParams::insecure_test_fast())
        .unwrap();
    let index = vm
        .chips(Some(program))
        .iter()
        .position(|c| c.name() == CHIP)
        .unwrap();
    Proving {
        pk,
        traces,
        public_values,
        index,
    }
}

#[test]
fn honest_run_proves_and_verifies() {
    let p = program(&blocks(2));
    let vm = vm();
    let (pk, vk) = vm.keygen(&p, &ProofParams::insecure_test_fast()).unwrap();
    let loaded = vm.load(&p).unwrap();
    let (result, proof) = vm
        .prove(
            &pk,
            &loaded,
            HostIo::captured(vec![]),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let claim = trellis_vm::circuit::Claim::of_run(p.entry_pc, &result);
    vm.verify(&vk, &proof, &claim).unwrap();
}

#[test]
fn altered_cells_are_rejected() {
    let p = program(&blocks(2));
    let honest = proving(&p);
    trellis_stark::check_traces(&honest.pk, &honest.traces, &honest.public_values)
        .expect("honest traces");
    let c = col();
    let round = |r: usize| FIRST_ROUND + r;
    // (what, row, column, new value or None for +1)
    let cases: Vec<(&str, usize, usize, Option<Val>)> = vec![
        ("digest byte (output word 0)", FINAL, c.slot_a.data[1], None),
        (
            "digest byte (output word 7)",
            round(61),
            c.slot_e.data[3],
            None,
        ),
        ("digest carry", round(62), c.slot_a.carry[0], None),
        (
            "input byte read from memory",
            round(3),
            c.slot_a.data[2],
            None,
        ),
        ("input word in the schedule", round(3), c.w[1], None),
        ("loaded state byte", 2, c.slot_e.data[0], None),
        ("round state bit a", round(30), c.a[5], None),
        (
            "round state bit e",
            ROWS_PER_BLOCK + round(7),
            c.e[31],
            None,
        ),
        ("round state limb d", round(40), c.d[1], None),
        ("round state limb h", round(12), c.h[0], None),
        ("round carry", round(20), c.carry_a[4], None),
        ("round slack", round(20), c.slack[2], None),
        ("schedule window", round(40), c.window[7], None),
        ("schedule bit", round(33), c.w14_bits[9], None),
        ("schedule slack", round(50), c.slack_w[1], None),
        ("round constant", round(9), c.ctl.k[0], None),
        ("position", round(9), c.ctl.j, None),
        ("flag", round(9), c.ctl.reads_block, Some(Val::ZERO)),
        ("row timestamp", round(9), c.ts, None),
        ("state pointer", round(9), c.state_ptr, None),
        ("block pointer", 3, c.block_ptr, None),
        ("pointer limb", 0, c.ptr_limbs[1], None),
        (
            "access timestamp gap",
            round(2),
            c.slot_a.access.gap_lo,
            None,
        ),
        ("pc", 0, c.pc, None),
        ("register operand", 0, c.op_b, None),
    ];
    for (what, row, column, value) in cases {
        let mut traces = honest.traces.clone();
        let t = &mut traces[honest.index];
        let at = row * SHA256_WIDTH + column;
        t.values[at] = value.unwrap_or(t.values[at] + Val::ONE);
        assert_ne!(
            t.values[at], honest.traces[honest.index].values[at],
            "{what}: no change"
        );
        assert!(
            trellis_stark::check_traces(&honest.pk, &traces, &honest.public_values).is_err(),
            "{what}: accepted"
        );
    }
}

#[test]
fn misaligned_and_out_of_bounds_pointers_stop_the_machine() {
    let vm = vm();
    for (state, block, want) in [
        (DATA + 2, DATA + 32, "misaligned"),
        (DATA, DATA + 33, "misaligned"),
        (0x800, DATA, "outside guest memory"),
        (DATA, 0x1fff_fff0, "outside guest memory"),
    ] {
        let mut words = li(10, state).to_vec();
        words.extend(li(11, block));
        words.push(encode(10, 11));
        let mut p = program(&[]);
        p.instructions = words
            .iter()
            .map(|&w| {
                trellis_rv32im::decoder::decode(w)
                    .or_else(|| crate::decoder::decode(w))
                    .unwrap()
            })
            .collect();
        let loaded = vm.load(&p).unwrap();
        let e = vm
            .execute(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
            .unwrap_err();
        assert!(e.to_string().contains(want), "{e}");
        assert!(e.to_string().contains("sha256"), "{e}");
    }
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(Sha256Air));
}

#[test]
fn schedule_column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(super::ScheduleAir));
}

/// `b, c, f, g` have no booleanity constraint of their own (they are
/// copies of `a`, `e` bits of earlier rows): declared as bits, exactly
/// their 128 columns are reported.
#[test]
fn copied_lanes_are_not_bits_of_their_own() {
    use trellis_stark::contract::check_column_contract;
    use trellis_vm::circuit::contracts::{Domain, range_vocabulary};
    let mut domains = Sha256Air.column_domains().unwrap();
    let c = col();
    let copies: Vec<usize> = [c.b, c.c, c.f, c.g].into_iter().flatten().collect();
    for &i in &copies {
        domains[i] = Domain::Bit;
    }
    let reported: Vec<usize> = check_column_contract(&Sha256Air, &domains, &range_vocabulary)
        .unwrap_err()
        .into_iter()
        .map(|v| v.column)
        .collect();
    assert_eq!(reported, copies);
}
