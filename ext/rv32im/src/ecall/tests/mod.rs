//! Ecall, EcallMemory and PublicOutput: honest traces of real runs (every
//! call, buffer alignments, empty buffers, bad fds, partial and empty
//! reads), altered traces rejected by the constraints, the lookups or the
//! buses, and full-system checks and proofs.

mod altered;
mod contracts;
mod honest;
mod system;

use super::abi::{A0, A1, A2, A7};
use super::memory::{EcallMemoryAir, EcallMemoryChip};
use super::public_output::{PublicOutputAir, PublicOutputChip, public_values};
use super::{EcallAir, EcallChip};
use crate::Rv32im;
use crate::adapters::testing::Run;
use std::collections::BTreeMap;
use trellis_isa::Program;
use trellis_stark::{Air, BaseAir, DynAir, RowMajorMatrix, Val, check_air_constraints};
use trellis_vm::circuit::lookups::range_row;
use trellis_vm::circuit::{Chip, Claim, LookupCounters};
use trellis_vm::system_chips::bus_tally::{BusTally, Interaction, TallyBuilder, interactions};
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

/// pc of the first instruction.
pub const BASE: u32 = 0x0080_0000;
/// A data address used by the programs.
pub const DATA: u32 = 0x0010_0000;
/// `ecall`.
pub const ECALL: u32 = 0x73;

/// `lui rd, imm20`.
pub fn lui(rd: u32, imm20: u32) -> u32 {
    imm20 << 12 | rd << 7 | 0x37
}

/// `addi rd, rs1, imm`.
pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13
}

/// `sw rs2, imm(rs1)`.
pub fn sw(rs2: u32, rs1: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | 2 << 12 | (imm & 0x1f) << 7 | 0x23
}

/// `li rd, value` as lui + addi (only the JalLui and BaseAlu chips).
pub fn li(rd: u32, value: u32) -> [u32; 2] {
    let lo = ((value << 20) as i32) >> 20;
    [
        lui(rd, value.wrapping_sub(lo as u32) >> 12),
        addi(rd, rd, lo),
    ]
}

/// Appends `ecall` with a7 = `number` and a0, a1, a2 = `args` (missing: unchanged).
pub fn call(words: &mut Vec<u32>, number: u32, args: &[u32]) {
    words.extend(li(A7, number));
    for (reg, &value) in [A0, A1, A2].iter().zip(args) {
        words.extend(li(*reg, value));
    }
    words.push(ECALL);
}

/// Stores the little-endian words of `bytes` (zero-padded) at `addr` (aligned).
pub fn store(words: &mut Vec<u32>, addr: u32, bytes: &[u8]) {
    words.extend(li(5, addr));
    for (k, chunk) in bytes.chunks(4).enumerate() {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        words.extend(li(6, u32::from_le_bytes(word)));
        words.push(sw(6, 5, 4 * k as i32));
    }
}

/// A program of `words` at [`BASE`] (it must end with an exit call).
pub fn program(words: &[u32]) -> Program {
    let instructions = words
        .iter()
        .map(|&w| crate::decoder::decode(w).unwrap_or_else(|| panic!("{w:#010x} does not decode")))
        .collect();
    Program {
        pc_base: BASE,
        entry_pc: BASE,
        instructions,
        memory_image: vec![],
    }
}

/// Runs `words` with private `input` in tracing mode.
pub fn run(words: &[u32], input: &[u8]) -> Run {
    let program = program(words);
    let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
    let loaded = vm.load(&program).unwrap();
    let trace = vm
        .execute_traced(
            &loaded,
            HostIo::captured(input.to_vec()),
            &ExecOptions::default(),
        )
        .unwrap();
    Run { vm, program, trace }
}

/// The claim of a run.
pub fn claim(run: &Run) -> Claim {
    Claim::of_run(run.program.entry_pc, &run.trace.result)
}

/// The three ecall traces of a run and the PublicOutput public values.
#[derive(Clone)]
pub struct Traces {
    /// Ecall trace.
    pub ecall: RowMajorMatrix<Val>,
    /// EcallMemory trace.
    pub memory: RowMajorMatrix<Val>,
    /// PublicOutput trace.
    pub public: RowMajorMatrix<Val>,
    /// PublicOutput public values.
    pub pvs: Vec<Val>,
}

/// Fills the three traces, recording into `counters`.
pub fn traces(run: &Run, counters: &LookupCounters) -> Traces {
    let ctx = run.ctx(counters);
    Traces {
        ecall: EcallChip.generate_trace(&ctx),
        memory: EcallMemoryChip.generate_trace(&ctx),
        public: PublicOutputChip.generate_trace(&ctx),
        pvs: public_values(&claim(run)),
    }
}

/// Checks every constraint of the three chips.
pub fn constraints(t: &Traces) -> Result<(), String> {
    check_air_constraints(&DynAir::new(EcallAir), &t.ecall, &[])?;
    check_air_constraints(&DynAir::new(EcallMemoryAir), &t.memory, &[])?;
    check_air_constraints(&DynAir::new(PublicOutputAir), &t.public, &t.pvs)
}

/// The interactions of the three chips.
fn all_interactions(t: &Traces) -> Vec<Interaction> {
    fn of<A: BaseAir<Val> + for<'a> Air<TallyBuilder<'a>>>(
        air: &A,
        m: &RowMajorMatrix<Val>,
        p: &[Val],
    ) -> Vec<Interaction> {
        interactions(air, m, p)
    }
    let mut all = of(&EcallAir, &t.ecall, &[]);
    all.extend(of(&EcallMemoryAir, &t.memory, &[]));
    all.extend(of(&PublicOutputAir, &t.public, &t.pvs));
    all
}

