//! The Trellis instruction set.
//!
//! A Trellis [`Program`] is what the transpiler makes of a RISC-V ELF and what
//! the VM executes and (later) proves: a list of [`Instruction`]s over the
//! BabyBear field, an entry pc and the initial memory image. Every extension
//! owns one or more opcode classes ([`opcode`]); their numbers are global so a
//! program file names each instruction unambiguously.

pub mod container;
pub mod field;
pub mod instruction;
pub mod keccak;
pub mod opcode;
pub mod payload;
pub mod program;
pub mod program_file;
mod program_raw;
pub mod rv32im;
pub mod system;

pub use container::ContainerError;
pub use field::F;
pub use instruction::Instruction;
pub use opcode::{Opcode, OpcodeClass};
pub use payload::PayloadError;
pub use program::{MemorySegment, Program, ProgramError};
pub use program_file::ProgramFileError;
pub use program_raw::OperandOutOfRange;
