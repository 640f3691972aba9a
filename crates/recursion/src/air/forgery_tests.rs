//! Consistent forgeries: a slot's value changed at its writer *and* at every reader,
//! every later value re-solved by running the program on (so every witness bus
//! balances and every other relation holds), and only the writer's own relation broken.
//! The prover's checks name that one constraint; the unmodified verifier rejects the
//! proof the unchecked prover makes of it.

use p3_field::{BasedVectorSpace, PrimeCharacteristicRing, PrimeField32};
use trellis_stark::{
    Challenge, DynAir, ProofParams, ProveError, ProvingKey, RowMajorMatrix, Val, VerifyingKey,
    check_traces, prove_unchecked, verify,
};

use super::RecursionCircuit;
use trellis_vm::system_chips::bus_tally::BusTally;

use super::alu_base::{AluBaseAir, alu_base_prep};
use super::alu_ext::{AluExtAir, alu_ext_prep};
use super::assert::{AssertAir, assert_prep};
use super::bits::{BitsAir, bits_prep};
use super::coeffs::{CoeffsAir, coeffs_prep};
use super::fill::coords;
use super::inputs::{InputsAir, inputs_prep};
use super::layout::Table;
use super::poseidon2::output_cells;
use super::poseidon2::{Poseidon2Air, poseidon2_prep};
use super::public::{PublicAir, public_prep, public_slots};
use super::reduced::{ReducedAir, reduced_prep};
use super::select::{SelectAir, select_prep};
use super::synthetic::{Builder, every_op};
use super::witness::{BASE_WITNESS, EXT_WITNESS};
use crate::backend::EXT_DEGREE;
use crate::inputs::ProgramInputs;
use crate::interpreter::{Execution, execute};
use crate::ir::Op;
use crate::program::Program;

/// The program's execution with operation `at` replaced by constants: the base slots
/// `base` and extension slots `ext` get the given values, and every later operation is
/// re-run on them.
pub(super) fn forged_execution(
    program: &Program,
    inputs: &ProgramInputs,
    at: usize,
    base: &[(u32, Val)],
    ext: &[(u32, Challenge)],
) -> Execution {
    let mut forged = program.clone();
    let mut ops = forged.ops[..at].to_vec();
    for &(slot, v) in base {
        ops.push(Op::Const {
            out: crate::ir::BaseSlot(slot),
            value: v.as_canonical_u32(),
        });
    }
    for &(slot, v) in ext {
        ops.push(Op::ConstExt {
            out: crate::ir::ExtSlot(slot),
            value: coords(v).map(|c| c.as_canonical_u32()),
        });
    }
    ops.extend_from_slice(&forged.ops[at + 1..]);
    forged.ops = ops;
    let exec = execute(&forged, inputs).expect("the forged program runs");
    assert!(
        exec.accepted(),
        "re-solved: every check holds ({:?})",
        exec.failures
    );
    exec
}

/// Index of the first operation `is` accepts.
pub(super) fn first(program: &Program, is: impl Fn(&Op) -> bool) -> usize {
    program
        .ops
        .iter()
        .position(is)
        .expect("the program has such an operation")
}

/// Keys of `circuit` under the test parameters.
fn keys(circuit: &RecursionCircuit<'_>) -> (ProvingKey<DynAir>, VerifyingKey<DynAir>) {
    circuit.keygen(&ProofParams::insecure_test_fast()).unwrap()
}

/// Asserts that the prover's checks reject `traces` at a constraint of `table`, that both
/// witness buses balance (the forgery is consistent), and that the proof the unchecked
/// prover makes of them is rejected by the verifier.
pub(super) fn assert_rejected(
    circuit: &RecursionCircuit<'_>,
    traces: Vec<RowMajorMatrix<Val>>,
    public: &[Val],
    table: Table,
) {
    let (pk, vk) = keys(circuit);
    let pv = circuit.public_values(public);
    match check_traces(&pk, &traces, &pv) {
        Err(ProveError::Constraint { air, .. }) => assert_eq!(air, table.name()),
        other => panic!(
            "expected a constraint of {} to fail, got {other:?}",
            table.name()
        ),
    }
    let tally = bus_tally(circuit, &traces, public);
    for bus in [BASE_WITNESS, EXT_WITNESS] {
        assert_eq!(
            tally.unbalanced(bus.name()),
            vec![],
            "{} balances",
            bus.name()
        );
    }
    let proof = prove_unchecked(&pk, &traces, &pv).expect("the unchecked prover proves");
    let err = verify(&vk, &proof, &pv).expect_err("the verifier rejects the forgery");
    assert!(
        err.to_string().contains("rejected"),
        "{table:?}: unexpected error {err}"
    );
}

