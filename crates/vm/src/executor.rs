//! How an extension tells the VM to run its instructions.
//!
//! Before a run, every instruction is pre-decoded once into an [`Op`]: a plain
//! function pointer plus the operands it needs as host integers. The
//! interpreter loop then does one table index and one indirect call per
//! instruction, with no allocation, hashing or field arithmetic.

use crate::error::PreDecodeError;
use crate::machine::Machine;
use crate::trace::Tracer;
use std::sync::Arc;
use trellis_isa::{Instruction, Opcode, OpcodeClass};

/// The pc a handler returns after it has set [`Machine::stop`]. It is
/// misaligned, so the fetch fails and the loop ends without an extra check.
pub const STOP_PC: u32 = 1;

/// Executes one pre-decoded instruction at `pc` and returns the next pc.
pub type Handler = fn(&mut Machine, &Op, u32) -> u32;

/// The same, in tracing mode.
pub type TracedHandler = fn(&mut Tracer, &Op, u32) -> u32;

/// One instruction's code for every execution mode: the same generic
/// function instantiated for [`Machine`] and for [`Tracer`].
#[derive(Clone, Copy)]
pub struct Handlers {
    /// Pure and metered modes.
    pub pure: Handler,
    /// Tracing mode.
    pub traced: TracedHandler,
}

/// Instantiates a handler generic over [`crate::Cpu`] for every mode.
#[macro_export]
macro_rules! handlers {
    ($f:ident) => {
        $crate::executor::Handlers {
            pure: $f::<$crate::Machine>,
            traced: $f::<$crate::trace::Tracer>,
        }
    };
}

/// A pre-decoded instruction, as the pure and metered loops see it (24
/// bytes: the loops walk a dense array of these, so size matters).
#[derive(Clone, Copy)]
pub struct Op {
    /// The code that runs it in pure and metered modes.
    pub handler: Handler,
    /// First operand, as the handler wants it (e.g. a register index).
    pub a: u32,
    /// Second operand.
    pub b: u32,
    /// Third operand (e.g. a register index or an immediate).
    pub c: u32,
    /// Dense index of the opcode in the VM's registry (filled by the VM).
    pub slot: u32,
}

/// What an executor makes of one instruction: the op and its tracing-mode
/// handler (kept apart so the pure loop's array stays small).
#[derive(Clone, Copy)]
pub struct Decoded {
    /// The op.
    pub op: Op,
    /// The tracing-mode handler for it.
    pub traced: TracedHandler,
}

impl Decoded {
    /// An op with the given handlers and operands.
    pub fn new(handlers: Handlers, a: u32, b: u32, c: u32) -> Self {
        Self {
            op: Op {
                handler: handlers.pure,
                a,
                b,
                c,
                slot: 0,
            },
            traced: handlers.traced,
        }
    }
}

impl std::fmt::Debug for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Op")
            .field("a", &self.a)
            .field("b", &self.b)
            .field("c", &self.c)
            .field("slot", &self.slot)
            .finish()
    }
}

/// Prepares instructions of some opcodes for execution.
pub trait InstructionExecutor: Send + Sync {
    /// Pre-decodes one instruction (whose opcode this executor registered) at `pc`.
    fn pre_decode(&self, instruction: &Instruction, pc: u32) -> Result<Decoded, PreDecodeError>;
}

/// One opcode an extension registers: who runs it and which chip will prove it.
#[derive(Clone)]
pub struct ExecutorEntry {
    /// The global opcode.
    pub opcode: Opcode,
    /// Its mnemonic, for profiles and traces.
    pub mnemonic: &'static str,
    /// The chip whose trace gets one row per execution (for sizing traces).
    pub chip: &'static str,
    /// The executor.
    pub executor: Arc<dyn InstructionExecutor>,
}

/// Entries for every opcode of class `C`, all run by `executor` and proven by `chip`.
pub fn class_entries<C: OpcodeClass>(
    chip: &'static str,
    executor: Arc<dyn InstructionExecutor>,
) -> Vec<ExecutorEntry> {
    C::ALL
        .iter()
        .map(|op| ExecutorEntry {
            opcode: op.global(),
            mnemonic: op.mnemonic(),
            chip,
            executor: executor.clone(),
        })
        .collect()
}
