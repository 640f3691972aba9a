//! Executes loads and stores. Accesses must be naturally aligned and inside
//! guest memory; otherwise the machine stops with an error naming pc and
//! address (docs/guest-abi.md).

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER, LoadStoreOpcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::memory::in_bounds;
use trellis_vm::{ExecError, Handler, InstructionExecutor, Machine, Op, PreDecodeError};

#[cold]
#[inline(never)]
fn fault(m: &mut Machine, pc: u32, addr: u32, size: u32, access: &'static str) -> u32 {
    let error = if !addr.is_multiple_of(size) {
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

/// Defines a handler that checks `rs1 + imm` for width `$size` and runs `$body` with it.
macro_rules! access {
    ($name:ident, $size:expr, $access:literal, |$m:ident, $op:ident, $addr:ident| $body:block) => {
        fn $name($m: &mut Machine, $op: &Op, pc: u32) -> u32 {
            let $addr = $m.reg($op.b).wrapping_add($op.c);
            if $addr & ($size - 1) != 0 || !in_bounds($addr, $size) {
                return fault($m, pc, $addr, $size, $access);
            }
            $body
            pc.wrapping_add(4)
        }
    };
}

access!(lw, 4, "load", |m, op, addr| {
    let value = m.memory.read_u32(addr);
    m.set_reg(op.a, value);
});
access!(lhu, 2, "load", |m, op, addr| {
    let value = m.memory.read_u16(addr) as u32;
    m.set_reg(op.a, value);
});
access!(lh, 2, "load", |m, op, addr| {
    let value = m.memory.read_u16(addr) as i16 as u32;
    m.set_reg(op.a, value);
});
access!(lbu, 1, "load", |m, op, addr| {
    let value = m.memory.read_u8(addr) as u32;
    m.set_reg(op.a, value);
});
access!(lb, 1, "load", |m, op, addr| {
    let value = m.memory.read_u8(addr) as i8 as u32;
    m.set_reg(op.a, value);
});
access!(sw, 4, "store", |m, op, addr| {
    let value = m.reg(op.a);
    m.memory.write_u32(addr, value);
});
access!(sh, 2, "store", |m, op, addr| {
    let value = m.reg(op.a) as u16;
    m.memory.write_u16(addr, value);
});
access!(sb, 1, "store", |m, op, addr| {
    let value = m.reg(op.a) as u8;
    m.memory.write_u8(addr, value);
});

/// Executor of the [`LoadStoreOpcode`] class.
pub struct LoadStoreExecutor;

impl InstructionExecutor for LoadStoreExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Op, PreDecodeError> {
        let opcode = LoadStoreOpcode::from_global(inst.opcode).expect("registered for LoadStore");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        ops.expect(inst.d, AS_REGISTER, "d")?;
        ops.expect(inst.e, AS_MEMORY, "e")?;
        let rs1 = ops.register(inst.b, "rs1")?;
        let imm = ops.imm16()?;
        let (handler, a): (Handler, u32) = match opcode {
            LoadStoreOpcode::LoadW => (lw, ops.enabled_destination()?),
            LoadStoreOpcode::LoadHu => (lhu, ops.enabled_destination()?),
            LoadStoreOpcode::LoadH => (lh, ops.enabled_destination()?),
            LoadStoreOpcode::LoadBu => (lbu, ops.enabled_destination()?),
            LoadStoreOpcode::LoadB => (lb, ops.enabled_destination()?),
            LoadStoreOpcode::StoreW | LoadStoreOpcode::StoreH | LoadStoreOpcode::StoreB => {
                ops.expect(inst.f, 1, "f")?;
                let rs2 = ops.register(inst.a, "rs2")?;
                let handler: Handler = match opcode {
                    LoadStoreOpcode::StoreW => sw,
                    LoadStoreOpcode::StoreH => sh,
                    _ => sb,
                };
                (handler, rs2)
            }
        };
        Ok(Op::new(handler, a, rs1, imm))
    }
}
