//! Test helpers: a tiny RV32IM encoder and a one-call runner for word lists.

#![allow(dead_code)]

use trellis_isa::{MemorySegment, Program};
use trellis_rv32im::Rv32im;
use trellis_rv32im::decoder::Rv32imDecoder;
use trellis_transpiler::TranspilerExtension;
use trellis_vm::{ExecError, ExecOptions, ExecutionResult, HostIo, Vm, VmConfig};

pub const BASE: u32 = 0x0080_0000;

pub fn r(funct7: u32, rs2: u32, rs1: u32, funct3: u32, rd: u32, opcode: u32) -> u32 {
    funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
}
pub fn i(imm: i32, rs1: u32, funct3: u32, rd: u32, opcode: u32) -> u32 {
    ((imm as u32) & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
}
pub fn s(imm: i32, rs2: u32, rs1: u32, funct3: u32) -> u32 {
    let imm = imm as u32;
    (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 | 0x23
}
pub fn b(imm: i32, rs2: u32, rs1: u32, funct3: u32) -> u32 {
    let imm = imm as u32;
    (imm >> 12 & 1) << 31
        | (imm >> 5 & 0x3f) << 25
        | rs2 << 20
        | rs1 << 15
        | funct3 << 12
        | (imm >> 1 & 0xf) << 8
        | (imm >> 11 & 1) << 7
        | 0x63
}
pub fn jal(rd: u32, imm: i32) -> u32 {
    let imm = imm as u32;
    (imm >> 20 & 1) << 31
        | (imm >> 1 & 0x3ff) << 21
        | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xff) << 12
        | rd << 7
        | 0x6f
}
pub fn lui(rd: u32, imm20: u32) -> u32 {
    imm20 << 12 | rd << 7 | 0x37
}
pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x13)
}
pub fn add(rd: u32, rs1: u32, rs2: u32) -> u32 {
    r(0, rs2, rs1, 0, rd, 0x33)
}
pub fn lw(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 2, rd, 0x03)
}
pub fn sw(rs2: u32, rs1: u32, imm: i32) -> u32 {
    s(imm, rs2, rs1, 2)
}
pub fn jalr(rd: u32, rs1: u32, imm: i32) -> u32 {
    i(imm, rs1, 0, rd, 0x67)
}
pub const ECALL: u32 = 0x73;

/// `li rd, value` as lui + addi.
pub fn li(rd: u32, value: u32) -> [u32; 2] {
    let lo = ((value << 20) as i32) >> 20;
    let hi = value.wrapping_sub(lo as u32) >> 12;
    [lui(rd, hi), addi(rd, rd, lo)]
}

/// `exit(code)` via ecall 93.
pub fn exit(code: u32) -> Vec<u32> {
    let mut out = li(10, code).to_vec();
    out.extend(li(17, 93));
    out.push(ECALL);
    out
}

/// A program of `words` at [`BASE`] with optional data.
pub fn program(words: &[u32], data: Vec<MemorySegment>) -> Program {
    let decoder = Rv32imDecoder;
    let instructions = words
        .iter()
        .enumerate()
        .map(|(k, &w)| {
            decoder
                .decode(w, BASE + 4 * k as u32)
                .unwrap_or_else(|| panic!("test word {w:#010x} does not decode"))
        })
        .collect();
    Program {
        pc_base: BASE,
        entry_pc: BASE,
        instructions,
        memory_image: data,
    }
}

pub fn vm() -> Vm {
    Vm::new(VmConfig::new().with_extension(Rv32im)).unwrap()
}

pub fn run_with(
    words: &[u32],
    input: &[u8],
    max_cycles: u64,
) -> Result<ExecutionResult, ExecError> {
    let vm = vm();
    let loaded = vm.load(&program(words, vec![])).unwrap();
    vm.execute(
        &loaded,
        HostIo::captured(input.to_vec()),
        &ExecOptions { max_cycles },
    )
}

pub fn run(words: &[u32]) -> Result<ExecutionResult, ExecError> {
    run_with(words, &[], 1_000_000)
}
