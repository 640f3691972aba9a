//! Saving and loading [`Program`]s: a versioned binary file and JSON.

use crate::container::{ContainerError, FileKind};
use crate::payload::decode_exact;
use crate::program::{Program, ProgramError};
use crate::program_raw::{OperandOutOfRange, RawProgram};
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
    /// An operand is not a field element (`>= p`).
    #[error("{path}: {source}")]
    OperandOutOfRange {
        /// The file.
        path: PathBuf,
        /// Which instruction and operand.
        source: OperandOutOfRange,
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
        let raw: RawProgram =
            decode_exact(payload, "program").map_err(|e| ProgramFileError::Decode {
                path: path.into(),
                message: e.to_string(),
            })?;
        Self::from_raw(raw, path)
    }

    /// Checks a decoded program: operands in the field, invariants.
    fn from_raw(raw: RawProgram, path: &Path) -> Result<Self, ProgramFileError> {
        let program = raw
            .into_program()
            .map_err(|source| ProgramFileError::OperandOutOfRange {
                path: path.into(),
                source,
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
        let raw: RawProgram = serde_json::from_str(json).map_err(|e| ProgramFileError::Decode {
            path: path.into(),
            message: e.to_string(),
        })?;
        Self::from_raw(raw, path)
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
        assert_eq!(
            err,
            "p.json: instruction 0 (pc 0x00001000): operand c = 4294967295 is out of range \
             (a field element must be below 2013265921)"
        );
    }

    /// `sample()` with operand `c` of instruction 0 set to `c`, as a sealed
    /// binary file (operands above p cannot be built as a [`Program`]).
    fn sample_file_with_c(c: u32) -> Vec<u8> {
        let json = sample().to_json().replace("4095", &c.to_string());
        let raw: RawProgram = serde_json::from_str(&json).unwrap();
        PROGRAM_FILE.seal(&postcard::to_allocvec(&raw).unwrap())
    }

    #[test]
    fn binary_names_out_of_range_operand() {
        for value in [crate::field::MODULUS, u32::MAX] {
            let err = Program::from_file_bytes(&sample_file_with_c(value), Path::new("p.trellis"))
                .unwrap_err()
                .to_string();
            assert_eq!(
                err,
                format!(
                    "p.trellis: instruction 0 (pc 0x00001000): operand c = {value} is out of \
                     range (a field element must be below 2013265921)"
                )
            );
        }
        let max = crate::field::MODULUS - 1;
        let program = Program::from_file_bytes(&sample_file_with_c(max), Path::new("p")).unwrap();
        assert_eq!(program.instructions[0].operands()[2], max);
    }

    #[test]
    fn resealed_trailing_bytes_are_rejected() {
        let mut payload = PROGRAM_FILE
            .open(&sample().to_file_bytes())
            .unwrap()
            .to_vec();
        let len = payload.len();
        payload.extend_from_slice(&[0, 0]);
        let err = Program::from_file_bytes(&PROGRAM_FILE.seal(&payload), Path::new("p"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!(
                "p: malformed program payload: 2 trailing bytes after the program (it ends at \
                 payload byte {len})"
            )
        );
    }

    #[test]
    fn resealed_overlong_integer_is_rejected() {
        // pc_base 0x1000 is the varint 80 20; spell it 80 a0 00 instead.
        let payload = PROGRAM_FILE
            .open(&sample().to_file_bytes())
            .unwrap()
            .to_vec();
        assert_eq!(payload[..2], [0x80, 0x20]);
        let mut overlong = vec![0x80, 0xa0, 0x00];
        overlong.extend_from_slice(&payload[2..]);
        let err = Program::from_file_bytes(&PROGRAM_FILE.seal(&overlong), Path::new("p"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("non-canonical encoding of the program"),
            "{err}"
        );
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
