//! Shared helpers of the system chips' unit tests: real runs of programs of
//! system opcodes (a VM with only the system extension), their trace
//! contexts, and single-AIR checks.

use crate::circuit::{Chip, Claim, LookupCounters, TraceContext};
use crate::trace::ExecutionTrace;
use crate::{ExecOptions, HostIo, Vm, VmConfig};
use std::sync::OnceLock;
use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, MemorySegment, OpcodeClass, Program};
use trellis_stark::{
    ChipAir, DynAir, ProofParams, ProveError, ProvingKey, RowMajorMatrix, Val,
    check_air_constraints, prove,
};

/// pc of the first instruction.
pub const BASE: u32 = 0x0080_0000;

/// `nop`, as the transpiler writes it.
pub fn nop() -> Instruction {
    Instruction::nullary(SystemOpcode::Nop.global())
}

/// `terminate` with exit code `code` (must be below p).
pub fn terminate(code: u32) -> Instruction {
    Instruction::from_u32s(SystemOpcode::Terminate.global(), [0, 0, code, 0, 0, 0, 0])
}

/// A program of `instructions` at [`BASE`] (entry at the first) with `image`.
pub fn program(instructions: Vec<Instruction>, image: Vec<MemorySegment>) -> Program {
    Program {
        pc_base: BASE,
        entry_pc: BASE,
        instructions,
        memory_image: image,
    }
}

/// A small image: a partial first word, a full word, and a second segment
/// sharing a word with the first.
pub fn sample_image() -> Vec<MemorySegment> {
    vec![
        MemorySegment {
            start: 0x2002,
            bytes: vec![0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77],
        },
        MemorySegment {
            start: 0x2009,
            bytes: vec![0x88, 0x99],
        },
        MemorySegment {
            start: 0x3000,
            bytes: vec![0; 8],
        },
    ]
}

/// Three nops, a jump-free straight line, then `terminate(code)`.
pub fn sample_program(code: u32) -> Program {
    program(
        vec![nop(), nop(), nop(), terminate(code), nop()],
        sample_image(),
    )
}

/// The system chips, their traces and their public values.
pub type SystemTraces = (Vec<Box<dyn Chip>>, Vec<RowMajorMatrix<Val>>, Vec<Vec<Val>>);

/// A traced run and what its trace contexts need.
pub struct Run {
    /// The VM (system extension only unless built otherwise).
    pub vm: Vm,
    /// The program.
    pub program: Program,
    /// The traced run.
    pub trace: ExecutionTrace,
    /// Lookup counters, fresh per run.
    pub counters: LookupCounters,
}

impl Run {
    /// Runs `program` on a system-only VM in tracing mode.
    pub fn new(program: Program) -> Self {
        let vm = Vm::new(VmConfig::new()).unwrap();
        let loaded = vm.load(&program).unwrap();
        let trace = vm
            .execute_traced(&loaded, HostIo::captured(vec![]), &ExecOptions::default())
            .unwrap();
        Self {
            vm,
            program,
            trace,
            counters: LookupCounters::new(),
        }
    }

    /// A trace context over the run.
    pub fn ctx(&self) -> TraceContext<'_> {
        TraceContext::new(&self.program, &self.trace, &self.counters, |slot| {
            self.vm.registered()[slot as usize].entry.chip
        })
    }

    /// What the run claims.
    pub fn claim(&self) -> Claim {
        Claim::of_run(self.program.entry_pc, &self.trace.result)
    }

    /// Every system chip's trace (tables last, as the prover fills them) and public values.
    pub fn system_traces(&self) -> SystemTraces {
        let chips = super::system_chips(Some(&self.program));
        let ctx = self.ctx();
        let mut traces: Vec<Option<RowMajorMatrix<Val>>> = chips
            .iter()
            .map(|c| (!c.is_lookup_table()).then(|| c.generate_trace(&ctx)))
            .collect();
        for (slot, chip) in traces.iter_mut().zip(&chips) {
            if chip.is_lookup_table() {
                *slot = Some(chip.generate_trace(&ctx));
            }
        }
        let pvs = chips
            .iter()
            .map(|c| c.public_values(&self.claim()))
            .collect();
        (chips, traces.into_iter().map(Option::unwrap).collect(), pvs)
    }
}

/// `check_air_constraints` for a concrete AIR.
pub fn check(
    air: impl ChipAir + 'static,
    trace: &RowMajorMatrix<Val>,
    public_values: &[Val],
) -> Result<(), String> {
    check_air_constraints(&DynAir::new(air), trace, public_values)
}

/// Sets cell `(row, col)` of `trace`.
pub fn set(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize, value: Val) {
    let width = trace.width;
    trace.values[row * width + col] = value;
}

