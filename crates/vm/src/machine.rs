//! The architectural state a running guest sees and changes.

use crate::error::ExecError;
use crate::io::HostIo;
use crate::memory::GuestMemory;

/// Index of the write-only sink register: instructions whose destination is
/// `x0` write here instead, so `x0` always reads zero without a branch.
pub const SINK_REGISTER: u32 = 32;
/// Size of the register array: a power of two so masked indices need no bounds check.
pub const REGISTER_SLOTS: usize = 64;

/// Why the machine stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The guest exited with this code.
    Exit(u32),
    /// The guest did something the machine cannot continue from.
    Error(ExecError),
}

/// Registers, memory and host channels of one run.
#[derive(Debug)]
pub struct Machine {
    /// `x0..x31` in slots 0..32, the sink in slot 32; slots above are unused.
    pub regs: [u32; REGISTER_SLOTS],
    /// Main memory.
    pub memory: GuestMemory,
    /// Input and output channels.
    pub io: HostIo,
    /// Set by a handler that stops the machine; the handler then returns [`crate::executor::STOP_PC`].
    pub stop: Option<Stop>,
}

impl Machine {
    /// A machine with zeroed registers.
    pub fn new(memory: GuestMemory, io: HostIo) -> Self {
        Self {
            regs: [0; REGISTER_SLOTS],
            memory,
            io,
            stop: None,
        }
    }

    /// Reads register `index` (0..32; 32 reads the sink).
    #[inline(always)]
    pub fn reg(&self, index: u32) -> u32 {
        self.regs[(index as usize) & (REGISTER_SLOTS - 1)]
    }

    /// Writes register `index`; index 32 is the sink used for `x0`.
    #[inline(always)]
    pub fn set_reg(&mut self, index: u32, value: u32) {
        self.regs[(index as usize) & (REGISTER_SLOTS - 1)] = value;
    }

    /// Stops the machine with an error; returns the pc handlers must return.
    #[inline(never)]
    #[cold]
    pub fn fail(&mut self, error: ExecError) -> u32 {
        self.stop = Some(Stop::Error(error));
        crate::executor::STOP_PC
    }

    /// Stops the machine with an exit code; returns the pc handlers must return.
    pub fn exit(&mut self, code: u32) -> u32 {
        self.stop = Some(Stop::Exit(code));
        crate::executor::STOP_PC
    }

    /// The architectural registers `x0..x31`.
    pub fn registers(&self) -> [u32; 32] {
        let mut out = [0; 32];
        out.copy_from_slice(&self.regs[..32]);
        out
    }
}
