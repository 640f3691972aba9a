//! Hand-built instructions for tests: one canonical instruction per opcode
//! of the full configuration (rv32im, keccak, sha256, bigint, system), with the
//! setup that lets it run.

#![allow(dead_code)]

use trellis_ext_bigint::BigIntOpcode;
use trellis_isa::rv32im::*;
use trellis_isa::system::SystemOpcode;
use trellis_isa::{Instruction, Opcode, OpcodeClass, Program};
use trellis_sdk::{Trellis, TrellisConfig};
use trellis_sha256::Sha256Opcode;

/// pc of the first instruction of every test program.
pub const PC_BASE: u32 = 0x1000;
/// A word-aligned data address in guest memory (base of loads and stores).
pub const DATA: u32 = 0x10000;

/// The full configuration: every built-in extension.
pub fn full_trellis() -> Trellis {
    Trellis::from_config(&TrellisConfig::with_extensions([
        "rv32im", "keccak", "sha256", "bigint",
    ]))
    .expect("the built-in extensions do not conflict")
}

/// `4 · x`: register `x` as an operand.
pub const fn reg(x: u32) -> u32 {
    4 * x
}

/// An instruction of opcode `op` with operands `a..g`.
pub fn inst(op: impl OpcodeClass, operands: [u32; 7]) -> Instruction {
    Instruction::from_u32s(op.global(), operands)
}

/// `addi rd, rs1, imm` (12-bit signed immediate).
pub fn addi(rd: u32, rs1: u32, imm: i32) -> Instruction {
    let imm = imm12_to_u24(imm);
    inst(
        BaseAluOpcode::Add,
        [reg(rd), reg(rs1), imm, AS_REGISTER, OPERAND_IMMEDIATE, 0, 0],
    )
}

/// `lui rd, imm20` (rd ≠ x0).
pub fn lui(rd: u32, imm20: u32) -> Instruction {
    inst(JalLuiOpcode::Lui, [reg(rd), 0, imm20, AS_REGISTER, 0, 1, 0])
}

/// `auipc rd, imm20` (rd ≠ x0).
pub fn auipc(rd: u32, imm20: u32) -> Instruction {
    inst(
        AuipcOpcode::Auipc,
        [reg(rd), 0, imm20, AS_REGISTER, 0, 0, 0],
    )
}

/// `nop`.
pub fn nop() -> Instruction {
    Instruction::nullary(SystemOpcode::Nop.global())
}

/// `terminate code`.
pub fn terminate(code: u32) -> Instruction {
    inst(SystemOpcode::Terminate, [0, 0, code, 0, 0, 0, 0])
}

/// A program of `instructions` at [`PC_BASE`], entered at the first.
pub fn program(instructions: Vec<Instruction>) -> Program {
    Program {
        pc_base: PC_BASE,
        entry_pc: PC_BASE,
        instructions,
        memory_image: vec![],
    }
}

/// One instruction under test: `setup` runs before it, `after` right
/// after it (a jump or taken branch skips the first `after` instruction).
#[derive(Clone, Debug)]
pub struct Case {
    /// Instructions that prepare the registers it reads.
    pub setup: Vec<Instruction>,
    /// The canonical instruction.
    pub inst: Instruction,
    /// Instructions after it (landing room for jumps).
    pub after: Vec<Instruction>,
}

impl Case {
    fn new(setup: Vec<Instruction>, inst: Instruction, after: Vec<Instruction>) -> Self {
        Self { setup, inst, after }
    }

    /// The case with `inst` in place of its instruction.
    pub fn with(&self, inst: Instruction) -> Self {
        Self {
            inst,
            ..self.clone()
        }
    }

    /// setup, the instruction, after.
    pub fn code(&self) -> Vec<Instruction> {
        let mut code = self.setup.clone();
        code.push(self.inst);
        code.extend_from_slice(&self.after);
        code
    }
}

/// x6 = 5, x7 = 3 (or 5 when `equal`): the sources of register-form cases.
fn sources(equal: bool) -> Vec<Instruction> {
    vec![addi(6, 0, 5), addi(7, 0, if equal { 5 } else { 3 })]
}

/// `rd = x1, rs1 = x6, rs2 = x7` in the ALU register form.
fn alu_rr(op: impl OpcodeClass) -> Case {
    let i = inst(
        op,
        [reg(1), reg(6), reg(7), AS_REGISTER, OPERAND_REGISTER, 0, 0],
    );
    Case::new(sources(false), i, vec![])
}

/// `rd = x1, rs1 = x6, imm` in the ALU immediate form.
fn alu_ri(op: impl OpcodeClass, imm: u32) -> Case {
    let i = inst(
        op,
        [reg(1), reg(6), imm, AS_REGISTER, OPERAND_IMMEDIATE, 0, 0],
    );
    Case::new(sources(false), i, vec![])
}

