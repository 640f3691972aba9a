//! System opcodes: owned by the VM itself, present in every configuration.

use crate::opcode_class;

opcode_class! {
    /// Instructions every VM has, whatever its extensions.
    pub enum SystemOpcode at 0x000 => {
        /// Stops the machine with exit code `c`.
        Terminate = "terminate",
        /// Does nothing but advance the pc (used for `fence`, writes to `x0`).
        Nop = "nop",
        /// Stops the machine with an error: the guest reached a word that is
        /// not an instruction (`unimp`, an all-zero word, `ebreak`). `a` is the
        /// [`TrapKind`], `b`/`c` the low/high 16 bits of the original word.
        Trap = "trap",
    }
}

/// Why a [`SystemOpcode::Trap`] instruction stops the machine.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub enum TrapKind {
    /// The `unimp` instruction (`csrrw x0, cycle, x0`), emitted by compilers for aborts.
    Unimp = 0,
    /// An all-zero word, defined by RISC-V as illegal.
    ZeroWord = 1,
    /// The `ebreak` instruction: Trellis has no debugger to hand control to.
    Ebreak = 2,
}

impl TrapKind {
    /// The kind encoded as operand `a`, if valid.
    pub fn from_u32(value: u32) -> Option<Self> {
        match value {
            0 => Some(Self::Unimp),
            1 => Some(Self::ZeroWord),
            2 => Some(Self::Ebreak),
            _ => None,
        }
    }

    /// A short description for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Unimp => "unimp (illegal instruction, usually an abort)",
            Self::ZeroWord => "all-zero word (illegal instruction)",
            Self::Ebreak => "ebreak (breakpoint; no debugger attached)",
        }
    }
}
