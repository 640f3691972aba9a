//! The RV32IM decoder: turns every RV32I and M instruction word into a
//! Trellis [`Instruction`] with the operands of `docs/isa.md`.
//!
//! Register operands are byte addresses in the register address space
//! (`4 * index`). Instructions that write only `x0` and have no other effect
//! become [`SystemOpcode::Nop`]; `fence`/`fence.i` too. `ecall` becomes
//! [`EcallOpcode::Ecall`]; `ebreak`, `unimp` and the all-zero word become
//! [`SystemOpcode::Trap`]. Every other word (compressed, F, A, CSR,
//! privileged, RV64-only, reserved encodings) is left to other extensions
//! (`None`).

mod fields;
#[cfg(test)]
mod tests;

use fields::Fields;
use trellis_isa::field::from_signed;
use trellis_isa::rv32im::{
    AS_MEMORY, AS_REGISTER, AuipcOpcode, BaseAluOpcode, BranchEqOpcode, BranchLtOpcode,
    DivRemOpcode, EcallOpcode, JalLuiOpcode, JalrOpcode, LessThanOpcode, LoadStoreOpcode,
    MulHOpcode, MulOpcode, OPERAND_IMMEDIATE, OPERAND_REGISTER, ShiftOpcode, imm12_to_u24,
};
use trellis_isa::system::{SystemOpcode, TrapKind};
use trellis_isa::{Instruction, Opcode, OpcodeClass};
use trellis_transpiler::TranspilerExtension;

/// The base extension's [`TranspilerExtension`]: decodes RV32I + M (named `"rv32im"`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Rv32imDecoder;

impl TranspilerExtension for Rv32imDecoder {
    fn name(&self) -> &'static str {
        "rv32im"
    }

    fn decode(&self, word: u32, _pc: u32) -> Option<Instruction> {
        decode(word)
    }
}

const OPCODE_LOAD: u32 = 0x03;
const OPCODE_MISC_MEM: u32 = 0x0f;
const OPCODE_OP_IMM: u32 = 0x13;
const OPCODE_AUIPC: u32 = 0x17;
const OPCODE_STORE: u32 = 0x23;
const OPCODE_OP: u32 = 0x33;
const OPCODE_LUI: u32 = 0x37;
const OPCODE_BRANCH: u32 = 0x63;
const OPCODE_JALR: u32 = 0x67;
const OPCODE_JAL: u32 = 0x6f;

/// `ecall`.
const ECALL: u32 = 0x0000_0073;
/// `ebreak`.
const EBREAK: u32 = 0x0010_0073;
/// `unimp`, i.e. `csrrw x0, cycle, x0`.
const UNIMP: u32 = 0xc000_1073;

/// Decodes one RV32IM word; `None` for words of any other extension and for
/// reserved encodings.
pub fn decode(word: u32) -> Option<Instruction> {
    match word {
        0 => return Some(trap(TrapKind::ZeroWord, word)),
        ECALL => return Some(Instruction::nullary(EcallOpcode::Ecall.global())),
        EBREAK => return Some(trap(TrapKind::Ebreak, word)),
        UNIMP => return Some(trap(TrapKind::Unimp, word)),
        _ => {}
    }
    let f = Fields { word };
    match f.opcode() {
        OPCODE_OP => register_op(f),
        OPCODE_OP_IMM => immediate_op(f),
        OPCODE_LUI => nop_if_x0(f, upper(JalLuiOpcode::Lui.global(), f, f.rd() != 0)),
        OPCODE_AUIPC => nop_if_x0(f, upper(AuipcOpcode::Auipc.global(), f, false)),
        OPCODE_JAL => {
            let mut i = Instruction::from_u32s(
                JalLuiOpcode::Jal.global(),
                [reg(f.rd()), 0, 0, AS_REGISTER, 0, (f.rd() != 0) as u32, 0],
            );
            i.c = from_signed(f.imm_j());
            Some(i)
        }
        OPCODE_JALR if f.funct3() == 0 => Some(imm16(
            JalrOpcode::Jalr.global(),
            reg(f.rd()),
            f,
            f.imm_i(),
            0,
            (f.rd() != 0) as u32,
        )),
        OPCODE_BRANCH => branch(f),
        OPCODE_LOAD => {
            let opcode = match f.funct3() {
                0 => LoadStoreOpcode::LoadB,
                1 => LoadStoreOpcode::LoadH,
                2 => LoadStoreOpcode::LoadW,
                4 => LoadStoreOpcode::LoadBu,
                5 => LoadStoreOpcode::LoadHu,
                _ => return None,
            };
            Some(imm16(
                opcode.global(),
                reg(f.rd()),
                f,
                f.imm_i(),
                AS_MEMORY,
                (f.rd() != 0) as u32,
            ))
        }
        OPCODE_STORE => {
            let opcode = match f.funct3() {
                0 => LoadStoreOpcode::StoreB,
                1 => LoadStoreOpcode::StoreH,
                2 => LoadStoreOpcode::StoreW,
                _ => return None,
            };
            Some(imm16(
                opcode.global(),
                reg(f.rs2()),
                f,
                f.imm_s(),
                AS_MEMORY,
                1,
            ))
        }
        // fence (incl. fence.tso, pause) and fence.i: a single hart with no caches.
        OPCODE_MISC_MEM if f.funct3() <= 1 => Some(nop()),
        _ => None,
    }
}

