//! The one error type of the transpiler: everything that can be wrong with an
//! ELF file or with one of its instruction words.

use crate::classify;
use thiserror::Error;
use trellis_isa::ProgramError;

/// Why an ELF file could not be turned into a Trellis program.
///
/// Messages name what was found and what Trellis requires, and for
/// instruction-level problems the pc and the 32-bit word.
#[derive(Debug, Error)]
pub enum TranspileError {
    /// The bytes do not start with the ELF magic `7f 45 4c 46`.
    #[error("not an ELF file (starts with {found:02x?}, expected [7f, 45, 4c, 46])")]
    NotElf {
        /// The first bytes of the input (up to 4).
        found: Vec<u8>,
    },
    /// The ELF structure itself is broken (truncated tables, bad sizes, ...).
    #[error("malformed ELF: {0}")]
    Malformed(String),
    /// The ELF is for a machine other than RISC-V.
    #[error("ELF machine is {name} ({machine}), expected RISC-V (243)")]
    WrongMachine {
        /// `e_machine` as found.
        machine: u16,
        /// Its usual name.
        name: &'static str,
    },
    /// The ELF is 64-bit.
    #[error("ELF is 64-bit (ELFCLASS64); Trellis runs 32-bit RISC-V (ELFCLASS32)")]
    WrongClass,
    /// The ELF is big-endian.
    #[error("ELF is big-endian (ELFDATA2MSB); Trellis runs little-endian RISC-V (ELFDATA2LSB)")]
    WrongEndianness,
    /// The ELF is not a (static) executable.
    #[error(
        "ELF type is {name} ({e_type}), expected a statically linked executable (ET_EXEC, 2); link with -static"
    )]
    WrongType {
        /// `e_type` as found.
        e_type: u16,
        /// Its usual name.
        name: &'static str,
    },
    /// The ELF may contain compressed (16-bit) instructions.
    #[error("ELF is built for compressed instructions (RVC flag); build with -march=rv32im")]
    Compressed,
    /// The ELF uses a hardware floating-point calling convention.
    #[error(
        "ELF uses the {abi} floating-point ABI; Trellis has no floating point: build with -march=rv32im -mabi=ilp32"
    )]
    FloatAbi {
        /// The ABI the flags name (`ilp32f`, `ilp32d`, `ilp32q`).
        abi: &'static str,
    },
    /// The ELF targets the 16-register RV32E base.
    #[error(
        "ELF is built for RV32E (RVE flag, 16 registers); build with -march=rv32im -mabi=ilp32"
    )]
    Rve,
    /// A program header is inconsistent with the file or the address space.
    #[error("ELF program header {index}: {problem}")]
    BadSegment {
        /// Index of the program header.
        index: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// Two loadable segments claim the same memory.
    #[error(
        "ELF PT_LOAD segments {first} [{first_start:#010x}, {first_end:#010x}) and {second} [{second_start:#010x}, {second_end:#010x}) overlap"
    )]
    OverlappingSegments {
        /// Program header index of the lower segment.
        first: usize,
        /// Its first address.
        first_start: u64,
        /// One past its last address.
        first_end: u64,
        /// Program header index of the other segment.
        second: usize,
        /// Its first address.
        second_start: u64,
        /// One past its last address.
        second_end: u64,
    },
    /// An executable section is not where its segments put code.
    #[error("ELF section {name}: {problem}")]
    BadSection {
        /// The section's name (or `#index` when it has none).
        name: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Nothing in the ELF is executable.
    #[error("ELF has no executable code (no executable PT_LOAD segment holding code)")]
    NoCode,
    /// Executable code starts at an address that is not a multiple of 4.
    #[error("executable code starts at {address:#010x}, which is not 4-byte aligned")]
    MisalignedCode {
        /// The misaligned start.
        address: u32,
    },
    /// The code spans more address space than a program may have.
    #[error("executable code spans {span:#x} bytes, more than the {max:#x} bytes Trellis accepts")]
    CodeTooLarge {
        /// Bytes from the first to one past the last code address.
        span: u64,
        /// The limit ([`crate::MAX_CODE_BYTES`]).
        max: u64,
    },
    /// The entry point is not an aligned address inside the code.
    #[error(
        "entry pc {entry:#010x} is not a 4-byte aligned address inside the executable code [{start:#010x}, {end:#010x})"
    )]
    EntryOutsideCode {
        /// `e_entry`.
        entry: u32,
        /// First code address.
        start: u32,
        /// One past the last code address.
        end: u64,
    },
    /// No registered extension decodes this word.
    #[error("unsupported instruction {word:#010x} at pc {pc:#010x}: {}", classify::describe(*.word, *.mnemonic))]
    UnsupportedInstruction {
        /// Where the word sits.
        pc: u32,
        /// The instruction word.
        word: u32,
        /// Best-effort RISC-V mnemonic of the word, if recognised.
        mnemonic: Option<&'static str>,
    },
    /// Two registered extensions both decode this word.
    #[error(
        "instruction {word:#010x} at pc {pc:#010x} is decoded by two extensions: {first} and {second}"
    )]
    DecoderConflict {
        /// Where the word sits.
        pc: u32,
        /// The instruction word.
        word: u32,
        /// The extension registered first.
        first: &'static str,
        /// The other extension.
        second: &'static str,
    },
    /// No enabled extension decodes this word, but a known extension that the
    /// configuration leaves out would: the program needs that extension.
    #[error(
        "instruction {word:#010x} at pc {pc:#010x}: {extension} precompile ({encoding}) is not enabled; {hint}"
    )]
    ExtensionNotEnabled {
        /// Where the word sits.
        pc: u32,
        /// The instruction word.
        word: u32,
        /// The disabled extension that would decode it.
        extension: &'static str,
        /// The word's encoding space, e.g. `custom-0 funct3 0` ([`classify::encoding`]).
        encoding: String,
        /// How to enable the extension (given by whoever registered it as disabled).
        hint: String,
    },
    /// Two registered extensions decode one instruction encoding, found
    /// before any program is read ([`crate::Transpiler::check_overlaps`]).
    #[error(
        "extensions {first} and {second} both decode instruction word {word:#010x} ({encoding})"
    )]
    OverlappingDecoders {
        /// A word both extensions claim.
        word: u32,
        /// Its encoding space ([`classify::encoding`]).
        encoding: String,
        /// The extension registered first.
        first: &'static str,
        /// The other extension.
        second: &'static str,
    },
    /// The assembled program broke an invariant of [`trellis_isa::Program`].
    #[error("invalid program: {0}")]
    InvalidProgram(#[from] ProgramError),
}
