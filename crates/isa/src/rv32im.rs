//! Opcode classes of the base RV32IM extension and their operand conventions.
//!
//! Register operands are byte addresses in the register address space
//! (`4 * index`); see `docs/isa.md` for the full operand table.

use crate::opcode_class;

/// Address space of the 32 general-purpose registers.
pub const AS_REGISTER: u32 = 1;
/// Address space of main (guest) memory.
pub const AS_MEMORY: u32 = 2;
/// Address space of the revealed public output.
pub const AS_PUBLIC_OUTPUT: u32 = 3;

/// Operand `e` of an ALU instruction whose `c` is a register.
pub const OPERAND_REGISTER: u32 = 1;
/// Operand `e` of an ALU instruction whose `c` is an immediate.
pub const OPERAND_IMMEDIATE: u32 = 0;

opcode_class! {
    /// Two-operand bitwise and additive arithmetic.
    pub enum BaseAluOpcode at 0x100 => { Add = "add", Sub = "sub", Xor = "xor", Or = "or", And = "and" }
}
opcode_class! {
    /// Logical and arithmetic shifts.
    pub enum ShiftOpcode at 0x110 => { Sll = "sll", Srl = "srl", Sra = "sra" }
}
opcode_class! {
    /// Set-less-than, signed and unsigned.
    pub enum LessThanOpcode at 0x120 => { Slt = "slt", Sltu = "sltu" }
}
opcode_class! {
    /// Loads and stores.
    pub enum LoadStoreOpcode at 0x130 => {
        LoadW = "lw", LoadBu = "lbu", LoadHu = "lhu", LoadB = "lb", LoadH = "lh",
        StoreW = "sw", StoreH = "sh", StoreB = "sb",
    }
}
opcode_class! {
    /// Branch on (in)equality.
    pub enum BranchEqOpcode at 0x140 => { Beq = "beq", Bne = "bne" }
}
opcode_class! {
    /// Branch on signed/unsigned comparison.
    pub enum BranchLtOpcode at 0x150 => { Blt = "blt", Bltu = "bltu", Bge = "bge", Bgeu = "bgeu" }
}
opcode_class! {
    /// Jump-and-link to a pc-relative target, and load-upper-immediate.
    pub enum JalLuiOpcode at 0x160 => { Jal = "jal", Lui = "lui" }
}
opcode_class! {
    /// Jump-and-link to a register-relative target.
    pub enum JalrOpcode at 0x170 => { Jalr = "jalr" }
}
opcode_class! {
    /// Add upper immediate to pc.
    pub enum AuipcOpcode at 0x180 => { Auipc = "auipc" }
}
opcode_class! {
    /// Low 32 bits of a product.
    pub enum MulOpcode at 0x190 => { Mul = "mul" }
}
opcode_class! {
    /// High 32 bits of a product.
    pub enum MulHOpcode at 0x1a0 => { MulH = "mulh", MulHsu = "mulhsu", MulHu = "mulhu" }
}
opcode_class! {
    /// Division and remainder.
    pub enum DivRemOpcode at 0x1b0 => { Div = "div", Divu = "divu", Rem = "rem", Remu = "remu" }
}
opcode_class! {
    /// Environment call: the guest ABI (exit, write, input, reveal).
    pub enum EcallOpcode at 0x1c0 => { Ecall = "ecall" }
}

/// Sign-extends a 12-bit immediate to the 24-bit form stored in operand `c`
/// of ALU instructions (the top byte is dropped; executors sign-extend bit 23).
pub const fn imm12_to_u24(imm: i32) -> u32 {
    (imm as u32) & 0x00ff_ffff
}

/// Reads a 24-bit ALU immediate back as the 32-bit value it stands for.
pub const fn u24_to_u32(imm: u32) -> u32 {
    ((imm << 8) as i32 >> 8) as u32
}
