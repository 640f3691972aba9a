//! The bigint chip on real traced runs: the executor against an
//! independent reference on random and extreme operands, honest traces
//! satisfy every constraint and prove, altered cells and bad pointers are
//! rejected.

use super::columns::{BIGINT_WIDTH, BigIntCols};
use super::{BigIntAir, CHIP};
use crate::Modulus;
use crate::opcode::{BigIntOpcode, encode};
use num_bigint::BigUint;
use p3_air::symbolic::AirLayout;
use p3_lookup::InteractionSymbolicBuilder;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, MemorySegment, OpcodeClass, Program};
use trellis_rv32im::ecall::abi::REVEAL;
use trellis_stark::{
    Challenge, DynAir, PrimeCharacteristicRing, ProofParams, RowMajorMatrix, Val,
    check_air_constraints,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::{Claim, LookupCounters, TraceContext};
use trellis_vm::trace::ExecutionTrace;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

pub(super) const BASE: u32 = 0x0080_0000;
pub(super) const DATA: u32 = 0x0001_0000;

/// Every operation.
pub(super) const OPS: [BigIntOpcode; 3] = [
    BigIntOpcode::AddMod,
    BigIntOpcode::SubMod,
    BigIntOpcode::MulMod,
];

pub(super) fn vm() -> Vm {
    Vm::new(
        VmConfig::new()
            .with_extension(trellis_rv32im::Rv32im)
            .with_extension(crate::BigInt),
    )
    .unwrap()
}

/// `rd = value` with lui + addi.
pub(super) fn li(rd: u32, value: u32) -> [u32; 2] {
    let hi = value.wrapping_add(0x800) & 0xffff_f000;
    let lo = value.wrapping_sub(hi) & 0xfff;
    [hi | rd << 7 | 0x37, lo << 20 | rd << 15 | rd << 7 | 0x13]
}

/// One operation of a test program: result, a and b at these offsets
/// from `DATA`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Call {
    pub op: BigIntOpcode,
    pub modulus: Modulus,
    pub r: u32,
    pub a: u32,
    pub b: u32,
}

/// The program that runs `calls` in order over `image` (at `DATA`), then
/// reveals `reveal` bytes from `DATA` and terminates.
pub(super) fn program(calls: &[Call], image: Vec<u8>, reveal: u32) -> Program {
    let mut words = Vec::new();
    for c in calls {
        words.extend(li(10, DATA + c.r));
        words.extend(li(11, DATA + c.a));
        words.extend(li(12, DATA + c.b));
        words.push(encode(c.op, c.modulus, 10, 11, 12));
    }
    words.extend(li(10, DATA));
    words.extend(li(11, reveal));
    words.extend(li(17, REVEAL));
    words.push(0x0000_0073); // ecall
    program_from(&words, image)
}

/// The program running `words` at `BASE`, then terminating, with `image`
/// at `DATA`.
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

/// The reference: `(a op b) mod m` from additions, subtractions and
/// comparisons only (bit-serial multiplication), independent of the
/// executor's `num-bigint` multiplication and division.
pub(super) fn reference(op: BigIntOpcode, m: Modulus, a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let m = m.value();
    let reduce = |mut x: BigUint| {
        while x >= m {
            x -= &m;
        }
        x
    };
    let (a, b) = (
        reduce(BigUint::from_bytes_le(a)),
        reduce(BigUint::from_bytes_le(b)),
    );
    let r = match op {
        BigIntOpcode::AddMod => reduce(a + b),
        BigIntOpcode::SubMod => reduce(a + &m - b),
        BigIntOpcode::MulMod => {
            let mut acc = BigUint::ZERO;
            for i in (0..256).rev() {
                acc = reduce(&acc + &acc);
                if b.bit(i) {
                    acc = reduce(acc + &a);
                }
            }
            acc
        }
    };
    let mut out = [0u8; 32];
    let bytes = r.to_bytes_le();
    out[..bytes.len()].copy_from_slice(&bytes);
    out
}

/// Interesting operands for `m`: 0, 1, m - 1, m, m + 1, 2^256 - 1.
pub(super) fn edges(m: Modulus) -> Vec<[u8; 32]> {
    let mv = m.value();
    let one = BigUint::from(1u32);
    let max = (BigUint::from(1u32) << 256u32) - 1u32;
    [
        BigUint::ZERO,
        one.clone(),
        &mv - 1u32,
        mv.clone(),
        &mv + 1u32,
        max,
    ]
    .into_iter()
    .filter(|x| x.bits() <= 256)
    .map(|x| {
        let mut out = [0u8; 32];
        let bytes = x.to_bytes_le();
        out[..bytes.len()].copy_from_slice(&bytes);
        out
    })
    .collect()
}

