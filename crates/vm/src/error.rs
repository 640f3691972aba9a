//! Errors of building a VM, loading a program and executing it.

use thiserror::Error;
use trellis_isa::Opcode;

/// A VM configuration that cannot be built.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum VmBuildError {
    /// Two extensions registered an executor for the same opcode.
    #[error("extensions '{first}' and '{second}' both claim opcode {opcode} ({mnemonic})")]
    ExtensionConflict {
        /// The contested opcode.
        opcode: Opcode,
        /// Its mnemonic as the first extension names it.
        mnemonic: &'static str,
        /// The extension registered first.
        first: &'static str,
        /// The extension that tried to register it again.
        second: &'static str,
    },
    /// An opcode number beyond the VM's dense opcode table.
    #[error("extension '{extension}' registers opcode {opcode}, above the limit {limit:#x}")]
    OpcodeOutOfRange {
        /// The extension.
        extension: &'static str,
        /// The opcode.
        opcode: Opcode,
        /// The first number not allowed.
        limit: usize,
    },
}

/// An instruction that the VM cannot prepare for execution.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PreDecodeError {
    /// The program's parts contradict each other ([`trellis_isa::Program::validate`]).
    #[error(transparent)]
    InvalidProgram(#[from] trellis_isa::ProgramError),
    /// No enabled extension executes this opcode.
    #[error(
        "instruction at pc {pc:#010x} has opcode {opcode}, which no enabled extension executes"
    )]
    NoExecutor {
        /// Where the instruction sits.
        pc: u32,
        /// Its opcode.
        opcode: Opcode,
    },
    /// The operands do not fit the opcode's conventions (docs/isa.md).
    #[error("instruction {mnemonic} at pc {pc:#010x} has invalid operands: {reason}")]
    BadOperands {
        /// Where the instruction sits.
        pc: u32,
        /// Its mnemonic.
        mnemonic: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The code lies outside guest memory (the chips prove pcs below 2^29 only).
    #[error(
        "program code [{start:#010x}, {end:#010x}) lies outside guest memory [{guard:#010x}, {limit:#010x})"
    )]
    CodeOutOfBounds {
        /// First pc.
        start: u32,
        /// One past the last pc.
        end: u64,
        /// Lowest valid address.
        guard: u32,
        /// One past the highest valid address.
        limit: u32,
    },
    /// A segment of the initial memory image lies outside guest memory.
    #[error(
        "initial memory segment [{start:#010x}, {end:#010x}) lies outside guest memory [{guard:#010x}, {limit:#010x})"
    )]
    ImageOutOfBounds {
        /// First byte.
        start: u32,
        /// One past the last byte.
        end: u64,
        /// Lowest valid address.
        guard: u32,
        /// One past the highest valid address.
        limit: u32,
    },
}

/// Why a run stopped without the guest exiting.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ExecError {
    /// Segments are cut against a shape catalog, and no shape of it holds even the
    /// first check interval of a segment.
    #[error(
        "no shape of the catalog holds the segment starting at cycle {cycle}, even cut after \
         its first {interval} instructions: the catalog needs a larger shape"
    )]
    NoCatalogShape {
        /// The run's cycle count where the segment starts.
        cycle: u64,
        /// Instructions between two checks of the segment sizer.
        interval: u64,
    },
    /// The run reached the configured cycle limit.
    #[error("cycle limit of {limit} reached at pc {pc:#010x} (raise it with --max-cycles)")]
    CycleLimitExceeded {
        /// The limit.
        limit: u64,
        /// pc of the instruction that would have run next.
        pc: u32,
    },
    /// Control reached a pc that holds no instruction.
    #[error("pc {pc:#010x} is not an instruction of the program (control left the code)")]
    PcOutOfCode {
        /// The pc.
        pc: u32,
    },
    /// A memory access outside guest memory.
    #[error(
        "{access} of {size} bytes at address {addr:#010x} by the instruction at pc {pc:#010x} is outside guest memory [0x00001000, 0x20000000)"
    )]
    MemoryOutOfBounds {
        /// pc of the accessing instruction.
        pc: u32,
        /// First byte accessed.
        addr: u32,
        /// Access width in bytes.
        size: u32,
        /// "load", "store", "read of a syscall buffer", ...
        access: &'static str,
    },
    /// A memory access outside guest memory while the stack pointer has
    /// left the stack: the guest ran out of stack.
    #[error(
        "stack overflow: {access} of {size} bytes at address {addr:#010x} by the instruction at pc {pc:#010x}, with sp = {sp:#010x} below the stack's bottom 0x00001000 (the stack is the 8 MiB [0x00001000, 0x00800000) of docs/guest-abi.md: use less stack, e.g. move large locals to the heap)"
    )]
    StackOverflow {
        /// pc of the accessing instruction.
        pc: u32,
        /// First byte accessed.
        addr: u32,
        /// Access width in bytes.
        size: u32,
        /// "load", "store", ...
        access: &'static str,
        /// The stack pointer (x2) at the access.
        sp: u32,
    },
    /// A load or store whose address is not a multiple of its width.
    #[error(
        "misaligned {access} of {size} bytes at address {addr:#010x} by the instruction at pc {pc:#010x} (Trellis requires naturally aligned accesses)"
    )]
    MisalignedAccess {
        /// pc of the accessing instruction.
        pc: u32,
        /// Address accessed.
        addr: u32,
        /// Access width in bytes.
        size: u32,
        /// "load" or "store".
        access: &'static str,
    },
    /// A taken jump or branch to an address that is not a multiple of 4.
    #[error("jump from pc {pc:#010x} to misaligned target {target:#010x}")]
    MisalignedJump {
        /// pc of the jump.
        pc: u32,
        /// Its target.
        target: u32,
    },
    /// The guest executed a trap instruction (`unimp`, an all-zero word, `ebreak`).
    #[error("guest executed {what} at pc {pc:#010x} (word {word:#010x})")]
    Trap {
        /// pc of the trap.
        pc: u32,
        /// The original word.
        word: u32,
        /// Description of the trap.
        what: &'static str,
    },
    /// `ecall` with a number that is not part of the ABI (docs/guest-abi.md).
    #[error("unknown ecall number {number} ({number:#x}) in a7 at pc {pc:#010x}")]
    UnknownEcall {
        /// pc of the ecall.
        pc: u32,
        /// The value of a7.
        number: u32,
    },
    /// The host failed to write guest output.
    #[error("writing guest output failed: {0}")]
    Output(String),
    /// Writing the per-instruction log (`run --trace`) failed.
    #[error("writing the execution trace failed: {0}")]
    TraceLog(String),
    /// A reveal would take the run's public output past what one proof
    /// carries ([`crate::io::MAX_PUBLIC_OUTPUT`]).
    #[error(
        "public output limit exceeded: the reveal of {requested} bytes at pc {pc:#010x} would bring the run's public output to {total} bytes; a proof carries at most {limit} (reveal a digest of larger data instead)"
    )]
    PublicOutputLimit {
        /// pc of the reveal.
        pc: u32,
        /// Bytes this reveal asked for.
        requested: u32,
        /// The run's public output with them.
        total: u64,
        /// The limit.
        limit: usize,
    },
}