/// `4 * index`: the register's byte address in address space 1.
fn reg(index: u32) -> u32 {
    4 * index
}

fn nop() -> Instruction {
    Instruction::nullary(SystemOpcode::Nop.global())
}

fn trap(kind: TrapKind, word: u32) -> Instruction {
    Instruction::from_u32s(
        SystemOpcode::Trap.global(),
        [kind as u32, word & 0xffff, word >> 16, 0, 0, 0, 0],
    )
}

/// An instruction whose only effect is writing `rd` does nothing when `rd` is `x0`.
fn nop_if_x0(f: Fields, instruction: Option<Instruction>) -> Option<Instruction> {
    instruction.map(|i| if f.rd() == 0 { nop() } else { i })
}

/// ALU, shift, comparison, multiply and divide with two register sources.
fn register_op(f: Fields) -> Option<Instruction> {
    let opcode: Opcode = match (f.funct7(), f.funct3()) {
        (0x00, 0) => BaseAluOpcode::Add.global(),
        (0x20, 0) => BaseAluOpcode::Sub.global(),
        (0x00, 4) => BaseAluOpcode::Xor.global(),
        (0x00, 6) => BaseAluOpcode::Or.global(),
        (0x00, 7) => BaseAluOpcode::And.global(),
        (0x00, 1) => ShiftOpcode::Sll.global(),
        (0x00, 5) => ShiftOpcode::Srl.global(),
        (0x20, 5) => ShiftOpcode::Sra.global(),
        (0x00, 2) => LessThanOpcode::Slt.global(),
        (0x00, 3) => LessThanOpcode::Sltu.global(),
        (0x01, 0) => MulOpcode::Mul.global(),
        (0x01, 1) => MulHOpcode::MulH.global(),
        (0x01, 2) => MulHOpcode::MulHsu.global(),
        (0x01, 3) => MulHOpcode::MulHu.global(),
        (0x01, 4) => DivRemOpcode::Div.global(),
        (0x01, 5) => DivRemOpcode::Divu.global(),
        (0x01, 6) => DivRemOpcode::Rem.global(),
        (0x01, 7) => DivRemOpcode::Remu.global(),
        _ => return None,
    };
    let operands = [
        reg(f.rd()),
        reg(f.rs1()),
        reg(f.rs2()),
        AS_REGISTER,
        OPERAND_REGISTER,
        0,
        0,
    ];
    nop_if_x0(f, Some(Instruction::from_u32s(opcode, operands)))
}

/// ALU, shift and comparison with an immediate; shifts check funct7.
fn immediate_op(f: Fields) -> Option<Instruction> {
    let imm24 = imm12_to_u24(f.imm_i());
    let (opcode, c): (Opcode, u32) = match (f.funct3(), f.funct7()) {
        (0, _) => (BaseAluOpcode::Add.global(), imm24),
        (4, _) => (BaseAluOpcode::Xor.global(), imm24),
        (6, _) => (BaseAluOpcode::Or.global(), imm24),
        (7, _) => (BaseAluOpcode::And.global(), imm24),
        (2, _) => (LessThanOpcode::Slt.global(), imm24),
        (3, _) => (LessThanOpcode::Sltu.global(), imm24),
        (1, 0x00) => (ShiftOpcode::Sll.global(), f.rs2()),
        (5, 0x00) => (ShiftOpcode::Srl.global(), f.rs2()),
        (5, 0x20) => (ShiftOpcode::Sra.global(), f.rs2()),
        _ => return None,
    };
    let operands = [
        reg(f.rd()),
        reg(f.rs1()),
        c,
        AS_REGISTER,
        OPERAND_IMMEDIATE,
        0,
        0,
    ];
    nop_if_x0(f, Some(Instruction::from_u32s(opcode, operands)))
}

/// `lui`/`auipc`: `c` is the 20-bit upper immediate.
fn upper(opcode: Opcode, f: Fields, flag: bool) -> Option<Instruction> {
    Some(Instruction::from_u32s(
        opcode,
        [reg(f.rd()), 0, f.imm_u20(), AS_REGISTER, 0, flag as u32, 0],
    ))
}

/// Loads, stores and `jalr`: `c` is the immediate's low 16 bits, `g` its sign.
fn imm16(opcode: Opcode, a: u32, f: Fields, imm: i32, e: u32, flag: u32) -> Instruction {
    let operands = [
        a,
        reg(f.rs1()),
        imm as u32 & 0xffff,
        AS_REGISTER,
        e,
        flag,
        (imm < 0) as u32,
    ];
    Instruction::from_u32s(opcode, operands)
}

fn branch(f: Fields) -> Option<Instruction> {
    let opcode = match f.funct3() {
        0 => BranchEqOpcode::Beq.global(),
        1 => BranchEqOpcode::Bne.global(),
        4 => BranchLtOpcode::Blt.global(),
        5 => BranchLtOpcode::Bge.global(),
        6 => BranchLtOpcode::Bltu.global(),
        7 => BranchLtOpcode::Bgeu.global(),
        _ => return None,
    };
    let mut i = Instruction::from_u32s(
        opcode,
        [
            reg(f.rs1()),
            reg(f.rs2()),
            0,
            AS_REGISTER,
            AS_REGISTER,
            0,
            0,
        ],
    );
    i.c = from_signed(f.imm_b());
    Some(i)
}