/// The net multiplicity of every witness-bus tuple over all the circuit's tables.
pub(super) fn bus_tally(
    circuit: &RecursionCircuit<'_>,
    traces: &[RowMajorMatrix<Val>],
    public: &[Val],
) -> BusTally {
    let l = circuit.layout();
    let mut tally = BusTally::new();
    for (&t, trace) in circuit.tables().iter().zip(traces) {
        match t {
            Table::Inputs => tally.add_air(&InputsAir::<1>::new(inputs_prep::<1>(l)), trace, &[]),
            Table::InputsExt => tally.add_air(
                &InputsAir::<EXT_DEGREE>::new(inputs_prep::<EXT_DEGREE>(l)),
                trace,
                &[],
            ),
            Table::Public => {
                let indices = public_slots(l).into_iter().map(|(_, i)| i).collect();
                let air = PublicAir::new(indices, public.len(), public_prep(l));
                tally.add_air(&air, trace, public)
            }
            Table::AluBase => tally.add_air(&AluBaseAir::new(alu_base_prep(l)), trace, &[]),
            Table::AluExt => tally.add_air(&AluExtAir::new(alu_ext_prep(l)), trace, &[]),
            Table::Coeffs => tally.add_air(&CoeffsAir::new(coeffs_prep(l)), trace, &[]),
            Table::Select => tally.add_air(&SelectAir::new(select_prep(l)), trace, &[]),
            Table::Assert => tally.add_air(&AssertAir::new(assert_prep(l)), trace, &[]),
            Table::Poseidon2 => tally.add_air(&Poseidon2Air::new(poseidon2_prep(l)), trace, &[]),
            Table::Bits => tally.add_air(&BitsAir::new(bits_prep(l)), trace, &[]),
            Table::Reduced => tally.add_air(&ReducedAir::new(reduced_prep(l)), trace, &[]),
        }
    }
    tally
}

/// Forges operation `at` ([`forged_execution`]) and asserts the rejection at `table`.
pub(super) fn forge(
    program: &Program,
    inputs: &ProgramInputs,
    at: usize,
    base: &[(u32, Val)],
    ext: &[(u32, Challenge)],
    table: Table,
) {
    let circuit = RecursionCircuit::new(program).unwrap();
    let exec = forged_execution(program, inputs, at, base, ext);
    assert_rejected(
        &circuit,
        circuit.traces(&exec),
        &inputs.public_values,
        table,
    );
}

#[test]
fn wrong_ext_product_with_its_readers_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::ExtMul { .. }));
    let Op::ExtMul { out, .. } = program.ops[at] else {
        unreachable!()
    };
    let honest = execute(&program, &inputs).unwrap().ext[out.0 as usize];
    forge(
        &program,
        &inputs,
        at,
        &[],
        &[(out.0, honest + Challenge::ONE)],
        Table::AluExt,
    );
}

#[test]
fn wrong_base_product_with_its_readers_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::Mul { .. }));
    let Op::Mul { out, .. } = program.ops[at] else {
        unreachable!()
    };
    let honest = execute(&program, &inputs).unwrap().base[out.0 as usize];
    forge(
        &program,
        &inputs,
        at,
        &[(out.0, honest + Val::ONE)],
        &[],
        Table::AluBase,
    );
}

#[test]
fn wrong_constant_with_its_readers_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::Const { value: 7, .. }));
    let Op::Const { out, .. } = program.ops[at] else {
        unreachable!()
    };
    forge(
        &program,
        &inputs,
        at,
        &[(out.0, Val::from_u32(8))],
        &[],
        Table::Inputs,
    );
}

/// A wrong constant in each lane of the base inputs table (each lane has its own
/// `is_const · (value − constant)` constraint and its own bus tuple), its reader
/// re-solved, is rejected at the inputs table; the last row's unused lanes are padding.
#[test]
fn wrong_constant_in_every_lane_is_rejected() {
    let lanes = super::inputs::BASE_LANES;
    let mut b = Builder::new(0);
    let constants: Vec<_> = (0..2 * lanes as u32 + 1).map(|v| b.konst(10 + v)).collect();
    for &c in &constants {
        b.base(|out| Op::Add { out, a: c, b: c });
    }
    let (program, inputs) = (b.program, b.inputs);
    let circuit = RecursionCircuit::new(&program).unwrap();
    assert_eq!(circuit.layout().height_of(Table::Inputs), 3);
    for lane in 0..lanes {
        let at = lanes + lane; // the second row
        let Op::Const { out, value } = program.ops[at] else {
            unreachable!("the constants come first")
        };
        forge(
            &program,
            &inputs,
            at,
            &[(out.0, Val::from_u32(value + 1))],
            &[],
            Table::Inputs,
        );
    }
}

