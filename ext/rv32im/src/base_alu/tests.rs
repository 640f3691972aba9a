//! BaseAlu: honest traces of real runs over edge operands in both forms,
//! and altered traces that the constraints or the buses reject.

use super::{BASE_ALU_WIDTH, BaseAluAir, BaseAluChip, BaseAluCols, CHIP, base_alu};
use crate::adapters::testing::*;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::BaseAluOpcode;
use trellis_stark::{DynAir, Matrix, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::columns::Columns;

/// Column indices.
fn col() -> BaseAluCols<usize> {
    BaseAluCols::read(&(0..BASE_ALU_WIDTH).collect::<Vec<_>>())
}

/// (funct7, funct3) of each opcode's register form, in local order.
const REGISTER_FORMS: [(u32, u32); 5] = [(0, 0), (0x20, 0), (0, 4), (0, 6), (0, 7)];
/// funct3 of the immediate forms addi, xori, ori, andi.
const IMMEDIATE_FORMS: [u32; 4] = [0, 4, 6, 7];
/// Immediates at the borders of the 12-bit range and of each byte.
const IMMEDIATES: [i32; 12] = [
    0, 1, -1, 2047, -2048, 0x7f, 0x80, -0x80, -0x81, 0x123, -0x123, 0x7fe,
];

/// Every register-form opcode on every pair of edge values.
fn register_program() -> Vec<u32> {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        for &y in &EDGE_VALUES {
            words.extend(li(5, x));
            words.extend(li(6, y));
            for (k, (f7, f3)) in REGISTER_FORMS.into_iter().enumerate() {
                words.push(r_type(f7, f3, 7 + k as u32, 5, 6));
            }
        }
    }
    words
}

/// Every immediate-form opcode on every edge value and edge immediate, plus
/// x0 operands and a destination equal to its sources.
fn immediate_program() -> Vec<u32> {
    let mut words = Vec::new();
    for &x in &EDGE_VALUES {
        words.extend(li(5, x));
        for imm in IMMEDIATES {
            for f3 in IMMEDIATE_FORMS {
                words.push(i_type(f3, 6, 5, imm));
            }
        }
    }
    words.push(r_type(0, 0, 8, 0, 0)); // add x8, x0, x0
    words.push(r_type(0x20, 0, 9, 0, 5)); // sub x9, x0, x5
    words.push(r_type(0, 0, 5, 5, 5)); // add x5, x5, x5
    words.push(addi(5, 5, -2048));
    words
}

#[test]
fn register_forms_on_edge_values() {
    let h = honest(BaseAluAir, &BaseAluChip, &register_program());
    assert!(h.rows > 14 * 14 * 5);
}

#[test]
fn immediate_forms_on_edge_values() {
    let h = honest(BaseAluAir, &BaseAluChip, &immediate_program());
    assert!(h.rows > 14 * 12 * 4);
}

#[test]
fn results_match_the_executor() {
    let (x, y) = (0x8000_0000, 0xffff_ffff);
    let mut words = [li(5, x), li(6, y)].concat();
    words.extend(
        REGISTER_FORMS
            .iter()
            .enumerate()
            .map(|(k, &(f7, f3))| r_type(f7, f3, 7 + k as u32, 5, 6)),
    );
    words.push(addi(12, 5, -2048));
    let run = Run::new(&words);
    for (k, &op) in BaseAluOpcode::ALL.iter().enumerate() {
        assert_eq!(run.register(7 + k as u32), base_alu(op, x, y), "{op:?}");
    }
    assert_eq!(run.register(12), 0x7fff_f800);
}

#[test]
fn degrees_fit_the_prover() {
    assert_eq!(interaction_count(&DynAir::new(BaseAluAir)), 21);
    assert_eq!(assert_degrees(&DynAir::new(BaseAluAir)), 3);
    assert_eq!(BASE_ALU_WIDTH, 36);
}

