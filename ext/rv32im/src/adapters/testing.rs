//! Shared helpers of the chip tests: real traced runs of small RV32IM
//! programs (decoded by this crate's transpiler decoder, ended by the system
//! `terminate`), single-chip constraint checks, the chip's bus traffic
//! compared with the run it proves, constraint degrees, and full-system
//! proofs of altered traces.

use crate::Rv32im;
use p3_air::symbolic::AirLayout;
use p3_lookup::InteractionSymbolicBuilder;
use std::collections::BTreeMap;
use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, OpcodeClass, Program};
use trellis_stark::{
    Air, BaseAir, Challenge, ChipAir, DynAir, PrimeCharacteristicRing, ProofParams, ProveError,
    RowMajorMatrix, Val, check_air_constraints,
};
use trellis_vm::circuit::lookups::range_row;
use trellis_vm::circuit::{Chip, LookupCounters, TraceContext};
use trellis_vm::system_chips::bus_tally::{BusTally, TallyBuilder, interactions};
use trellis_vm::trace::ExecutionTrace;
use trellis_vm::{ExecOptions, HostIo, Vm, VmConfig};

/// pc of the first instruction.
pub const BASE: u32 = 0x0080_0000;

/// An R-type word (opcode OP).
pub fn r_type(funct7: u32, funct3: u32, rd: u32, rs1: u32, rs2: u32) -> u32 {
    funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x33
}

/// An I-type word (opcode OP-IMM); `imm` is a 12-bit signed immediate.
pub fn i_type(funct3: u32, rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x13
}

/// A shift-immediate word (opcode OP-IMM, `funct7` 0 or 0x20).
pub fn shift_imm(funct7: u32, funct3: u32, rd: u32, rs1: u32, shamt: u32) -> u32 {
    funct7 << 25 | (shamt & 31) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x13
}

/// `addi rd, rs1, imm`.
pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    i_type(0, rd, rs1, imm)
}

/// Sets `rd` to `value` with ALU instructions only (addi, slli, ori), so
/// that programs need no chip but the ALU chips and the system chips.
pub fn li(rd: u32, value: u32) -> Vec<u32> {
    vec![
        addi(rd, 0, (value as i32) >> 20),
        shift_imm(0, 1, rd, rd, 10),
        i_type(6, rd, rd, ((value >> 10) & 0x3ff) as i32),
        shift_imm(0, 1, rd, rd, 10),
        i_type(6, rd, rd, (value & 0x3ff) as i32),
    ]
}

/// Interesting 32-bit operands: 0, ±1, the extremes, bytes at the borders, and a few random words.
pub const EDGE_VALUES: [u32; 14] = [
    0,
    1,
    2,
    0xffff_ffff,
    0x8000_0000,
    0x7fff_ffff,
    0x0000_00ff,
    0x0000_0080,
    0x0000_ff00,
    0x8000_0001,
    0x1234_5678,
    0xdead_beef,
    0x9e37_79b9,
    0x0f0f_f0f0,
];

/// A program of RV32IM `words` at [`BASE`], ended by `terminate(0)`.
pub fn program(words: &[u32]) -> Program {
    let mut instructions: Vec<Instruction> = words
        .iter()
        .map(|&w| crate::decoder::decode(w).unwrap_or_else(|| panic!("{w:#010x} does not decode")))
        .collect();
    instructions.push(Instruction::from_u32s(
        SystemOpcode::Terminate.global(),
        [0; 7],
    ));
    Program {
        pc_base: BASE,
        entry_pc: BASE,
        instructions,
        memory_image: vec![],
    }
}

/// A traced run of a program on the RV32IM VM.
pub struct Run {
    /// The VM (system + RV32IM).
    pub vm: Vm,
    /// The program.
    pub program: Program,
    /// The traced run.
    pub trace: ExecutionTrace,
}

impl Run {
    /// Runs `words` (see [`program`]) in tracing mode.
    pub fn new(words: &[u32]) -> Self {
        Self::of(program(words))
    }