#[test]
fn wrong_public_slot_with_its_readers_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::Public { .. }));
    let Op::Public { out, index } = program.ops[at] else {
        unreachable!()
    };
    let forged = inputs.public_values[index as usize] + Val::ONE;
    forge(
        &program,
        &inputs,
        at,
        &[(out.0, forged)],
        &[],
        Table::Public,
    );
}

#[test]
fn embedded_base_with_a_high_coordinate_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::ExtFromBase { .. }));
    let Op::ExtFromBase { out, a } = program.ops[at] else {
        unreachable!()
    };
    let base = execute(&program, &inputs).unwrap().base[a.0 as usize];
    let forged = Challenge::from_basis_coefficients_fn(|i| match i {
        0 => base,
        1 => Val::ONE,
        _ => Val::ZERO,
    });
    forge(
        &program,
        &inputs,
        at,
        &[],
        &[(out.0, forged)],
        Table::Coeffs,
    );
}

#[test]
fn select_on_a_non_boolean_bit_is_rejected() {
    let mut b = Builder::new(0);
    let bit = b.load(2);
    let (x, y) = (b.load(10), b.load(3));
    let out = b.base(|out| Op::Select {
        out,
        bit,
        if_one: x,
        if_zero: y,
    });
    b.base(|o| Op::Add {
        out: o,
        a: out,
        b: x,
    });
    let program = b.program;
    // The interpreter takes any non-zero bit for 1; the forgery uses the arithmetic
    // value bit·(x − y) + y = 2·7 + 3 = 17 instead, read as such by the Add.
    let at = first(&program, |op| matches!(op, Op::Select { .. }));
    forge(
        &program,
        &b.inputs,
        at,
        &[(out.0, Val::from_u32(17))],
        &[],
        Table::Select,
    );
}

#[test]
fn poseidon2_output_changed_with_its_readers_is_rejected() {
    let (program, inputs) = every_op(2);
    let at = first(&program, |op| matches!(op, Op::Permute { .. }));
    let Op::Permute { out, .. } = program.ops[at] else {
        unreachable!()
    };
    let honest = execute(&program, &inputs).unwrap();
    let base: Vec<(u32, Val)> = out
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let v = honest.base[s.0 as usize];
            (s.0, if i == 3 { v + Val::ONE } else { v })
        })
        .collect();
    let circuit = RecursionCircuit::new(&program).unwrap();
    let exec = forged_execution(&program, &inputs, at, &base, &[]);
    let mut traces = circuit.traces(&exec);
    let k = circuit
        .tables()
        .iter()
        .position(|&t| t == Table::Poseidon2)
        .unwrap();
    let width = traces[k].width;
    let columns: Vec<usize> = (0..width).collect();
    let cell = output_cells(&columns)[3];
    traces[k].values[cell] += Val::ONE; // row 0: the first Permute
    assert_rejected(&circuit, traces, &inputs.public_values, Table::Poseidon2);
}

#[test]
fn failed_check_is_rejected() {
    let mut b = Builder::new(0);
    let x = b.load(5);
    let y = b.konst(6);
    b.op(Op::AssertEq {
        a: x,
        b: y,
        what: 0,
    });
    let circuit = RecursionCircuit::new(&b.program).unwrap();
    let exec = execute(&b.program, &b.inputs).unwrap();
    assert!(!exec.accepted());
    assert_rejected(&circuit, circuit.traces(&exec), &[], Table::Assert);
}

#[test]
fn a_writer_changed_alone_unbalances_the_witness_bus() {
    // The tally above can fail: the same ExtMul output changed in its own row only.
    let (program, inputs) = every_op(2);
    let circuit = RecursionCircuit::new(&program).unwrap();
    let exec = execute(&program, &inputs).unwrap();
    let mut traces = circuit.traces(&exec);
    let k = circuit
        .tables()
        .iter()
        .position(|&t| t == Table::AluExt)
        .unwrap();
    let at = first(&program, |op| matches!(op, Op::ExtMul { .. }));
    let row = circuit.layout().ops[Table::AluExt as usize]
        .iter()
        .position(|&i| i == at)
        .unwrap();
    let width = traces[k].width;
    traces[k].values[row * width + 8] += Val::ONE; // out[0]
    let tally = bus_tally(&circuit, &traces, &inputs.public_values);
    assert_eq!(
        tally.unbalanced(EXT_WITNESS.name()).len(),
        2,
        "old and new tuple"
    );
}
