//! The machine state at a segment boundary, and its checkpoint file.

use crate::memory::{GuestMemory, PAGE_SIZE};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use trellis_isa::container::{ContainerError, FileKind};

/// The envelope of a checkpoint file (SHA-256 of the payload in the header,
/// so a corrupted file is detected, never trusted).
pub const CHECKPOINT_FILE: FileKind = FileKind {
    name: "Trellis checkpoint",
    magic: *b"TRLSCKPT",
    version: 2,
};

/// Everything needed to continue a run exactly where a segment ended:
/// the next instruction, registers, memory, how much input was consumed,
/// and how far the run has come. Timestamps restart at every segment, so
/// none is kept.
#[derive(Clone, Debug)]
pub struct MachineState {
    /// Index of the segment that starts from this state.
    pub segment: u32,
    /// The next instruction to run.
    pub pc: u32,
    /// `x0..x31`.
    pub registers: [u32; 32],
    /// Main memory.
    pub memory: GuestMemory,
    /// Bytes of the private input already read by the guest.
    pub input_position: u64,
    /// Bytes of public output revealed before this state.
    pub revealed: u64,
    /// Instructions executed before this state.
    pub cycles: u64,
}

/// Why a checkpoint file was rejected.
#[derive(Debug, Error)]
pub enum CheckpointError {
    /// The envelope (magic, version, length, checksum) is wrong.
    #[error("checkpoint file: {0}")]
    Container(#[from] ContainerError),
    /// The payload does not decode.
    #[error("checkpoint file: malformed payload: {0}")]
    Malformed(String),
}

#[derive(Serialize, Deserialize)]
struct StateFile {
    segment: u32,
    pc: u32,
    registers: [u32; 32],
    input_position: u64,
    revealed: u64,
    cycles: u64,
    /// `(page base address, page bytes)` for every allocated page.
    pages: Vec<(u32, Vec<u8>)>,
}

impl MachineState {
    /// The state a program starts in: its entry pc, zero registers, its image.
    pub fn initial(program: &trellis_isa::Program) -> Self {
        Self {
            segment: 0,
            pc: program.entry_pc,
            registers: [0; 32],
            memory: GuestMemory::with_image(&program.memory_image),
            input_position: 0,
            revealed: 0,
            cycles: 0,
        }
    }

    /// The checkpoint file of this state.
    pub fn to_bytes(&self) -> Vec<u8> {
        let file = StateFile {
            segment: self.segment,
            pc: self.pc,
            registers: self.registers,
            input_position: self.input_position,
            revealed: self.revealed,
            cycles: self.cycles,
            pages: self
                .memory
                .pages()
                .map(|(base, page)| (base, page.to_vec()))
                .collect(),
        };
        CHECKPOINT_FILE.seal(&postcard::to_allocvec(&file).expect("state serializes"))
    }

    /// Reads a checkpoint file, checking its envelope and every page.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CheckpointError> {
        let payload = CHECKPOINT_FILE.open(bytes)?;
        let file: StateFile = trellis_isa::payload::decode_exact(payload, "checkpoint")
            .map_err(|e| CheckpointError::Malformed(e.to_string()))?;
        let mut memory = GuestMemory::new();
        for (base, page) in &file.pages {
            let in_range = crate::memory::in_bounds(*base, PAGE_SIZE as u32);
            if page.len() != PAGE_SIZE || !base.is_multiple_of(PAGE_SIZE as u32) || !in_range {
                return Err(CheckpointError::Malformed(format!(
                    "page at {base:#x} of {} bytes is not a guest page",
                    page.len()
                )));
            }
            memory.write_bytes(*base, page);
        }
        Ok(Self {
            segment: file.segment,
            pc: file.pc,
            registers: file.registers,
            memory,
            input_position: file.input_position,
            revealed: file.revealed,
            cycles: file.cycles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> MachineState {
        let mut memory = GuestMemory::new();
        memory.write_u32(0x2000, 0xdead_beef);
        MachineState {
            segment: 3,
            pc: 0x0080_0010,
            registers: [7; 32],
            memory,
            input_position: 8,
            revealed: 4,
            cycles: 12_345,
        }
    }

    #[test]
    fn a_checkpoint_round_trips() {
        let read = MachineState::from_bytes(&state().to_bytes()).unwrap();
        let original = state();
        assert_eq!(
            (read.segment, read.pc, read.registers, read.input_position),
            (3, original.pc, original.registers, 8)
        );
        assert_eq!((read.revealed, read.cycles), (4, 12_345));
        assert!(read.memory.same_contents(&original.memory));
    }

    #[test]
    fn a_resealed_payload_with_trailing_bytes_is_refused() {
        let sealed = state().to_bytes();
        let payload = CHECKPOINT_FILE.open(&sealed).unwrap();
        let longer = CHECKPOINT_FILE.seal(&[payload, &[0, 0, 0]].concat());
        let err = MachineState::from_bytes(&longer).unwrap_err().to_string();
        assert!(err.contains("trailing"), "{err}");
    }
}