    /// Runs `program` in tracing mode.
    pub fn of(program: Program) -> Self {
        let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
        let loaded = vm.load(&program).unwrap();
        let trace = vm
            .execute_traced(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
            .unwrap();
        assert_eq!(trace.result.exit_code, 0);
        Self { vm, program, trace }
    }

    /// A trace context recording into `counters`.
    pub fn ctx<'a>(&'a self, counters: &'a LookupCounters) -> TraceContext<'a> {
        TraceContext::new(&self.program, &self.trace, counters, |slot| {
            self.vm.registered()[slot as usize].entry.chip
        })
    }

    /// Number of steps executed by `chip`'s opcodes.
    pub fn steps(&self, chip: &str) -> usize {
        self.ctx(&LookupCounters::new()).steps(chip).len()
    }

    /// The value of register `index` at the end of the run.
    pub fn register(&self, index: u32) -> u32 {
        self.trace.result.registers[index as usize]
    }

    /// The exec/program/memory traffic the run demands of `chip`'s rows:
    /// each step receives its state and sends the next one, looks up its
    /// instruction, and receives and sends each of its accesses.
    pub fn expected_traffic(&self, chip: &str) -> BusTally {
        let counters = LookupCounters::new();
        let ctx = self.ctx(&counters);
        let mut tally = BusTally::new();
        let steps = &self.trace.steps;
        for (k, step) in steps.iter().enumerate() {
            if self.vm.registered()[step.slot as usize].entry.chip != chip {
                continue;
            }
            let next_pc = steps
                .get(k + 1)
                .map_or(self.trace.result.final_pc, |s| s.pc);
            tally.add("exec", vec![step.pc, step.timestamp], -1);
            tally.add(
                "exec",
                vec![next_pc, step.timestamp + step.access_count.max(1)],
                1,
            );
            let inst = ctx.instruction(step.pc);
            let mut tuple = vec![step.pc, u32::from(inst.opcode.as_u16())];
            tuple.extend(inst.operands());
            tally.add("program", tuple, 1);
            for access in self.trace.accesses_of(step) {
                let word = |value: u32, t: u32| {
                    let mut v = vec![access.address_space, access.pointer];
                    v.extend(value.to_le_bytes().map(u32::from));
                    v.push(t);
                    v
                };
                tally.add("memory", word(access.prev_value, access.prev_timestamp), -1);
                tally.add("memory", word(access.value, access.timestamp), 1);
            }
        }
        tally
    }
}

/// What a chip's honest trace of a run looks like.
pub struct Honest {
    /// The run.
    pub run: Run,
    /// The chip's trace.
    pub trace: RowMajorMatrix<Val>,
    /// Rows holding steps (the rest is padding).
    pub rows: usize,
}

/// Runs `words`, fills `chip`'s trace and checks it: every constraint holds
/// ([`check_air_constraints`]), and the rows' bus traffic is exactly what
/// the run demands (see [`traffic_diff`]). Returns the honest trace.
pub fn honest<A>(air: A, chip: &dyn Chip, words: &[u32]) -> Honest
where
    A: ChipAir + Clone + for<'a> Air<TallyBuilder<'a>> + 'static,
{
    let run = Run::new(words);
    let counters = LookupCounters::new();
    let trace = chip.generate_trace(&run.ctx(&counters));
    assert_eq!(trace.width, air.width(), "trace width");
    check_air_constraints(&DynAir::new(air.clone()), &trace, &[]).unwrap();
    let diff = traffic_diff(&air, &run, chip, &trace);
    assert!(diff.is_empty(), "honest trace: traffic differs on {diff:?}");
    let rows = run.steps(chip.name());
    Honest { run, trace, rows }
}

/// The buses on which a chip trace's traffic differs from what the run it
/// claims to prove demands: on exec, program and memory the net multiplicity
/// of every tuple must equal [`Run::expected_traffic`]; every range and
/// bitwise lookup must be an entry of its table, and their multiplicities
/// must equal what an honest trace generation records (what the tables
/// will provide). Empty for an honest trace.
pub fn traffic_diff<A>(
    air: &A,
    run: &Run,
    chip: &dyn Chip,
    trace: &RowMajorMatrix<Val>,
) -> Vec<&'static str>
where
    A: BaseAir<Val> + for<'a> Air<TallyBuilder<'a>>,
{
    let counters = LookupCounters::new();
    chip.generate_trace(&run.ctx(&counters));
    let mut actual = BusTally::new();
    let mut range = BTreeMap::<usize, i64>::new();
    let mut pairs = BTreeMap::<usize, i64>::new();
    let mut xors = BTreeMap::<usize, i64>::new();
    let mut not_in_table = Vec::new();
    for i in &interactions(air, trace, &[]) {
        match i.bus.as_str() {
            "range" => {
                let (x, bits) = (i.fields[0], i.fields[1]);
                if bits > 16 || u64::from(x) >= 1 << bits {
                    not_in_table.push("range");
                } else {
                    *range.entry(range_row(x, bits)).or_default() += i.count;
                }
            }
            "bitwise" => {
                let [x, y, z, op] = [i.fields[0], i.fields[1], i.fields[2], i.fields[3]];
                if x < 256 && y < 256 && ((op == 0 && z == 0) || (op == 1 && z == x ^ y)) {
                    let table = if op == 0 { &mut pairs } else { &mut xors };
                    *table.entry((x * 256 + y) as usize).or_default() += i.count;
                } else {
                    not_in_table.push("bitwise");
                }
            }
            _ => actual.add(&i.bus, i.fields.clone(), i.count),
        }
    }
    let expected = run.expected_traffic(chip.name());
    let mut differ: Vec<&'static str> = ["exec", "program", "memory"]
        .into_iter()
        .filter(|bus| actual.unbalanced(bus) != expected.unbalanced(bus))
        .collect();
    let recorded = |counts: Vec<u32>| -> BTreeMap<usize, i64> {
        counts
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c != 0)
            .map(|(k, c)| (k, i64::from(c)))
            .collect()
    };
    let (rec_pairs, rec_xors) = counters.bitwise_counts();
    if recorded(counters.range_counts()) != range {
        not_in_table.push("range");
    }
    if recorded(rec_pairs) != pairs || recorded(rec_xors) != xors {
        not_in_table.push("bitwise");
    }
    differ.extend(not_in_table);
    differ.sort();
    differ.dedup();
    differ
}