/// Operands of the sample: `b & c = 0`, so xor and or agree.
const SAMPLE_B: u32 = 0x1234_56ff;
const SAMPLE_C: u32 = 0x0000_0100;
/// Rows of the sample: the two `li`s fill rows 0..6 (addi, ori, ori each).
const ADD: usize = 6;
const SUB: usize = 7;
const XOR: usize = 8;
const ADDI: usize = 11;

/// add, sub, xor, or, and of [`SAMPLE_B`] and [`SAMPLE_C`], then `addi x6, x5, -1`.
fn sample_program() -> Vec<u32> {
    let mut words = [li(5, SAMPLE_B), li(6, SAMPLE_C)].concat();
    words.extend(
        REGISTER_FORMS
            .iter()
            .map(|&(f7, f3)| r_type(f7, f3, 7, 5, 6)),
    );
    words.push(addi(6, 5, -1));
    words
}

fn sample() -> Honest {
    let h = honest(BaseAluAir, &BaseAluChip, &sample_program());
    let c = col();
    for (row, local) in [
        (ADD, 0),
        (SUB, 1),
        (XOR, 2),
        (XOR + 1, 3),
        (XOR + 2, 4),
        (ADDI, 0),
    ] {
        assert_eq!(cell(&h.trace, row, c.flags[local]), Val::ONE, "row {row}");
    }
    assert_eq!(cell(&h.trace, ADDI, c.rs2_is_reg), Val::ZERO);
    h
}

#[test]
fn altered_cells_are_rejected() {
    let h = sample();
    let (c, t) = (col(), &h.trace);
    assert_rejected(BaseAluAir, &bump(t, ADD, c.a[0]), "add result limb");
    assert_rejected(BaseAluAir, &bump(t, ADD, c.a[3]), "add top result limb");
    assert_rejected(BaseAluAir, &bump(t, SUB, c.a[1]), "sub result limb");
    assert_rejected(BaseAluAir, &bump(t, ADD, c.c[2]), "add operand limb");
    assert_rejected(
        BaseAluAir,
        &with_cell(t, ADD, c.flags[1], Val::ONE),
        "two opcode flags",
    );
    assert_rejected(
        BaseAluAir,
        &with_cell(t, ADD, c.flags[0], Val::TWO),
        "non-boolean flag",
    );
    let relabelled = with_cell(
        &with_cell(t, ADD, c.flags[0], Val::ZERO),
        ADD,
        c.flags[1],
        Val::ONE,
    );
    assert_rejected(
        BaseAluAir,
        &relabelled,
        "add row relabelled sub (borrows are not bits)",
    );
    assert_rejected(
        BaseAluAir,
        &with_cell(t, ADD, c.rs2_is_reg, Val::TWO),
        "non-boolean e",
    );
    assert_rejected(
        BaseAluAir,
        &bump(t, ADD, c.adapter.rs1_read.gap_lo),
        "rs1 timestamp gap limb",
    );
    assert_rejected(
        BaseAluAir,
        &bump(t, ADD, c.adapter.rs2_read.gap_hi),
        "rs2 timestamp gap limb",
    );
    assert_rejected(
        BaseAluAir,
        &bump(t, ADD, c.adapter.rd_write.access.gap_lo),
        "rd timestamp gap limb",
    );
    assert_rejected(BaseAluAir, &bump(t, ADD, c.adapter.timestamp), "timestamp");
    // Immediate row: the limbs must be the sign-extended immediate.
    assert_rejected(BaseAluAir, &bump(t, ADDI, c.c[0]), "immediate low limb");
    assert_rejected(BaseAluAir, &bump(t, ADDI, c.c[2]), "immediate third limb");
    assert_rejected(
        BaseAluAir,
        &with_cell(t, ADDI, c.c[3], val(254)),
        "immediate sign limb",
    );
    assert_rejected(
        BaseAluAir,
        &bump(t, ADDI, c.adapter.rs2),
        "immediate operand",
    );
    assert_rejected(
        BaseAluAir,
        &with_cell(t, ADDI, c.rs2_is_reg, Val::ONE),
        "immediate row claims a register",
    );
    // Immediate row: no rs2 read, so its timestamp columns are pinned to 0.
    let rs2_read = &c.adapter.rs2_read;
    for column in [rs2_read.prev_timestamp, rs2_read.gap_lo, rs2_read.gap_hi] {
        assert_eq!(cell(t, ADDI, column), Val::ZERO);
        assert_rejected(
            BaseAluAir,
            &bump(t, ADDI, column),
            "rs2 read column of an immediate row",
        );
    }
    // A padding row cannot read a register.
    assert_rejected(
        BaseAluAir,
        &with_cell(t, t.height() - 1, c.rs2_is_reg, Val::ONE),
        "padding e",
    );
}

