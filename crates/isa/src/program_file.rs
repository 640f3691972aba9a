//! Saving and loading [`Program`]s: a versioned binary file and JSON.

use crate::container::{ContainerError, FileKind};
use crate::program::{Program, ProgramError};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Magic and version of binary program files.
pub const PROGRAM_FILE: FileKind = FileKind {
    name: "Trellis program",
    magic: *b"TRLSPROG",
    version: 1,
};

/// Why a program file could not be written or read.
#[derive(Debug, Error)]
pub enum ProgramFileError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The envelope (magic, version, length, checksum) is wrong.
    #[error("{path}: {source}")]
    Envelope {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: ContainerError,
    },
    /// The payload passed its checksum but does not decode.
    #[error("{path}: malformed program payload: {message}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// The decoder's message.
        message: String,
    },
    /// The program decoded but is inconsistent.
    #[error("{path}: invalid program: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The broken invariant.
        source: ProgramError,
    },
}

impl Program {
    /// Encodes the program as a binary program file.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let payload = postcard::to_allocvec(self).expect("programs always serialize");
        PROGRAM_FILE.seal(&payload)
    }

    /// Decodes a binary program file; `path` only labels errors.
    pub fn from_file_bytes(bytes: &[u8], path: &Path) -> Result<Self, ProgramFileError> {
        let payload = PROGRAM_FILE
            .open(bytes)
            .map_err(|source| ProgramFileError::Envelope {
                path: path.into(),
                source,
            })?;
        let program: Program =
            postcard::from_bytes(payload).map_err(|e| ProgramFileError::Decode {
                path: path.into(),
                message: e.to_string(),
            })?;
        program
            .validate()
            .map_err(|source| ProgramFileError::Invalid {
                path: path.into(),
                source,
            })?;
        Ok(program)
    }

    /// Writes a binary program file.
    pub fn save(&self, path: &Path) -> Result<(), ProgramFileError> {
        std::fs::write(path, self.to_file_bytes()).map_err(|source| ProgramFileError::Io {
            path: path.into(),
            source,
        })
    }

    /// Reads a binary program file.
    pub fn load(path: &Path) -> Result<Self, ProgramFileError> {
        let bytes = std::fs::read(path).map_err(|source| ProgramFileError::Io {
            path: path.into(),
            source,
        })?;
        Self::from_file_bytes(&bytes, path)
    }

    /// The program as pretty JSON (for inspection and diffing).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("programs always serialize")
    }

    /// Reads a program from JSON and validates it.
    pub fn from_json(json: &str, path: &Path) -> Result<Self, ProgramFileError> {
        let program: Program =
            serde_json::from_str(json).map_err(|e| ProgramFileError::Decode {
                path: path.into(),
                message: e.to_string(),
            })?;
        program
            .validate()
            .map_err(|source| ProgramFileError::Invalid {
                path: path.into(),
                source,
            })?;
        Ok(program)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruction::Instruction;
    use crate::opcode::OpcodeClass;
    use crate::program::MemorySegment;
    use crate::rv32im::BaseAluOpcode;
    use crate::system::SystemOpcode;

    fn sample() -> Program {
        Program {
            pc_base: 0x1000,
            entry_pc: 0x1004,
            instructions: vec![
                Instruction::from_u32s(BaseAluOpcode::Add.global(), [4, 8, 0xfff, 1, 0, 0, 0]),
                Instruction::from_u32s(SystemOpcode::Terminate.global(), [0, 0, 3, 0, 0, 0, 0]),
            ],
            memory_image: vec![MemorySegment {
                start: 0x2000,
                bytes: vec![1, 2, 3],
            }],
        }
    }

    #[test]
    fn binary_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.trellis");
        sample().save(&path).unwrap();
        assert_eq!(Program::load(&path).unwrap(), sample());
    }

    #[test]
    fn json_round_trip_is_canonical() {
        let json = sample().to_json();
        assert!(
            json.contains("4095"),
            "immediates are written as canonical integers: {json}"
        );
        assert_eq!(
            Program::from_json(&json, Path::new("p.json")).unwrap(),
            sample()
        );
    }

    #[test]
    fn json_rejects_non_field_operand() {
        let json = sample().to_json().replace("4095", "4294967295");
        let err = Program::from_json(&json, Path::new("p.json"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a field element"), "{err}");
    }

    #[test]
    fn corrupted_file_is_rejected_with_path() {
        let mut bytes = sample().to_file_bytes();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let err = Program::from_file_bytes(&bytes, Path::new("bad.trellis"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bad.trellis: "), "{err}");
        assert!(err.contains("corrupted"), "{err}");
    }

    #[test]
    fn invalid_program_is_rejected() {
        let mut program = sample();
        program.entry_pc = 0x1002;
        let err = Program::from_file_bytes(&program.to_file_bytes(), Path::new("p")).unwrap_err();
        assert!(matches!(err, ProgramFileError::Invalid { .. }), "{err}");
    }
}