/// Whether a range or bitwise lookup is an entry of its table.
fn in_table(i: &Interaction) -> bool {
    match i.bus.as_str() {
        "range" => i.fields[1] <= 16 && u64::from(i.fields[0]) < 1 << i.fields[1],
        "bitwise" => {
            let [x, y, z, op] = [i.fields[0], i.fields[1], i.fields[2], i.fields[3]];
            x < 256 && y < 256 && ((op == 0 && z == 0) || (op == 1 && z == x ^ y))
        }
        _ => true,
    }
}

/// Whether every range and bitwise lookup of the traces is a table entry.
pub fn lookups_in_tables(t: &Traces) -> bool {
    all_interactions(t).iter().all(in_table)
}

/// What the run demands of the ecall chips on the shared buses: each ecall
/// receives its state and sends the next one (or the exit tuple), looks up
/// its instruction, and makes its accesses; the private buses balance.
fn expected(run: &Run) -> BusTally {
    let counters = LookupCounters::new();
    let ctx = run.ctx(&counters);
    let steps = &run.trace.steps;
    let mut tally = BusTally::new();
    for (k, step) in steps.iter().enumerate() {
        if run.vm.registered()[step.slot as usize].entry.chip != super::CHIP {
            continue;
        }
        let accesses = run.trace.accesses_of(step);
        tally.add("exec", vec![step.pc, step.timestamp], -1);
        let next = step.timestamp + step.access_count;
        match steps.get(k + 1) {
            Some(s) => tally.add("exec", vec![s.pc, next], 1),
            None => {
                let mut exit = vec![step.pc, next];
                exit.extend(accesses[1].value.to_le_bytes().map(u32::from));
                tally.add("exit", exit, 1);
            }
        }
        let inst = ctx.instruction(step.pc);
        let mut tuple = vec![step.pc, u32::from(inst.opcode.as_u16())];
        tuple.extend(inst.operands());
        tally.add("program", tuple, 1);
        for a in accesses {
            let word = |value: u32, t: u32| {
                let mut v = vec![a.address_space, a.pointer];
                v.extend(value.to_le_bytes().map(u32::from));
                v.push(t);
                v
            };
            tally.add("memory", word(a.prev_value, a.prev_timestamp), -1);
            tally.add("memory", word(a.value, a.timestamp), 1);
        }
    }
    tally
}

/// The buses the three chips use besides the lookup tables.
pub const BUSES: [&str; 6] = [
    "exec",
    "exit",
    "program",
    "memory",
    "ecall_memory",
    "public_output",
];

/// The buses on which the traces' traffic differs from what the run demands
/// (lookups: a tuple outside its table, or multiplicities other than the
/// ones recorded in `counters`).
pub fn traffic_diff(run: &Run, t: &Traces, counters: &LookupCounters) -> Vec<&'static str> {
    let mut actual = BusTally::new();
    let mut range = BTreeMap::<usize, i64>::new();
    let mut pairs = BTreeMap::<usize, i64>::new();
    let mut bad = Vec::new();
    for i in all_interactions(t) {
        match i.bus.as_str() {
            "range" | "bitwise" if !in_table(&i) => {
                bad.push(if i.bus == "range" { "range" } else { "bitwise" })
            }
            "range" => {
                *range
                    .entry(range_row(i.fields[0], i.fields[1]))
                    .or_default() += i.count
            }
            "bitwise" => {
                *pairs
                    .entry((i.fields[0] * 256 + i.fields[1]) as usize)
                    .or_default() += i.count
            }
            _ => actual.add(&i.bus, i.fields.clone(), i.count),
        }
    }
    let expected = expected(run);
    bad.extend(
        BUSES
            .into_iter()
            .filter(|bus| actual.unbalanced(bus) != expected.unbalanced(bus)),
    );
    let recorded = |counts: Vec<u32>| -> BTreeMap<usize, i64> {
        counts
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c != 0)
            .map(|(k, c)| (k, i64::from(c)))
            .collect()
    };
    if recorded(counters.range_counts()) != range {
        bad.push("range");
    }
    if recorded(counters.bitwise_counts().0) != pairs {
        bad.push("bitwise");
    }
    bad.sort();
    bad.dedup();
    bad
}

/// Whether a malicious prover could use altered traces of `run`: every
/// constraint holds, the shared buses carry what the run demands, the
/// private buses balance, and every lookup is a table entry (the prover
/// picks the tables' multiplicities, so only membership counts).
pub fn accepted(run: &Run, t: &Traces) -> bool {
    constraints(t).is_ok() && all_interactions(t).iter().all(in_table) && {
        let mut actual = BusTally::new();
        actual.add_all(&all_interactions(t));
        let expected = expected(run);
        BUSES
            .iter()
            .all(|bus| actual.unbalanced(bus) == expected.unbalanced(bus))
    }
}

/// An honest run of `words` on `input`: its traces satisfy every constraint
/// and carry exactly the run's traffic.
pub fn honest(words: &[u32], input: &[u8]) -> (Run, Traces) {
    let run = run(words, input);
    let counters = LookupCounters::new();
    let t = traces(&run, &counters);
    constraints(&t).unwrap();
    let diff = traffic_diff(&run, &t, &counters);
    assert!(
        diff.is_empty(),
        "honest traces: traffic differs on {diff:?}"
    );
    (run, t)
}
