//! Executes `sha256compress rs1, rs2`.
//!
//! `rs1` holds the address of the state: eight words `H_0..H_7`, each a
//! native (little-endian) `u32` at `rs1 + 4i`; `rs2` the address of the
//! 64-byte block, in message order (word `W_i` is the big-endian reading
//! of bytes `4i..4i+4`). Both must be 4-aligned and inside guest memory;
//! otherwise the machine stops with [`ExecError::MisalignedAccess`] or
//! [`ExecError::MemoryOutOfBounds`] before touching memory.
//!
//! Every access goes through [`Cpu`], in the order the chip proves
//! (34 accesses, timestamps `t .. t + 33`): read `rs1`, read `rs2`; read
//! the state words in the order 3, 7, 2, 6, 1, 5, 0, 4; read block words
//! 0..15; write the state words in the order 3, 7, 2, 6, 1, 5, 0, 4.

use crate::compress::compress;
use crate::opcode::{OPERAND_D, OPERAND_E, Sha256Opcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::memory::in_bounds;
use trellis_vm::{Cpu, Decoded, ExecError, InstructionExecutor, Op, PreDecodeError, handlers};

/// Accesses of one `sha256compress`.
pub const ACCESSES: u32 = 34;

/// The order in which state words are read and written: pairs `(i, i + 4)`
/// for `i = 3, 2, 1, 0`.
pub const STATE_ORDER: [usize; 8] = [3, 7, 2, 6, 1, 5, 0, 4];

/// Checks one pointer; `Err` carries the pc to return after stopping.
fn check<C: Cpu>(m: &mut C, pc: u32, ptr: u32, len: u32, access: &'static str) -> Result<(), u32> {
    if !ptr.is_multiple_of(4) {
        return Err(m.fail(ExecError::MisalignedAccess {
            pc,
            addr: ptr,
            size: 4,
            access,
        }));
    }
    if !in_bounds(ptr, len) {
        return Err(m.fail(ExecError::MemoryOutOfBounds {
            pc,
            addr: ptr,
            size: len,
            access,
        }));
    }
    Ok(())
}

fn sha256compress<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let state_ptr = m.reg(op.a);
    let block_ptr = m.reg(op.b);
    if let Err(stop) = check(m, pc, state_ptr, 32, "sha256 state access") {
        return stop;
    }
    if let Err(stop) = check(m, pc, block_ptr, 64, "sha256 block read") {
        return stop;
    }
    let mut state = [0u32; 8];
    for i in STATE_ORDER {
        state[i] = m.load_u32(state_ptr + 4 * i as u32);
    }
    let mut block = [0u32; 16];
    for (i, w) in block.iter_mut().enumerate() {
        *w = m.load_u32(block_ptr + 4 * i as u32).swap_bytes();
    }
    let out = compress(state, block).output;
    for i in STATE_ORDER {
        m.store_u32(state_ptr + 4 * i as u32, out[i]);
    }
    pc.wrapping_add(4)
}

/// Executor of the [`Sha256Opcode`] class.
pub struct Sha256Executor;

impl InstructionExecutor for Sha256Executor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = Sha256Opcode::from_global(inst.opcode).expect("registered for sha256");
        let [a, b, c, d, e, f, g] = inst.operands();
        let bad = |reason: String| PreDecodeError::BadOperands {
            pc,
            mnemonic: opcode.mnemonic(),
            reason,
        };
        for (value, name) in [(a, "a"), (b, "b")] {
            if value % 4 != 0 || value >= 128 {
                return Err(bad(format!(
                    "{name} = {value} is not a register (4 * index)"
                )));
            }
        }
        let expected = [
            (c, 0, "c"),
            (d, OPERAND_D, "d"),
            (e, OPERAND_E, "e"),
            (f, 0, "f"),
            (g, 0, "g"),
        ];
        for (value, want, name) in expected {
            if value != want {
                return Err(bad(format!("{name} = {value}, expected {want}")));
            }
        }
        Ok(Decoded::new(handlers!(sha256compress), a / 4, b / 4, 0))
    }
}