/// Cells to set: `(row, column, value)`.
pub type Cells = Vec<(usize, usize, Val)>;

/// An alteration that keeps every constraint: what it does, the cells it
/// sets, and the buses it unbalances (sorted).
pub type Alteration = (&'static str, Cells, Vec<&'static str>);

/// A copy of `trace` with `cells` set.
pub fn altered(trace: &RowMajorMatrix<Val>, cells: &[(usize, usize, Val)]) -> RowMajorMatrix<Val> {
    let mut t = trace.clone();
    let width = t.width;
    for &(row, col, value) in cells {
        t.values[row * width + col] = value;
    }
    t
}

/// A copy of `trace` with cell `(row, col)` increased by one.
pub fn bump(trace: &RowMajorMatrix<Val>, row: usize, col: usize) -> RowMajorMatrix<Val> {
    with_cell(trace, row, col, cell(trace, row, col) + Val::ONE)
}

/// Checks that each alteration of the honest trace keeps every constraint
/// of `air` and unbalances exactly its buses (see [`traffic_diff`]).
pub fn assert_bus_only<A>(air: A, chip: &dyn Chip, honest: &Honest, alterations: &[Alteration])
where
    A: ChipAir + Clone + for<'a> Air<TallyBuilder<'a>> + 'static,
{
    for (what, cells, buses) in alterations {
        let t = altered(&honest.trace, cells);
        check_air_constraints(&DynAir::new(air.clone()), &t, &[])
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(&traffic_diff(&air, &honest.run, chip, &t), buses, "{what}");
    }
}

/// Proves the run of `words` with every chip after each alteration of
/// `chip`'s trace, and checks the prover names one of its buses.
pub fn assert_unprovable(words: &[u32], chip: &str, alterations: &[Alteration]) {
    for (what, cells, buses) in alterations {
        let result = prove_altered(program(words), chip, |t| *t = altered(t, cells));
        assert_unbalanced(result, buses, what);
    }
}

