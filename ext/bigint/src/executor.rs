//! Executes `addmod`, `submod` and `mulmod`.
//!
//! `rd`, `rs1`, `rs2` hold the addresses of the result `r`, and of the
//! operands `a` and `b`: 32 bytes each, little-endian, 4-aligned, inside
//! guest memory (else the machine stops with
//! [`ExecError::MisalignedAccess`] or [`ExecError::MemoryOutOfBounds`],
//! naming the pc, before any operand word is touched). The operands may be
//! any 256-bit values; `r = (a op b) mod m` is canonical (`< m`). The
//! result may alias either operand: both are read before it is written.
//!
//! Accesses, in the order the chip proves them ([`ACCESSES`], timestamps
//! `t .. t + 26`): read `rd`, `rs1`, `rs2`; read the 8 words of `a`, then
//! the 8 words of `b`, in address order; write the 8 words of `r`.

use crate::arith;
use crate::modulus::{BYTES, Modulus};
use crate::opcode::{BigIntOpcode, OPERAND_D, OPERAND_E};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::memory::in_bounds;
use trellis_vm::{Cpu, Decoded, ExecError, InstructionExecutor, Op, PreDecodeError, handlers};

/// Accesses of one instruction: 3 registers, 8 + 8 words read, 8 written.
pub const ACCESSES: u32 = 27;
/// Words of an operand.
pub const WORDS: usize = BYTES / 4;

/// What the handler needs besides the registers, packed in `Op::c`:
/// `rs2 | op << 8 | modulus << 16`.
pub fn pack(rs2: u32, op: BigIntOpcode, modulus: Modulus) -> u32 {
    rs2 | (op as u32) << 8 | (modulus as u32) << 16
}

/// The inverse of [`pack`].
pub fn unpack(c: u32) -> (u32, BigIntOpcode, Modulus) {
    let op = BigIntOpcode::from_funct3((c >> 8) & 0xff).expect("packed by pre_decode");
    let modulus = Modulus::from_index(c >> 16).expect("packed by pre_decode");
    (c & 0xff, op, modulus)
}

/// Checks one operand pointer; `Err` carries the pc to return after stopping.
pub fn check<C: Cpu>(m: &mut C, pc: u32, ptr: u32, access: &'static str) -> Result<(), u32> {
    if !ptr.is_multiple_of(4) {
        return Err(m.fail(ExecError::MisalignedAccess {
            pc,
            addr: ptr,
            size: BYTES as u32,
            access,
        }));
    }
    if !in_bounds(ptr, BYTES as u32) {
        return Err(m.fail(ExecError::MemoryOutOfBounds {
            pc,
            addr: ptr,
            size: BYTES as u32,
            access,
        }));
    }
    Ok(())
}

/// Reads the three pointers and checks them: `(r, a, b)` or the pc to stop at.
pub fn pointers<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> Result<[u32; 3], u32> {
    let (rs2, _, _) = unpack(op.c);
    let ptrs = [m.reg(op.a), m.reg(op.b), m.reg(rs2)];
    let names = [
        "bigint result write",
        "bigint operand a read",
        "bigint operand b read",
    ];
    for (ptr, name) in ptrs.into_iter().zip(names) {
        check(m, pc, ptr, name)?;
    }
    Ok(ptrs)
}

/// Reads an operand word by word (logged accesses).
pub fn read_operand<C: Cpu>(m: &mut C, ptr: u32) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    for w in 0..WORDS {
        let word = m.load_u32(ptr + 4 * w as u32);
        out[4 * w..4 * w + 4].copy_from_slice(&word.to_le_bytes());
    }
    out
}

/// Writes the result word by word (logged accesses).
pub fn write_result<C: Cpu>(m: &mut C, ptr: u32, r: &[u8; BYTES]) {
    for w in 0..WORDS {
        let word = u32::from_le_bytes(r[4 * w..4 * w + 4].try_into().expect("4 bytes"));
        m.store_u32(ptr + 4 * w as u32, word);
    }
}

fn bigint<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let [r_ptr, a_ptr, b_ptr] = match pointers(m, op, pc) {
        Ok(p) => p,
        Err(stop) => return stop,
    };
    let (_, opcode, modulus) = unpack(op.c);
    let a = read_operand(m, a_ptr);
    let b = read_operand(m, b_ptr);
    let r = arith::apply(opcode, modulus, &a, &b);
    write_result(m, r_ptr, &r);
    pc.wrapping_add(4)
}

/// Checks the operands of a bigint instruction: `(rd, rs1, rs2, modulus)`.
pub fn check_operands(
    inst: &Instruction,
    pc: u32,
) -> Result<(BigIntOpcode, [u32; 3], Modulus), PreDecodeError> {
    let opcode = BigIntOpcode::from_global(inst.opcode).ok_or(PreDecodeError::NoExecutor {
        pc,
        opcode: inst.opcode,
    })?;
    let [a, b, c, d, e, f, g] = inst.operands();
    let bad = |reason: String| PreDecodeError::BadOperands {
        pc,
        mnemonic: opcode.mnemonic(),
        reason,
    };
    for (value, name) in [(a, "a"), (b, "b"), (c, "c")] {
        if !value.is_multiple_of(4) || value >= 128 {
            return Err(bad(format!(
                "{name} = {value} is not a register (4 * index)"
            )));
        }
    }
    for (value, want, name) in [(d, OPERAND_D, "d"), (e, OPERAND_E, "e"), (g, 0, "g")] {
        if value != want {
            return Err(bad(format!("{name} = {value}, expected {want}")));
        }
    }
    let modulus = Modulus::from_index(f)
        .ok_or_else(|| bad(format!("f = {f} is not a modulus index (0..5)")))?;
    Ok((opcode, [a / 4, b / 4, c / 4], modulus))
}

/// Executor of the [`BigIntOpcode`] class.
pub struct BigIntExecutor;

impl InstructionExecutor for BigIntExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let (opcode, [rd, rs1, rs2], modulus) = check_operands(inst, pc)?;
        Ok(Decoded::new(
            handlers!(bigint),
            rd,
            rs1,
            pack(rs2, opcode, modulus),
        ))
    }
}
