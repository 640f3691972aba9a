//! The prover's work directory: the checkpoint at the start of every
//! segment and every finished segment proof, so that a proof interrupted
//! at any point resumes without redoing finished work.
//!
//! Layout: `manifest.json` (what is being proven: digests of the program,
//! the input and the proving key), `checkpoint-NNNNN.bin` (the machine
//! state at the start of segment N, N ≥ 1), `segment-NNNNN.proof` (the
//! proof of segment N). Every file is written to a temporary name and
//! renamed, so a killed prover leaves whole files or none; checkpoint and
//! proof files carry a SHA-256 checksum, so a corrupted file is detected
//! (and redone), never trusted.

use crate::error::SdkError;
use crate::proving::{segment_proof_from_bytes, segment_proof_to_bytes};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use trellis_vm::segment::{MachineState, SegmentProof};

/// What a work directory belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version.
    pub format: u32,
    /// SHA-256 of the program file.
    pub program: String,
    /// SHA-256 of the private input.
    pub input: String,
    /// Digest of the proving key.
    pub key: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Manifest {
    /// The manifest of proving `program` on `input` with the key `key_digest`.
    pub fn new(program: &trellis_isa::Program, input: &[u8], key_digest: [u8; 32]) -> Self {
        Self {
            format: 1,
            program: hex(&Sha256::digest(program.to_file_bytes())),
            input: hex(&Sha256::digest(input)),
            key: hex(&key_digest),
        }
    }
}

/// An open work directory.
pub struct WorkDir {
    path: PathBuf,
}

fn io_error(path: &Path, source: std::io::Error) -> SdkError {
    SdkError::Io {
        path: path.into(),
        source,
    }
}

impl WorkDir {
    /// Opens (creating it if needed) the work directory at `path` for
    /// `manifest`. Files left by a different proof (another program, input
    /// or key) are removed; returns whether that happened.
    pub fn open(path: &Path, manifest: &Manifest) -> Result<(Self, bool), SdkError> {
        std::fs::create_dir_all(path).map_err(|e| io_error(path, e))?;
        let dir = Self { path: path.into() };
        let manifest_path = path.join("manifest.json");
        let existing: Option<Manifest> = std::fs::read(&manifest_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let stale = existing.as_ref() != Some(manifest);
        if stale {
            dir.remove_segment_files()?;
            let json = serde_json::to_vec_pretty(manifest).expect("manifest serializes");
            dir.write_atomic(&manifest_path, &json)?;
        }
        Ok((dir, stale && existing.is_some()))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn remove_segment_files(&self) -> Result<(), SdkError> {
        let entries = std::fs::read_dir(&self.path).map_err(|e| io_error(&self.path, e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("checkpoint-") || name.starts_with("segment-") {
                std::fs::remove_file(entry.path()).map_err(|e| io_error(&entry.path(), e))?;
            }
        }
        Ok(())
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> Result<(), SdkError> {
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| io_error(path, e))
    }

    fn checkpoint_path(&self, segment: u32) -> PathBuf {
        self.path.join(format!("checkpoint-{segment:05}.bin"))
    }

    fn proof_path(&self, segment: u32) -> PathBuf {
        self.path.join(format!("segment-{segment:05}.proof"))
    }

    /// Saves the state at the start of its segment.
    pub fn write_checkpoint(&self, state: &MachineState) -> Result<(), SdkError> {
        self.write_atomic(&self.checkpoint_path(state.segment), &state.to_bytes())
    }

    /// The checkpoint of `segment`: `None` if there is none, `Err` (with the
    /// reason) if the file is corrupted or not that segment's.
    pub fn read_checkpoint(&self, segment: u32) -> Option<Result<MachineState, String>> {
        let path = self.checkpoint_path(segment);
        let bytes = std::fs::read(&path).ok()?;
        Some(match MachineState::from_bytes(&bytes) {
            Ok(state) if state.segment == segment => Ok(state),
            Ok(state) => Err(format!(
                "{}: holds segment {}, not {segment}",
                path.display(),
                state.segment
            )),
            Err(e) => Err(format!("{}: {e}", path.display())),
        })
    }

    /// Segments that have a checkpoint file (valid or not), in order.
    pub fn checkpoint_segments(&self) -> Vec<u32> {
        let mut found: Vec<u32> = std::fs::read_dir(&self.path)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_prefix("checkpoint-")?
                    .strip_suffix(".bin")?
                    .parse()
                    .ok()
            })
            .collect();
        found.sort_unstable();
        found
    }

    /// Saves a finished segment proof.
    pub fn write_proof(&self, segment: u32, proof: &SegmentProof) -> Result<(), SdkError> {
        self.write_atomic(&self.proof_path(segment), &segment_proof_to_bytes(proof))
    }

    /// The proof of `segment`: `None` if there is none, `Err` if the file
    /// is corrupted. (Whether it verifies is the caller's check.)
    pub fn read_proof(&self, segment: u32) -> Option<Result<SegmentProof, String>> {
        let path = self.proof_path(segment);
        let bytes = std::fs::read(&path).ok()?;
        Some(segment_proof_from_bytes(&bytes, &path).map_err(|e| e.to_string()))
    }

    /// Removes every file of the directory this prover wrote, then the
    /// directory if it is empty.
    pub fn remove(self) -> Result<(), SdkError> {
        self.remove_segment_files()?;
        let _ = std::fs::remove_file(self.path.join("manifest.json"));
        let _ = std::fs::remove_dir(&self.path);
        Ok(())
    }
}
