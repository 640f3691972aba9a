//! The view of the machine that instruction handlers program against.
//!
//! Handlers are written once, generic over [`Cpu`], and instantiated twice:
//! for [`Machine`] (pure and metered modes: every access inlines to a plain
//! array or page access) and for [`crate::trace::Tracer`] (tracing mode:
//! every register and memory access is also logged with its timestamps for
//! the memory-checking argument).

use crate::error::ExecError;
use crate::machine::Machine;

/// Register and memory access as an instruction sees it. Memory addresses
/// passed here are already bounds- and alignment-checked by the caller.
pub trait Cpu {
    /// Reads register `index` (0..32).
    fn reg(&mut self, index: u32) -> u32;
    /// Writes register `index`; index 32 is the sink that stands for `x0`.
    fn set_reg(&mut self, index: u32, value: u32);
    /// Reads the aligned word at `addr`.
    fn load_u32(&mut self, addr: u32) -> u32;
    /// Reads the aligned half-word at `addr`.
    fn load_u16(&mut self, addr: u32) -> u16;
    /// Reads the byte at `addr`.
    fn load_u8(&mut self, addr: u32) -> u8;
    /// Writes the aligned word at `addr`.
    fn store_u32(&mut self, addr: u32, value: u32);
    /// Writes the aligned half-word at `addr`.
    fn store_u16(&mut self, addr: u32, value: u16);
    /// Writes the byte at `addr`.
    fn store_u8(&mut self, addr: u32, value: u8);
    /// Copies bytes into memory (a range already checked to be in bounds).
    fn store_bytes(&mut self, addr: u32, bytes: &[u8]) {
        for (i, b) in bytes.iter().enumerate() {
            self.store_u8(addr.wrapping_add(i as u32), *b);
        }
    }
    /// The machine itself, for host I/O and stopping (not logged).
    fn machine(&mut self) -> &mut Machine;
    /// Stops with an error; returns the pc handlers must return.
    fn fail(&mut self, error: ExecError) -> u32 {
        self.machine().fail(error)
    }
}

impl Cpu for Machine {
    #[inline(always)]
    fn reg(&mut self, index: u32) -> u32 {
        Machine::reg(self, index)
    }
    #[inline(always)]
    fn set_reg(&mut self, index: u32, value: u32) {
        Machine::set_reg(self, index, value)
    }
    #[inline(always)]
    fn load_u32(&mut self, addr: u32) -> u32 {
        self.memory.read_u32(addr)
    }
    #[inline(always)]
    fn load_u16(&mut self, addr: u32) -> u16 {
        self.memory.read_u16(addr)
    }
    #[inline(always)]
    fn load_u8(&mut self, addr: u32) -> u8 {
        self.memory.read_u8(addr)
    }
    #[inline(always)]
    fn store_u32(&mut self, addr: u32, value: u32) {
        self.memory.write_u32(addr, value)
    }
    #[inline(always)]
    fn store_u16(&mut self, addr: u32, value: u16) {
        self.memory.write_u16(addr, value)
    }
    #[inline(always)]
    fn store_u8(&mut self, addr: u32, value: u8) {
        self.memory.write_u8(addr, value)
    }
    fn store_bytes(&mut self, addr: u32, bytes: &[u8]) {
        self.memory.write_bytes(addr, bytes)
    }
    #[inline(always)]
    fn machine(&mut self) -> &mut Machine {
        self
    }
}