/// Proves `traces` (usually altered from the honest ones) for `run`'s program
/// with the full prover, whose checks name the failing AIR or bus. The key
/// of [`sample_program`]`(42)` is made once and reused.
pub fn prove_traces(
    run: &Run,
    traces: &[RowMajorMatrix<Val>],
    pvs: &[Vec<Val>],
) -> Result<(), ProveError> {
    static SAMPLE_KEY: OnceLock<ProvingKey<DynAir>> = OnceLock::new();
    let params = ProofParams::insecure_test_fast();
    if run.program == sample_program(42) {
        let pk = SAMPLE_KEY.get_or_init(|| run.vm.keygen(&run.program, &params).unwrap().0);
        return prove(pk, traces, pvs).map(|_| ());
    }
    let (pk, _) = run.vm.keygen(&run.program, &params).unwrap();
    prove(&pk, traces, pvs).map(|_| ())
}

/// The honest traces of a run of [`sample_program`]`(42)`, changed by
/// `alter`, then proven: the error the prover reports, and every bus left
/// unbalanced (by [`unbalanced_buses`]).
pub fn prove_altered(
    alter: impl FnOnce(&mut Vec<RowMajorMatrix<Val>>, &mut Vec<Vec<Val>>),
) -> (ProveError, Vec<&'static str>) {
    let run = Run::new(sample_program(42));
    let (_, mut traces, mut pvs) = run.system_traces();
    assert_eq!(
        unbalanced_buses(&run.program, &traces, &pvs),
        Vec::<&str>::new(),
        "honest traces"
    );
    alter(&mut traces, &mut pvs);
    let buses = unbalanced_buses(&run.program, &traces, &pvs);
    (
        prove_traces(&run, &traces, &pvs).expect_err("altered traces must not prove"),
        buses,
    )
}

/// The buses that do not balance over the system chips' `traces`.
pub fn unbalanced_buses(
    program: &Program,
    traces: &[RowMajorMatrix<Val>],
    pvs: &[Vec<Val>],
) -> Vec<&'static str> {
    use super::*;
    let mut tally = bus_tally::BusTally::new();
    tally.add_air(
        &program::ProgramAir::new(Some(program)),
        &traces[0],
        &pvs[0],
    );
    tally.add_air(&connector::ConnectorAir, &traces[1], &pvs[1]);
    tally.add_air(&system::SystemAir, &traces[2], &pvs[2]);
    tally.add_air(&image::ImageAir::new(Some(program)), &traces[3], &pvs[3]);
    tally.add_air(&boundary::BoundaryAir, &traces[4], &pvs[4]);
    tally.add_air(&range::RangeAir, &traces[5], &pvs[5]);
    tally.add_air(&bitwise::BitwiseAir, &traces[6], &pvs[6]);
    ["bitwise", "exec", "exit", "memory", "program", "range"]
        .into_iter()
        .filter(|bus| !tally.unbalanced(bus).is_empty())
        .collect()
}

/// Asserts the prover rejected the traces for a bus (the alphabetically
/// first of `buses`) and that exactly `buses` are unbalanced.
pub fn assert_unbalanced(result: (ProveError, Vec<&'static str>), buses: &[&str], what: &str) {
    let (error, found) = result;
    assert_eq!(found, buses, "{what}: unbalanced buses");
    match error {
        ProveError::UnbalancedBus { bus, .. } => assert_eq!(bus, buses[0], "{what}"),
        other => panic!("{what}: expected an unbalanced bus, got {other:?}"),
    }
}

/// Index of each system chip's trace in [`Run::system_traces`].
pub mod index {
    /// Program table.
    pub const PROGRAM: usize = 0;
    /// Connector.
    pub const CONNECTOR: usize = 1;
    /// System instructions.
    pub const SYSTEM: usize = 2;
    /// Image table.
    pub const IMAGE: usize = 3;
    /// Memory boundary.
    pub const BOUNDARY: usize = 4;
    /// Range table.
    pub const RANGE: usize = 5;
    /// Bitwise table.
    pub const BITWISE: usize = 6;
}

/// The traced segments of `program` on a system-only VM, cut every
/// `max_cycles` instructions (a multiple of 1024).
pub fn segment_traces(program: &Program, max_cycles: u64) -> Vec<ExecutionTrace> {
    use crate::memory_tree::MemoryTree;
    use crate::segment::{MachineState, SegmentEnd, SegmentLimits, SegmentSizer};
    let vm = Vm::new(VmConfig::new()).unwrap();
    let loaded = vm.load(program).unwrap();
    let limits = SegmentLimits {
        max_cycles,
        ..SegmentLimits::default()
    };
    let mut state = MachineState::initial(program);
    let mut tree = MemoryTree::new(&state.registers, &state.memory);
    let mut traces = Vec::new();
    loop {
        let mut sizer = SegmentSizer::new(&vm, program, limits);
        let run = vm
            .execute_segment(
                &loaded,
                state,
                &[],
                &mut tree,
                &mut sizer,
                &ExecOptions::default(),
            )
            .unwrap();
        traces.push(run.trace);
        match run.end {
            SegmentEnd::Continue(next) => state = *next,
            SegmentEnd::Exit => return traces,
        }
    }
}

/// `n` nops, then `terminate(code)`.
pub fn nops_then_exit(n: usize, code: u32) -> Program {
    let mut instructions = vec![nop(); n];
    instructions.push(terminate(code));
    program(instructions, sample_image())
}