/// A batch of independent calls: operands `(a_i, b_i)` and result slots,
/// laid out as `r_0 .. r_{n-1}, a_0, b_0, a_1, b_1, ..`.
pub(super) fn batch(cases: &[(BigIntOpcode, Modulus, [u8; 32], [u8; 32])]) -> Program {
    let n = cases.len() as u32;
    let mut image = vec![0u8; 32 * n as usize];
    let mut calls = Vec::new();
    for (i, (op, modulus, a, b)) in cases.iter().enumerate() {
        let i = i as u32;
        image.extend(a);
        image.extend(b);
        calls.push(Call {
            op: *op,
            modulus: *modulus,
            r: 32 * i,
            a: 32 * n + 64 * i,
            b: 32 * n + 64 * i + 32,
        });
    }
    program(&calls, image, 32 * n)
}

pub(super) fn run(program: &Program) -> ExecutionTrace {
    let vm = vm();
    let loaded = vm.load(program).unwrap();
    vm.execute_traced(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap()
}

fn revealed(program: &Program) -> Vec<u8> {
    let vm = vm();
    let loaded = vm.load(program).unwrap();
    let result = vm
        .execute(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    assert_eq!(result.exit_code, 0);
    result.public_output
}

fn chip_trace(program: &Program, trace: &ExecutionTrace) -> RowMajorMatrix<Val> {
    let vm = vm();
    let counters = LookupCounters::new();
    let ctx = TraceContext::new(program, trace, &counters, |slot| {
        vm.registered()[slot as usize].entry.chip
    });
    super::trace::generate_trace(&ctx)
}

pub(super) fn random_cases(
    rng: &mut ChaCha8Rng,
    n: usize,
) -> Vec<(BigIntOpcode, Modulus, [u8; 32], [u8; 32])> {
    (0..n)
        .map(|_| {
            let op = OPS[rng.random_range(0..3)];
            let m = Modulus::ALL[rng.random_range(0..5)];
            let mut operand = || -> [u8; 32] {
                match rng.random_range(0..4) {
                    0 => {
                        let e = edges(m);
                        e[rng.random_range(0..e.len())]
                    }
                    _ => rng.random(),
                }
            };
            (op, m, operand(), operand())
        })
        .collect()
}

/// Host differential: a few hundred random and extreme operand pairs
/// (any 256-bit values, canonical or not), every operation and modulus,
/// through the executor against the reference.
#[test]
fn executes_like_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut cases = random_cases(&mut rng, 300);
    for m in Modulus::ALL {
        for op in OPS {
            for a in edges(m) {
                for b in edges(m) {
                    cases.push((op, m, a, b));
                }
            }
        }
    }
    for chunk in cases.chunks(32) {
        let out = revealed(&batch(chunk));
        for (i, (op, m, a, b)) in chunk.iter().enumerate() {
            let want = reference(*op, *m, a, b);
            assert_eq!(
                out[32 * i..32 * i + 32],
                want,
                "{} {}: a = {a:02x?}, b = {b:02x?}",
                op.mnemonic(),
                m.name()
            );
        }
    }
}

/// The result may alias either operand (or both): operands are read
/// before the result is written.
#[test]
fn result_may_alias_the_operands() {
    let m = Modulus::Secp256k1P;
    let a: [u8; 32] = std::array::from_fn(|i| (i * 7 + 3) as u8);
    let b: [u8; 32] = std::array::from_fn(|i| (255 - i * 5) as u8);
    let mut image = a.to_vec();
    image.extend(b);
    let calls = [
        // a = a * b; b = a - b (the new a); a = a + a.
        Call {
            op: BigIntOpcode::MulMod,
            modulus: m,
            r: 0,
            a: 0,
            b: 32,
        },
        Call {
            op: BigIntOpcode::SubMod,
            modulus: m,
            r: 32,
            a: 0,
            b: 32,
        },
        Call {
            op: BigIntOpcode::AddMod,
            modulus: m,
            r: 0,
            a: 0,
            b: 0,
        },
    ];
    let p = program(&calls, image, 64);
    let a1 = reference(BigIntOpcode::MulMod, m, &a, &b);
    let b1 = reference(BigIntOpcode::SubMod, m, &a1, &b);
    let a2 = reference(BigIntOpcode::AddMod, m, &a1, &a1);
    let out = revealed(&p);
    assert_eq!(out[..32], a2);
    assert_eq!(out[32..], b1);
    let trace = chip_trace(&p, &run(&p));
    check_air_constraints(&DynAir::new(BigIntAir), &trace, &[]).unwrap();
    prove_and_verify(&p);
}

/// Keygen, prove and verify `program` with the test parameters.
fn prove_and_verify(p: &Program) -> Vec<u8> {
    let vm = vm();
    let (pk, vk) = vm.keygen(p, &ProofParams::insecure_test_fast()).unwrap();
    let loaded = vm.load(p).unwrap();
    let (result, proof) = vm
        .prove(
            &pk,
            &loaded,
            HostIo::captured(vec![]),
            &ExecOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let claim = Claim::of_run(p.entry_pc, &result);
    vm.verify(&vk, &proof, &claim).unwrap();
    result.public_output
}

#[test]
fn honest_trace_satisfies_every_constraint() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let p = batch(&random_cases(&mut rng, 32));
    let trace = chip_trace(&p, &run(&p));
    assert_eq!(trace.width, BIGINT_WIDTH);
    assert_eq!(trace.values.len() / BIGINT_WIDTH, 32);
    check_air_constraints(&DynAir::new(BigIntAir), &trace, &[]).unwrap();
}

#[test]
fn degrees_fit_the_prover() {
    let air = DynAir::new(BigIntAir);
    let builder =
        InteractionSymbolicBuilder::<Val, Challenge>::from_air(&air, AirLayout::from_air(&air));
    let degree = builder
        .base_constraints()
        .iter()
        .map(|c| c.degree_multiple())
        .max()
        .unwrap();
    assert_eq!(degree, 3);
    let interactions = builder.global_interactions();
    // 27 accesses × 4, 3 pointers × 3 range checks, 33 byte pairs, 63
    // carries, execution (2) and program (1).
    assert_eq!(interactions.len(), 108 + 9 + 33 + 63 + 3);
    assert!(interactions.iter().all(|i| i.count.degree_multiple() <= 1));
    assert!(
        interactions
            .iter()
            .flat_map(|i| &i.fields)
            .all(|f| f.degree_multiple() <= 1)
    );
    assert_eq!(BIGINT_WIDTH, 369);
    // 9 flag, 1 modulus sum, 3 pointer, 27 timestamp gap, 64 identity, 66 comparison.
    assert_eq!(builder.base_constraints().len(), 170);
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(BigIntAir));
}

