//! Executes ecall: dispatches on `a7` to exit, write, read-input and reveal.
//!
//! Register reads and writes go through [`Cpu`], so tracing mode logs them.
//! Guest buffers passed to `write` are read without logging (stdout is not
//! part of what a proof shows); `read_input` stores through [`Cpu`] and
//! `reveal` loads through it, one byte (one logged word access) at a time,
//! so the proof reads the revealed bytes from memory. The access order of
//! each call is what the Ecall chip proves (see `super::air`).

use super::abi::*;
use crate::operands::Operands;
use trellis_isa::rv32im::EcallOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::io::MAX_PUBLIC_OUTPUT;
use trellis_vm::memory::in_bounds;
use trellis_vm::{Cpu, Decoded, ExecError, InstructionExecutor, Op, PreDecodeError, handlers};

/// Checks a guest buffer; `Err` carries the pc to return after stopping.
fn buffer<C: Cpu>(m: &mut C, pc: u32, ptr: u32, len: u32, access: &'static str) -> Result<(), u32> {
    if len == 0 || in_bounds(ptr, len) {
        Ok(())
    } else {
        Err(m.fail(ExecError::MemoryOutOfBounds {
            pc,
            addr: ptr,
            size: len,
            access,
        }))
    }
}

fn write<C: Cpu>(m: &mut C, pc: u32) -> u32 {
    let (fd, ptr, len) = (m.reg(A0), m.reg(A1), m.reg(A2));
    if fd != FD_STDOUT && fd != FD_STDERR {
        m.set_reg(A0, EBADF);
        return pc.wrapping_add(4);
    }
    if let Err(stop) = buffer(m, pc, ptr, len, "write buffer") {
        return stop;
    }
    let machine = m.machine();
    let bytes = machine.memory.read_bytes(ptr, len);
    let sink = if fd == FD_STDOUT {
        &mut machine.io.stdout
    } else {
        &mut machine.io.stderr
    };
    if let Err(e) = sink.write(&bytes) {
        return m.fail(ExecError::Output(e.to_string()));
    }
    m.set_reg(A0, len);
    pc.wrapping_add(4)
}

fn read_input<C: Cpu>(m: &mut C, pc: u32) -> u32 {
    let (ptr, capacity) = (m.reg(A0), m.reg(A1));
    let remaining = m.machine().io.input_remaining();
    let len = capacity.min(remaining.try_into().unwrap_or(u32::MAX));
    if let Err(stop) = buffer(m, pc, ptr, len, "input buffer") {
        return stop;
    }
    let bytes = m.machine().io.take_input(len as usize).to_vec();
    m.store_bytes(ptr, &bytes);
    m.set_reg(A0, len);
    pc.wrapping_add(4)
}

fn reveal<C: Cpu>(m: &mut C, pc: u32) -> u32 {
    let (ptr, len) = (m.reg(A0), m.reg(A1));
    if let Err(stop) = buffer(m, pc, ptr, len, "reveal buffer") {
        return stop;
    }
    let total = m.machine().io.revealed() + u64::from(len);
    if total > MAX_PUBLIC_OUTPUT as u64 {
        return m.fail(ExecError::PublicOutputLimit {
            pc,
            requested: len,
            total,
            limit: MAX_PUBLIC_OUTPUT,
        });
    }
    m.machine().io.public_output.reserve(len as usize);
    for i in 0..len {
        let byte = m.load_u8(ptr.wrapping_add(i));
        m.machine().io.public_output.push(byte);
    }
    m.set_reg(A0, 0);
    pc.wrapping_add(4)
}

fn ecall<C: Cpu>(m: &mut C, _op: &Op, pc: u32) -> u32 {
    match m.reg(A7) {
        EXIT => {
            let code = m.reg(A0);
            m.machine().exit(code)
        }
        WRITE => write(m, pc),
        READ_INPUT => read_input(m, pc),
        REVEAL => reveal(m, pc),
        number => m.fail(ExecError::UnknownEcall { pc, number }),
    }
}

/// Executor of the [`EcallOpcode`] class.
pub struct EcallExecutor;

impl InstructionExecutor for EcallExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = EcallOpcode::from_global(inst.opcode).expect("registered for Ecall");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        // The Ecall chip looks up `(pc, ecall, 0, 0, 0, 0, 0, 0, 0)` on the
        // program bus (`air.rs`): any other operand could never be proven.
        ops.expect_zero([
            (inst.a, "a"),
            (inst.b, "b"),
            (inst.c, "c"),
            (inst.d, "d"),
            (inst.e, "e"),
            (inst.f, "f"),
            (inst.g, "g"),
        ])?;
        Ok(Decoded::new(handlers!(ecall), 0, 0, 0))
    }
}
