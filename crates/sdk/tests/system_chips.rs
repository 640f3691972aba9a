//! The system chips on real RV32IM runs (the rv32im instruction chips are
//! stood in for by what they will put on the buses, read from the run's
//! access log): every system chip's constraints hold, and the memory,
//! range, program and execution buses balance between the system chips'
//! traces and that stand-in traffic. Altered boundary or table cells break
//! a constraint or a bus.

#[path = "../../../ext/rv32im/tests/support/mod.rs"]
mod support;

use support::*;
use trellis_isa::{MemorySegment, OpcodeClass, Program};
use trellis_sdk::build::build_example;
use trellis_sdk::{ExecOptions, HostIo, ProofParams, Trellis};
use trellis_stark::{DynAir, PrimeCharacteristicRing, RowMajorMatrix, Val, check_air_constraints};
use trellis_vm::Vm;
use trellis_vm::circuit::{LookupCounters, TraceContext};
use trellis_vm::system_chips::bus_tally::BusTally;
use trellis_vm::system_chips::{
    bitwise, boundary, connector, image, program, range, system, system_chips,
};
use trellis_vm::trace::ExecutionTrace;

/// A traced run and the system chips' traces (indices as in `system_chips`).
struct Fixture {
    program: Program,
    trace: ExecutionTrace,
    traces: Vec<RowMajorMatrix<Val>>,
    public_values: Vec<Vec<Val>>,
}

const PROGRAM: usize = 0;
const CONNECTOR: usize = 1;
const SYSTEM: usize = 2;
const IMAGE: usize = 3;
const BOUNDARY: usize = 4;
const RANGE: usize = 5;
const BITWISE: usize = 6;

impl Fixture {
    fn new(vm: &Vm, program: Program, input: Vec<u8>) -> Self {
        let loaded = vm.load(&program).unwrap();
        let trace = vm
            .execute_traced(&loaded, HostIo::captured(input), &ExecOptions::default())
            .unwrap();
        let counters = LookupCounters::new();
        let ctx = TraceContext::new(&program, &trace, &counters, |slot| {
            vm.registered()[slot as usize].entry.chip
        });
        let chips = system_chips(Some(&program));
        let mut traces: Vec<_> = chips
            .iter()
            .map(|c| (!c.is_lookup_table()).then(|| c.generate_trace(&ctx)))
            .collect();
        // The instruction chips' memory accesses record their timestamp gaps.
        for access in &trace.accesses {
            counters.timestamp_gap(access.prev_timestamp, access.timestamp);
        }
        for (slot, chip) in traces.iter_mut().zip(&chips) {
            if chip.is_lookup_table() {
                *slot = Some(chip.generate_trace(&ctx));
            }
        }
        let claim = trellis_sdk::Claim::of_run(program.entry_pc, &trace.result);
        let public_values = chips.iter().map(|c| c.public_values(&claim)).collect();
        let traces = traces.into_iter().map(Option::unwrap).collect();
        Self {
            program,
            trace,
            traces,
            public_values,
        }
    }

    /// Every system chip's constraints, with a message naming the first failure.
    fn check_constraints(&self) -> Result<(), String> {
        let airs: Vec<DynAir> = system_chips(Some(&self.program))
            .iter()
            .map(|c| c.air())
            .collect();
        for ((air, trace), pvs) in airs.iter().zip(&self.traces).zip(&self.public_values) {
            check_air_constraints(air, trace, pvs)?;
        }
        Ok(())
    }

