//! Executes loads and stores. Accesses must be naturally aligned and inside
//! guest memory; otherwise the machine stops with an error naming pc and
//! address (docs/guest-abi.md).

use crate::operands::Operands;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER, LoadStoreOpcode};
use trellis_isa::{Instruction, OpcodeClass};
use trellis_vm::memory::in_bounds;
use trellis_vm::{
    Cpu, Decoded, ExecError, Handlers, InstructionExecutor, Op, PreDecodeError, handlers,
};

#[cold]
#[inline(never)]
fn fault<C: Cpu>(m: &mut C, pc: u32, addr: u32, size: u32, access: &'static str) -> u32 {
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
        fn $name<C: Cpu>($m: &mut C, $op: &Op, pc: u32) -> u32 {
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
    let value = m.load_u32(addr);
    m.set_reg(op.a, value);
});
access!(lhu, 2, "load", |m, op, addr| {
    let value = m.load_u16(addr) as u32;
    m.set_reg(op.a, value);
});
access!(lh, 2, "load", |m, op, addr| {
    let value = m.load_u16(addr) as i16 as u32;
    m.set_reg(op.a, value);
});
access!(lbu, 1, "load", |m, op, addr| {
    let value = m.load_u8(addr) as u32;
    m.set_reg(op.a, value);
});
access!(lb, 1, "load", |m, op, addr| {
    let value = m.load_u8(addr) as i8 as u32;
    m.set_reg(op.a, value);
});
access!(sw, 4, "store", |m, op, addr| {
    let value = m.reg(op.a);
    m.store_u32(addr, value);
});
access!(sh, 2, "store", |m, op, addr| {
    let value = m.reg(op.a) as u16;
    m.store_u16(addr, value);
});
access!(sb, 1, "store", |m, op, addr| {
    let value = m.reg(op.a) as u8;
    m.store_u8(addr, value);
});

/// Executor of the [`LoadStoreOpcode`] class.
pub struct LoadStoreExecutor;

impl InstructionExecutor for LoadStoreExecutor {
    fn pre_decode(&self, inst: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError> {
        let opcode = LoadStoreOpcode::from_global(inst.opcode).expect("registered for LoadStore");
        let ops = Operands::new(inst, pc, opcode.mnemonic());
        ops.expect(inst.d, AS_REGISTER, "d")?;
        ops.expect(inst.e, AS_MEMORY, "e")?;
        let rs1 = ops.register(inst.b, "rs1")?;
        let imm = ops.imm16()?;
        let (handler, a): (Handlers, u32) = match opcode {
            LoadStoreOpcode::LoadW => (handlers!(lw), ops.enabled_destination()?),
            LoadStoreOpcode::LoadHu => (handlers!(lhu), ops.enabled_destination()?),
            LoadStoreOpcode::LoadH => (handlers!(lh), ops.enabled_destination()?),
            LoadStoreOpcode::LoadBu => (handlers!(lbu), ops.enabled_destination()?),
            LoadStoreOpcode::LoadB => (handlers!(lb), ops.enabled_destination()?),
            LoadStoreOpcode::StoreW | LoadStoreOpcode::StoreH | LoadStoreOpcode::StoreB => {
                ops.expect(inst.f, 1, "f")?;
                let rs2 = ops.register(inst.a, "rs2")?;
                let handler: Handlers = match opcode {
                    LoadStoreOpcode::StoreW => handlers!(sw),
                    LoadStoreOpcode::StoreH => handlers!(sh),
                    _ => handlers!(sb),
                };
                (handler, rs2)
            }
        };
        Ok(Decoded::new(handler, a, rs1, imm))
    }
}