/// Alterations that keep every constraint but change bus tuples, with the
/// buses they unbalance.
fn bus_only_alterations() -> Vec<Alteration> {
    let c = col();
    let h = sample();
    let plus = |row: usize, column: usize| (row, column, cell(&h.trace, row, column) + Val::ONE);
    let xor_to_or = vec![(XOR, c.flags[2], Val::ZERO), (XOR, c.flags[3], Val::ONE)];
    vec![
        (
            "rs1 value and result",
            vec![plus(ADD, c.b[1]), plus(ADD, c.a[1])],
            vec!["bitwise", "memory"],
        ),
        (
            "xor result limb",
            vec![plus(XOR, c.a[0])],
            vec!["bitwise", "memory"],
        ),
        (
            "rd previous value",
            vec![plus(ADD, c.adapter.rd_write.prev_data[0])],
            vec!["memory"],
        ),
        (
            "rs2 pointer",
            vec![plus(ADD, c.adapter.rs2)],
            vec!["memory", "program"],
        ),
        ("pc", vec![plus(ADD, c.adapter.pc)], vec!["exec", "program"]),
        (
            "opcode flag xor -> or (b & c = 0)",
            xor_to_or,
            vec!["program"],
        ),
        // addi x6, x5, -1 with the immediate's top limb 0 (c = 0x00ffffff) and the sum to match.
        (
            "immediate sign",
            vec![(ADDI, c.c[3], Val::ZERO), (ADDI, c.a[3], val(0x13))],
            vec!["bitwise", "memory", "range"],
        ),
    ]
}

#[test]
fn bus_only_alterations_change_the_traffic() {
    assert_bus_only(BaseAluAir, &BaseAluChip, &sample(), &bus_only_alterations());
}

#[test]
fn honest_run_proves() {
    prove_altered(program(&sample_program()), CHIP, |_| {}).unwrap();
}

#[test]
fn bus_only_alterations_fail_to_prove() {
    assert_unprovable(&sample_program(), CHIP, &bus_only_alterations());
}

/// A hand-written `add x0, x5, x5` (the transpiler writes `nop` instead)
/// runs, since the executor drops the write; its row fills without panicking
/// and keeps its own constraints, but claims a write the run never made.
#[test]
fn write_to_x0_is_rejected_before_running() {
    use trellis_isa::Instruction;
    let mut p = program(&li(5, 7));
    let add_x0 = Instruction::from_u32s(BaseAluOpcode::Add.global(), [0, 20, 20, 1, 1, 0, 0]);
    p.instructions.insert(p.instructions.len() - 1, add_x0);
    let vm =
        trellis_vm::Vm::new(trellis_vm::VmConfig::new().with_extension(crate::Rv32im)).unwrap();
    let err = vm.load(&p).unwrap_err().to_string();
    assert!(err.contains("writes x0"), "{err}");
}

#[test]
fn column_contract_holds() {
    trellis_vm::circuit::contracts::assert_column_contract(&DynAir::new(BaseAluAir));
}
