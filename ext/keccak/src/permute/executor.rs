//! Executes `keccakf rs1`: reads `rs1`, checks the 200-byte state at its
//! value is word-aligned and inside guest memory (else the machine stops
//! with [`ExecError::MisalignedAccess`] or [`ExecError::MemoryOutOfBounds`]),
//! permutes it with Keccak-f\[1600\] and writes it back.
//!
//! Accesses, in timestamp order: the register read of `rs1`, then one
//! read-modify-write access per state word, in address order. Each word's
//! access is the store ([`Cpu::store_u32`]), which in tracing mode logs the
//! word's previous value (the permutation input) and its new value (the
//! output) together, so the chip receives the input and sends the output in
//! one memory-bus access per word (51 accesses per instruction). The input
//! is peeked from memory without logging before the stores: the store's
//! record of the previous value is what the proof checks.

use trellis_isa::keccak::{KECCAK_STATE_BYTES, KeccakOpcode};
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::memory::in_bounds;
use trellis_vm::{Cpu, Decoded, ExecError, InstructionExecutor, Op, PreDecodeError, handlers};

/// Accesses of one `keccakf`: the rs1 read and the 50 state words.
pub const KECCAKF_ACCESSES: u32 = 51;

#[cold]
#[inline(never)]
fn fault<C: Cpu>(m: &mut C, pc: u32, addr: u32) -> u32 {
    let (size, access) = (KECCAK_STATE_BYTES, "keccakf state access");
    let error = if !addr.is_multiple_of(4) {
        ExecError::MisalignedAccess {
            pc,
            addr,
            size,
            access,
        }
    } else {
        ExecError::MemoryOutOfBounds {
            pc,
            addr,
            size,
            access,
        }
    };
    m.fail(error)
}

/// Reads the state at `ptr` (checked) as 25 little-endian lanes, without logging.
fn peek_state<C: Cpu>(m: &mut C, ptr: u32) -> [u64; 25] {
    let memory = &m.machine().memory;
    std::array::from_fn(|i| {
        let at = ptr + 8 * i as u32;
        u64::from(memory.read_u32(at)) | u64::from(memory.read_u32(at + 4)) << 32
    })
}

fn keccakf<C: Cpu>(m: &mut C, op: &Op, pc: u32) -> u32 {
    let ptr = m.reg(op.b);
    if !ptr.is_multiple_of(4) || !in_bounds(ptr, KECCAK_STATE_BYTES) {
        return fault(m, pc, ptr);
    }
    let mut state = peek_state(m, ptr);
    keccak::f1600(&mut state);
    for (i, lane) in state.iter().enumerate() {
        let at = ptr + 8 * i as u32;
        m.store_u32(at, *lane as u32);
        m.store_u32(at + 4, (*lane >> 32) as u32);
    }
    pc.wrapping_add(4)
}

/// Executor of the [`KeccakOpcode`] class.
pub struct KeccakExecutor;

impl InstructionExecutor for KeccakExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = KeccakOpcode::from_global(inst.opcode).ok_or(PreDecodeError::NoExecutor {
            pc,
            opcode: inst.opcode,
        })?;
        let bad = |reason: String| PreDecodeError::BadOperands {
            pc,
            mnemonic: opcode.mnemonic(),
            reason,
        };
        let [a, b, c, d, e, f, g] = inst.operands();
        if [a, c, d, e, f, g] != [0, 0, AS_REGISTER, AS_MEMORY, 0, 0] {
            return Err(bad(format!(
                "expected a = c = f = g = 0, d = {AS_REGISTER}, e = {AS_MEMORY}; got \
                 a = {a}, c = {c}, d = {d}, e = {e}, f = {f}, g = {g}"
            )));
        }
        if !b.is_multiple_of(4) || b >= 128 {
            return Err(bad(format!(
                "rs1 = {b} is not a register address (4 * 0..32)"
            )));
        }
        Ok(Decoded::new(handlers!(keccakf), 0, b / 4, 0))
    }
}
