//! A transpiled program: code, entry point and initial memory.

use crate::instruction::Instruction;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A contiguous run of initialized bytes in main memory.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct MemorySegment {
    /// Address of the first byte.
    pub start: u32,
    /// The bytes, in address order.
    pub bytes: Vec<u8>,
}

impl MemorySegment {
    /// One past the last address, as u64 so a segment ending at 2^32 is representable.
    pub fn end(&self) -> u64 {
        self.start as u64 + self.bytes.len() as u64
    }
}

/// What the VM executes: instructions at consecutive pcs (4 bytes apart) from
/// `pc_base`, the entry pc, and the initial image of main memory (every byte
/// not in a segment starts as zero).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Program {
    /// pc of `instructions[0]`.
    pub pc_base: u32,
    /// pc of the first instruction executed.
    pub entry_pc: u32,
    /// The code; instruction `i` sits at `pc_base + 4 * i`.
    pub instructions: Vec<Instruction>,
    /// Initial contents of main memory, sorted by address, non-overlapping.
    pub memory_image: Vec<MemorySegment>,
}

/// A program whose parts contradict each other.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProgramError {
    /// `pc_base` is not a multiple of 4.
    #[error("program base pc {0:#010x} is not 4-byte aligned")]
    MisalignedBase(u32),
    /// The code runs past the end of the 32-bit address space.
    #[error("program code of {0} instructions does not fit below 2^32")]
    CodeTooLarge(usize),
    /// The entry pc is not an instruction of the program.
    #[error(
        "entry pc {entry:#010x} is outside the code [{start:#010x}, {end:#010x}) or misaligned"
    )]
    EntryOutsideCode {
        /// The entry pc.
        entry: u32,
        /// First code pc.
        start: u32,
        /// One past the last code pc.
        end: u64,
    },
    /// Two memory segments overlap or are out of order.
    #[error("memory segments at {first:#010x} and {second:#010x} overlap or are not sorted")]
    OverlappingSegments {
        /// Start of the earlier segment.
        first: u32,
        /// Start of the later segment.
        second: u32,
    },
    /// A memory segment runs past 2^32.
    #[error("memory segment at {0:#010x} runs past the end of the address space")]
    SegmentTooLarge(u32),
}

impl Program {
    /// pc one past the last instruction.
    pub fn pc_end(&self) -> u64 {
        self.pc_base as u64 + 4 * self.instructions.len() as u64
    }

    /// The instruction at `pc`, if `pc` is an aligned code address.
    pub fn instruction_at(&self, pc: u32) -> Option<&Instruction> {
        let offset = pc.checked_sub(self.pc_base)?;
        if !offset.is_multiple_of(4) {
            return None;
        }
        self.instructions.get((offset / 4) as usize)
    }

    /// Checks the invariants every consumer relies on.
    pub fn validate(&self) -> Result<(), ProgramError> {
        if !self.pc_base.is_multiple_of(4) {
            return Err(ProgramError::MisalignedBase(self.pc_base));
        }
        if self.pc_end() > 1 << 32 {
            return Err(ProgramError::CodeTooLarge(self.instructions.len()));
        }
        if self.instruction_at(self.entry_pc).is_none() {
            return Err(ProgramError::EntryOutsideCode {
                entry: self.entry_pc,
                start: self.pc_base,
                end: self.pc_end(),
            });
        }
        for segment in &self.memory_image {
            if segment.end() > 1 << 32 {
                return Err(ProgramError::SegmentTooLarge(segment.start));
            }
        }
        for pair in self.memory_image.windows(2) {
            if pair[0].end() > pair[1].start as u64 {
                return Err(ProgramError::OverlappingSegments {
                    first: pair[0].start,
                    second: pair[1].start,
                });
            }
        }
        Ok(())
    }
}