/// Asserts that `trace` violates a constraint of `air` (`what` names the alteration).
pub fn assert_rejected(air: impl ChipAir + 'static, trace: &RowMajorMatrix<Val>, what: &str) {
    assert!(
        check_air_constraints(&DynAir::new(air), trace, &[]).is_err(),
        "{what}: accepted"
    );
}

/// A copy of `trace` with cell `(row, col)` set to `value`.
pub fn with_cell(
    trace: &RowMajorMatrix<Val>,
    row: usize,
    col: usize,
    value: Val,
) -> RowMajorMatrix<Val> {
    let mut t = trace.clone();
    let width = t.width;
    t.values[row * width + col] = value;
    t
}

/// The cell `(row, col)`.
pub fn cell(trace: &RowMajorMatrix<Val>, row: usize, col: usize) -> Val {
    trace.values[row * trace.width + col]
}

/// Constraint and interaction degrees of an AIR: (largest constraint
/// degree, largest bus-tuple field degree, largest count degree).
pub fn degrees(air: &DynAir) -> (usize, usize, usize) {
    let builder =
        InteractionSymbolicBuilder::<Val, Challenge>::from_air(air, AirLayout::from_air(air));
    let constraint = builder
        .base_constraints()
        .iter()
        .map(|c| c.degree_multiple())
        .max()
        .unwrap_or(0);
    let interactions = builder.global_interactions();
    let field = interactions
        .iter()
        .flat_map(|i| &i.fields)
        .map(|f| f.degree_multiple())
        .max()
        .unwrap_or(0);
    let count = interactions
        .iter()
        .map(|i| i.count.degree_multiple())
        .max()
        .unwrap_or(0);
    (constraint, field, count)
}

/// Number of bus interactions an AIR declares per row (each costs the
/// prover LogUp columns).
pub fn interaction_count(air: &DynAir) -> usize {
    InteractionSymbolicBuilder::<Val, Challenge>::from_air(air, AirLayout::from_air(air))
        .global_interactions()
        .len()
}

/// Asserts the AIR's degrees fit the prover (constraints ≤ 3, bus fields ≤ 2,
/// counts 1) and returns the constraint degree.
pub fn assert_degrees(air: &DynAir) -> usize {
    let (constraint, field, count) = degrees(air);
    assert!(constraint <= 3, "{air:?}: constraint degree {constraint}");
    assert!(field <= 2, "{air:?}: bus field degree {field}");
    assert!(count <= 1, "{air:?}: count degree {count}");
    constraint
}

/// Proves a run of `program` with every chip of the RV32IM VM, after
/// `alter` changed the trace of `chip`. The prover's checks name the AIR or
/// bus that fails.
pub fn prove_altered(
    program: Program,
    chip: &str,
    alter: impl FnOnce(&mut RowMajorMatrix<Val>),
) -> Result<(), ProveError> {
    let vm = Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap();
    let loaded = vm.load(&program).unwrap();
    let (_, mut traces, pvs) = vm
        .generate_traces(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
        .unwrap();
    let index = vm
        .chips(Some(&program))
        .iter()
        .position(|c| c.name() == chip)
        .expect("chip is registered");
    alter(&mut traces[index]);
    let (pk, _) = vm
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    trellis_stark::prove(&pk, &traces, &pvs).map(|_| ())
}

/// Asserts a full-system proof failed on one of `buses` (the prover names
/// the first unbalanced bus it finds).
pub fn assert_unbalanced(result: Result<(), ProveError>, buses: &[&str], what: &str) {
    match result {
        Err(ProveError::UnbalancedBus { bus, .. }) => {
            assert!(
                buses.contains(&bus.as_str()),
                "{what}: bus {bus} unbalanced, expected one of {buses:?}"
            )
        }
        other => panic!("{what}: expected one of {buses:?} to be unbalanced, got {other:?}"),
    }
}

/// `Val` from a `u32`.
pub fn val(x: u32) -> Val {
    Val::from_u32(x)
}
