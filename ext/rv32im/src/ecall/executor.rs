//! Executes ecall: dispatches on `a7` to exit, write, read-input and reveal.

use super::abi::*;
use crate::operands::Operands;
use trellis_isa::rv32im::EcallOpcode;
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::memory::in_bounds;
use trellis_vm::{ExecError, InstructionExecutor, Machine, Op, PreDecodeError};

/// Checks a guest buffer; `None` means the machine was stopped.
fn buffer(m: &mut Machine, pc: u32, ptr: u32, len: u32, access: &'static str) -> Result<(), u32> {
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

fn write(m: &mut Machine, pc: u32) -> u32 {
    let (fd, ptr, len) = (m.reg(A0), m.reg(A1), m.reg(A2));
    if fd != FD_STDOUT && fd != FD_STDERR {
        m.set_reg(A0, EBADF);
        return pc.wrapping_add(4);
    }
    if let Err(stop) = buffer(m, pc, ptr, len, "write buffer") {
        return stop;
    }
    let bytes = m.memory.read_bytes(ptr, len);
    let sink = if fd == FD_STDOUT {
        &mut m.io.stdout
    } else {
        &mut m.io.stderr
    };
    if let Err(e) = sink.write(&bytes) {
        return m.fail(ExecError::Output(e.to_string()));
    }
    m.set_reg(A0, len);
    pc.wrapping_add(4)
}

fn read_input(m: &mut Machine, pc: u32) -> u32 {
    let (ptr, capacity) = (m.reg(A0), m.reg(A1));
    let len = capacity.min(m.io.input_remaining().try_into().unwrap_or(u32::MAX));
    if let Err(stop) = buffer(m, pc, ptr, len, "input buffer") {
        return stop;
    }
    let bytes = m.io.take_input(len as usize).to_vec();
    m.memory.write_bytes(ptr, &bytes);
    m.set_reg(A0, len);
    pc.wrapping_add(4)
}

fn reveal(m: &mut Machine, pc: u32) -> u32 {
    let (ptr, len) = (m.reg(A0), m.reg(A1));
    if let Err(stop) = buffer(m, pc, ptr, len, "reveal buffer") {
        return stop;
    }
    let bytes = m.memory.read_bytes(ptr, len);
    m.io.public_output.extend_from_slice(&bytes);
    m.set_reg(A0, 0);
    pc.wrapping_add(4)
}

fn ecall(m: &mut Machine, _op: &Op, pc: u32) -> u32 {
    match m.reg(A7) {
        EXIT => {
            let code = m.reg(A0);
            m.exit(code)
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
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Op, PreDecodeError> {
        let opcode = EcallOpcode::from_global(inst.opcode).expect("registered for Ecall");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        for (value, name) in [(inst.a, "a"), (inst.b, "b"), (inst.c, "c")] {
            ops.expect(value, 0, name)?;
        }
        Ok(Op::new(ecall, 0, 0, 0))
    }
}