    /// The system chips' bus traffic plus what the instruction chips will send.
    fn tally(&self) -> BusTally {
        let p = Some(&self.program);
        let (t, pv) = (&self.traces, &self.public_values);
        let mut tally = BusTally::new();
        tally.add_air(&program::ProgramAir::new(p), &t[PROGRAM], &pv[PROGRAM]);
        tally.add_air(&connector::ConnectorAir, &t[CONNECTOR], &pv[CONNECTOR]);
        tally.add_air(&system::SystemAir, &t[SYSTEM], &pv[SYSTEM]);
        tally.add_air(&image::ImageAir::new(p), &t[IMAGE], &pv[IMAGE]);
        tally.add_air(&boundary::BoundaryAir, &t[BOUNDARY], &pv[BOUNDARY]);
        tally.add_air(&range::RangeAir, &t[RANGE], &pv[RANGE]);
        tally.add_air(&bitwise::BitwiseAir, &t[BITWISE], &pv[BITWISE]);
        let bytes = |w: u32| w.to_le_bytes().map(u32::from);
        for a in &self.trace.accesses {
            let [v0, v1, v2, v3] = bytes(a.value);
            tally.add(
                "memory",
                vec![a.address_space, a.pointer, v0, v1, v2, v3, a.timestamp],
                1,
            );
            let [p0, p1, p2, p3] = bytes(a.prev_value);
            tally.add(
                "memory",
                vec![a.address_space, a.pointer, p0, p1, p2, p3, a.prev_timestamp],
                -1,
            );
            let gap = a.timestamp - a.prev_timestamp - 1;
            tally.add("range", vec![gap & 0xffff, 16], 1);
            tally.add("range", vec![gap >> 16, 13], 1);
        }
        let steps = &self.trace.steps;
        for (k, step) in steps.iter().enumerate() {
            let inst = self.program.instruction_at(step.pc).unwrap();
            let is_system = trellis_isa::system::SystemOpcode::from_global(inst.opcode).is_some();
            if is_system {
                continue; // the System chip's own rows are in the tally already
            }
            let mut fields = vec![step.pc, u32::from(inst.opcode.as_u16())];
            fields.extend(inst.operands());
            tally.add("program", fields, 1);
            tally.add("exec", vec![step.pc, step.timestamp], -1);
            let next_ts = step.timestamp + step.access_count.max(1);
            match steps.get(k + 1) {
                Some(next) => tally.add("exec", vec![next.pc, next_ts], 1),
                None => {
                    let [c0, c1, c2, c3] = bytes(self.trace.result.exit_code);
                    tally.add("exit", vec![step.pc, next_ts, c0, c1, c2, c3], 1);
                }
            }
        }
        tally
    }

    fn unbalanced(&self) -> Vec<&'static str> {
        let tally = self.tally();
        ["bitwise", "exec", "exit", "memory", "program", "range"]
            .into_iter()
            .filter(|bus| !tally.unbalanced(bus).is_empty())
            .collect()
    }

    fn set(&mut self, chip: usize, row: usize, col: usize, value: Val) {
        let t = &mut self.traces[chip];
        let w = t.width;
        t.values[row * w + col] = value;
    }

    fn copy_row(&mut self, chip: usize, from: usize, to: usize) {
        let t = &mut self.traces[chip];
        let w = t.width;
        let row = t.values[from * w..(from + 1) * w].to_vec();
        t.values[to * w..(to + 1) * w].copy_from_slice(&row);
    }

    /// Row of the boundary trace holding `(address_space, pointer)`.
    fn boundary_row(&self, address_space: u32, pointer: u32) -> usize {
        self.trace
            .touched
            .iter()
            .position(|w| (w.address_space, w.pointer) == (address_space, pointer))
            .unwrap()
    }
}

const DATA: u32 = 0x0001_0000;

/// Sums the image words `[3, 5, 7]` in a loop, storing each running sum
/// outside the image (word and byte stores), overwrites an image word, runs
/// a nop, and exits with the sum (15).
fn sum_program() -> Program {
    let mut words = li(5, DATA).to_vec(); // x5: pointer
    words.extend(li(6, 0)); // x6: i
    words.extend(li(7, 3)); // x7: n
    words.extend(li(10, 0)); // x10: sum
    words.extend([
        lw(8, 5, 0),
        add(10, 10, 8),
        sw(10, 5, 0x100),
        s(0x201, 10, 5, 0), // sb x10, 0x201(x5)
        addi(5, 5, 4),
        addi(6, 6, 1),
        b(-24, 7, 6, 1), // bne x6, x7, loop
        sw(10, 5, 0),    // overwrites the image word 0x1000c
        add(0, 1, 2),    // nop
    ]);
    words.extend(li(17, 93));
    words.push(ECALL);
    let image = vec![
        MemorySegment {
            start: DATA,
            bytes: [3u32, 5, 7, 0xdead_beef]
                .iter()
                .flat_map(|w| w.to_le_bytes())
                .collect(),
        },
        MemorySegment {
            start: DATA + 0x401,
            bytes: vec![0xaa, 0xbb],
        },
    ];
    program(&words, image)
}