/// A load into x1 or a store of x6 at `x5 + 0`, x5 = [`DATA`].
fn load_store(op: LoadStoreOpcode) -> Case {
    let is_store = matches!(
        op,
        LoadStoreOpcode::StoreW | LoadStoreOpcode::StoreH | LoadStoreOpcode::StoreB
    );
    let a = if is_store { reg(6) } else { reg(1) };
    let i = inst(op, [a, reg(5), 0, AS_REGISTER, AS_MEMORY, 1, 0]);
    let mut setup = sources(false);
    setup.push(lui(5, DATA >> 12));
    Case::new(setup, i, vec![])
}

/// A branch on x6, x7 by +8 (over one `nop`).
fn branch(op: impl OpcodeClass, equal: bool) -> Case {
    let i = inst(op, [reg(6), reg(7), 8, AS_REGISTER, OPERAND_REGISTER, 0, 0]);
    Case::new(sources(equal), i, vec![nop()])
}

/// Every opcode of the full configuration in one or more canonical cases
/// (`terminate` last: it ends a program).
pub fn canonical_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for &op in BaseAluOpcode::ALL {
        cases.push(alu_rr(op));
        cases.push(alu_ri(op, imm12_to_u24(-5)));
    }
    for &op in ShiftOpcode::ALL {
        cases.push(alu_rr(op));
        cases.push(alu_ri(op, 3));
    }
    for &op in LessThanOpcode::ALL {
        cases.push(alu_rr(op));
        cases.push(alu_ri(op, 9));
    }
    cases.extend(MulOpcode::ALL.iter().map(|&op| alu_rr(op)));
    cases.extend(MulHOpcode::ALL.iter().map(|&op| alu_rr(op)));
    cases.extend(DivRemOpcode::ALL.iter().map(|&op| alu_rr(op)));
    cases.extend(LoadStoreOpcode::ALL.iter().map(|&op| load_store(op)));
    for &op in BranchEqOpcode::ALL {
        cases.push(branch(op, true));
        cases.push(branch(op, false));
    }
    for &op in BranchLtOpcode::ALL {
        cases.push(branch(op, true));
        cases.push(branch(op, false));
    }
    let jal = inst(JalLuiOpcode::Jal, [reg(1), 0, 8, AS_REGISTER, 0, 1, 0]);
    cases.push(Case::new(vec![], jal, vec![nop()]));
    cases.push(Case::new(vec![], lui(1, 0x12345), vec![]));
    // jalr x1, 12(x5) with x5 = its own pc - 4: lands past one nop.
    let jalr = inst(JalrOpcode::Jalr, [reg(1), reg(5), 12, AS_REGISTER, 0, 1, 0]);
    cases.push(Case::new(vec![auipc(5, 0)], jalr, vec![nop()]));
    cases.push(Case::new(vec![], auipc(1, 0x12345), vec![]));
    // write(1, _, 0): an ecall that returns.
    let write = vec![addi(17, 0, 64), addi(10, 0, 1), addi(12, 0, 0)];
    cases.push(Case::new(
        write,
        Instruction::nullary(EcallOpcode::Ecall.global()),
        vec![],
    ));
    cases.push(Case::new(vec![], nop(), vec![]));
    cases.push(Case::new(
        vec![],
        inst(SystemOpcode::Trap, [0, 0x1073, 0xc000, 0, 0, 0, 0]),
        vec![],
    ));
    let keccakf = inst(
        trellis_isa::keccak::KeccakOpcode::KeccakF,
        [0, reg(5), 0, AS_REGISTER, AS_MEMORY, 0, 0],
    );
    cases.push(Case::new(vec![lui(5, DATA >> 12)], keccakf, vec![]));
    let compress = inst(
        Sha256Opcode::Compress,
        [reg(5), reg(6), 0, AS_REGISTER, AS_MEMORY, 0, 0],
    );
    cases.push(Case::new(
        vec![lui(5, DATA >> 12), lui(6, (DATA >> 12) + 1)],
        compress,
        vec![],
    ));
    for op in [
        BigIntOpcode::AddMod,
        BigIntOpcode::SubMod,
        BigIntOpcode::MulMod,
    ] {
        // r = a = DATA, b = DATA + 0x1000, modulo secp256k1's p.
        let bigint = inst(op, [reg(5), reg(5), reg(6), AS_REGISTER, AS_MEMORY, 0, 0]);
        cases.push(Case::new(
            vec![lui(5, DATA >> 12), lui(6, (DATA >> 12) + 1)],
            bigint,
            vec![],
        ));
    }
    cases.push(Case::new(vec![], terminate(0), vec![]));
    cases
}

/// The opcode of `trap` (it always ends the run with an error).
pub fn trap_opcode() -> Opcode {
    SystemOpcode::Trap.global()
}

/// The opcode of `terminate`.
pub fn terminate_opcode() -> Opcode {
    SystemOpcode::Terminate.global()
}