/// Keys for `program` and its honest traces.
pub(super) struct Proving {
    pub pk: trellis_stark::ProvingKey<DynAir>,
    pub traces: Vec<RowMajorMatrix<Val>>,
    pub public_values: Vec<Vec<Val>>,
    pub index: usize,
}

pub(super) fn proving(program: &Program) -> Proving {
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

/// Every operation and modulus once, and some random cases, proven and
/// verified.
#[test]
fn honest_runs_prove_and_verify() {
    let mut cases = Vec::new();
    for m in Modulus::ALL {
        for op in OPS {
            let e = edges(m);
            cases.push((op, m, e[e.len() - 1], e[2]));
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    cases.extend(random_cases(&mut rng, 17));
    let p = batch(&cases);
    let output = prove_and_verify(&p);
    for (i, (op, m, a, b)) in cases.iter().enumerate() {
        assert_eq!(output[32 * i..32 * i + 32], reference(*op, *m, a, b));
    }
}

fn col() -> BigIntCols<usize> {
    BigIntCols::read(&(0..BIGINT_WIDTH).collect::<Vec<_>>())
}

/// Single cells changed on a real row: each is caught by a constraint or
/// an unbalanced bus.
#[test]
fn altered_cells_are_rejected() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let p = batch(&random_cases(&mut rng, 3));
    let honest = proving(&p);
    trellis_stark::check_traces(&honest.pk, &honest.traces, &honest.public_values)
        .expect("honest traces");
    let c = col();
    let cases: Vec<(&str, usize, usize)> = vec![
        ("result byte", 0, c.r[5]),
        ("quotient byte", 1, c.q[7]),
        ("quotient top byte", 2, c.q_top),
        ("carry", 0, c.carry_lo[3]),
        ("high carry", 1, c.carry_hi[20]),
        ("operand a byte", 2, c.a[31]),
        ("operand b byte", 0, c.b[0]),
        ("overwritten byte", 1, c.r_prev[9]),
        ("comparison marker", 0, c.lt_marker[31]),
        ("comparison difference", 1, c.lt_diff),
        ("operation flag", 2, c.is_add),
        ("modulus flag", 2, c.modulus[4]),
        ("pc", 0, c.pc),
        ("timestamp", 1, c.ts),
        ("register operand", 2, c.regs[1]),
        ("pointer limb", 0, c.ptr_a.limbs[0]),
        ("access gap", 1, c.b_access.gap_lo[4]),
    ];
    for (what, row, column) in cases {
        let mut traces = honest.traces.clone();
        let t = &mut traces[honest.index];
        let at = row * BIGINT_WIDTH + column;
        t.values[at] += Val::ONE;
        assert!(
            trellis_stark::check_traces(&honest.pk, &traces, &honest.public_values).is_err(),
            "{what}: accepted"
        );
    }
}

#[test]
fn misaligned_and_out_of_bounds_pointers_stop_the_machine() {
    let vm = vm();
    let good = DATA;
    for (r, a, b, want, access) in [
        (good + 2, good, good, "misaligned", "result"),
        (good, good + 1, good, "misaligned", "operand a"),
        (good, good, good + 3, "misaligned", "operand b"),
        (0x800, good, good, "outside guest memory", "result"),
        (good, 0, good, "outside guest memory", "operand a"),
        (good, good, 0x1fff_fff0, "outside guest memory", "operand b"),
    ] {
        let mut words = li(10, r).to_vec();
        words.extend(li(11, a));
        words.extend(li(12, b));
        words.push(encode(BigIntOpcode::MulMod, Modulus::Bn254R, 10, 11, 12));
        let p = program_from(&words, vec![0; 64]);
        let loaded = vm.load(&p).unwrap();
        let e = vm
            .execute(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains(want), "{text}");
        assert!(text.contains("bigint"), "{text}");
        assert!(text.contains(access), "{text}");
    }
}