#[test]
fn sum_program_satisfies_every_system_chip_and_balances_its_buses() {
    let fx = Fixture::new(&vm(), sum_program(), vec![]);
    assert_eq!(fx.trace.result.exit_code, 15);
    fx.check_constraints().unwrap();
    assert_eq!(fx.unbalanced(), Vec::<&str>::new());
    // Loop instructions ran three times.
    let lw_row = 8; // li x5 (2 words), li x6, li x7, li x10 → the lw is instruction 8
    assert_eq!(fx.traces[PROGRAM].values[lw_row], Val::from_u32(3));
    // One nop row in the System chip.
    assert_eq!(fx.traces[SYSTEM].values[0], Val::ONE);
    // Image words are not zero-initialized here; written words outside it are.
    let zero_init =
        |fx: &Fixture, ptr| fx.traces[BOUNDARY].values[fx.boundary_row(2, ptr) * 12 + 2];
    assert_eq!(zero_init(&fx, DATA + 12), Val::ZERO);
    assert_eq!(
        zero_init(&fx, DATA + 0x400),
        Val::ZERO,
        "partly covered image word"
    );
    assert_eq!(zero_init(&fx, DATA + 0x104), Val::ONE);
    assert_eq!(zero_init(&fx, DATA + 0x204), Val::ONE);
}

#[test]
fn altered_boundary_cells_fail_a_constraint_or_a_bus() {
    let vm = vm();
    let honest = Fixture::new(&vm, sum_program(), vec![]);
    let written = honest.boundary_row(2, DATA + 0x104);
    let image_word = honest.boundary_row(2, DATA + 12);
    let register = honest.boundary_row(1, 4 * 10);
    // (what, chip, row, column, value, expected unbalanced buses)
    type Case = (
        &'static str,
        usize,
        usize,
        usize,
        Val,
        &'static [&'static str],
    );
    let cases: [Case; 7] = [
        (
            "final value of a written word",
            BOUNDARY,
            written,
            7,
            Val::from_u32(9),
            &["memory"],
        ),
        (
            "final value of a register",
            BOUNDARY,
            register,
            7,
            Val::from_u32(16),
            &["memory"],
        ),
        (
            "final timestamp",
            BOUNDARY,
            written,
            11,
            Val::from_u32(1),
            &["memory"],
        ),
        (
            "zero init of an image word",
            BOUNDARY,
            image_word,
            2,
            Val::ONE,
            &["memory"],
        ),
        (
            "no zero init of a written word",
            BOUNDARY,
            written,
            2,
            Val::ZERO,
            &["memory"],
        ),
        (
            "program multiplicity",
            PROGRAM,
            8,
            0,
            Val::from_u32(2),
            &["program"],
        ),
        (
            "range multiplicity",
            RANGE,
            (1 << 13) - 1,
            0,
            Val::from_u32(7),
            &["range"],
        ),
    ];
    for (what, chip, row, col, value, buses) in cases {
        let mut fx = Fixture::new(&vm, sum_program(), vec![]);
        fx.set(chip, row, col, value);
        fx.check_constraints()
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(fx.unbalanced(), buses, "{what}");
    }
    // Order: a duplicated or out-of-order row breaks a constraint.
    let mut fx = Fixture::new(&vm, sum_program(), vec![]);
    fx.copy_row(BOUNDARY, written, written + 1);
    assert!(fx.check_constraints().is_err(), "duplicate row");
    let mut fx = Fixture::new(&vm, sum_program(), vec![]);
    let spare = honest.trace.touched.len(); // first padding row
    fx.copy_row(BOUNDARY, written, spare);
    fx.copy_row(BOUNDARY, written + 1, written);
    fx.copy_row(BOUNDARY, spare, written + 1);
    fx.copy_row(BOUNDARY, spare + 1, spare);
    assert!(fx.check_constraints().is_err(), "swapped rows");
}

#[test]
fn guest_example_satisfies_every_system_chip_and_balances_its_buses() {
    let trellis = Trellis::rv32im();
    let program = trellis
        .load_program(&build_example("fibonacci").unwrap())
        .unwrap();
    let fx = Fixture::new(trellis.vm(), program, vec![]);
    assert!(
        fx.trace.steps.len() > 1000 && fx.trace.touched.len() > 1000,
        "a real workload"
    );
    fx.check_constraints().unwrap();
    assert_eq!(fx.unbalanced(), Vec::<&str>::new());
}

#[test]
#[ignore = "needs every chip: see docs/proving.md"]
fn sum_program_proves_and_verifies() {
    let trellis = Trellis::rv32im();
    let program = sum_program();
    let (pk, vk) = trellis
        .keygen(&program, &ProofParams::insecure_test_fast())
        .unwrap();
    let (_, proof) = trellis
        .prove(
            &pk,
            &program,
            &[],
            &trellis_sdk::ProveOptions::default(),
            &|_| {},
        )
        .unwrap();
    assert_eq!(trellis.verify(&vk, &proof).unwrap().exit_code, 15);
}
