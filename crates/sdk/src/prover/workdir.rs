//! The prover's work directory: the checkpoint at the start of every
//! segment and every finished segment proof, so that a proof interrupted
//! at any point resumes without redoing finished work.
//!
//! Layout: `.trellis-work-dir` (the ownership marker: this directory is
//! the prover's), `lock` (held while a prover uses the directory; it names
//! the holder), `manifest.json` (what is being proven: digests of the
//! program, the input and the proving key), `checkpoint-NNNNN.bin` (the
//! machine state at the start of segment N, N ≥ 1), `segment-NNNNN.proof`
//! (the proof of segment N), `node-LL-NNNNN.proof` (the aggregation proof of
//! node N of level LL of the aggregation tree, verified again before reuse).
//!
//! Safety rules:
//! * Only a directory that does not exist, is empty, or carries the marker
//!   is used; a directory with other files is refused, never emptied.
//! * Only files the prover names (the list above and its temporary files)
//!   are ever removed; the directory itself only if the prover created it
//!   and it is empty then.
//! * One prover at a time: an exclusive lock on `lock`; a second prover
//!   is refused with the first one's pid and command.
//! * Every file is written atomically ([`crate::files::write_atomic`]);
//!   checkpoint and proof files carry a SHA-256 checksum, so a corrupted
//!   file is detected (and redone), never trusted.

use crate::error::SdkError;
use crate::files::{TEMP_MARK, write_atomic};
use crate::proving::{segment_proof_from_bytes, segment_proof_to_bytes};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use trellis_vm::segment::{MachineState, SegmentProof};

/// Name of the ownership marker.
pub const MARKER: &str = ".trellis-work-dir";
const LOCK: &str = "lock";
const MANIFEST: &str = "manifest.json";

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

/// The ownership marker's contents.
#[derive(Serialize, Deserialize)]
struct Marker {
    /// What wrote it.
    owner: String,
    /// The prover created the directory (so it may remove it when done).
    created_dir: bool,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Manifest {
    /// The manifest of proving `program` on `input` with the key `key_digest`.
    pub fn new(program: &trellis_isa::Program, input: &[u8], key_digest: [u8; 32]) -> Self {
        Self {
            format: 2,
            program: hex(&Sha256::digest(program.to_file_bytes())),
            input: hex(&Sha256::digest(input)),
            key: hex(&key_digest),
        }
    }

    /// The manifest of aggregating the segment proofs in the file `proof_file` with
    /// the key `key_digest` (`trellis aggregate`).
    pub fn for_aggregation(proof_file: &[u8], key_digest: [u8; 32]) -> Self {
        Self {
            format: 2,
            program: format!("aggregation of {}", hex(&Sha256::digest(proof_file))),
            input: String::new(),
            key: hex(&key_digest),
        }
    }
}

/// An open, locked work directory (unlocked when dropped).
pub struct WorkDir {
    path: PathBuf,
    created_dir: bool,
    lock: File,
}

fn io_error(path: &Path, source: std::io::Error) -> SdkError {
    SdkError::Io {
        path: path.into(),
        source,
    }
}

/// Whether `name` is a file the prover writes in its work directory.
fn is_ours(name: &str) -> bool {
    let numbered = |prefix: &str, suffix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let node = || {
        name.strip_prefix("node-")
            .and_then(|rest| rest.strip_suffix(".proof"))
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(level, node)| {
                [level, node]
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    };
    numbered("checkpoint-", ".bin")
        || numbered("segment-", ".proof")
        || node()
        || is_temporary(name)
        || [MARKER, LOCK, MANIFEST].contains(&name)
}

/// Temporary files of an interrupted write (this version's and the
/// `NAME.tmp` of earlier ones).
fn is_temporary(name: &str) -> bool {
    let base = name.strip_prefix('.').unwrap_or(name);
    let of_ours = base.starts_with("checkpoint-")
        || base.starts_with("segment-")
        || base.starts_with("node-")
        || base.starts_with("manifest");
    of_ours && (name.contains(TEMP_MARK) || name.ends_with(".tmp"))
}

/// Who this process is, for the lock file.
fn holder_description() -> String {
    let command: Vec<String> = std::env::args().collect();
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "pid {}, started at unix time {started}, command `{}`",
        std::process::id(),
        command.join(" ")
    )
}

impl WorkDir {
    /// Opens the work directory at `path` for `manifest`: creates it if
    /// needed, refuses a non-empty directory without the marker, takes the
    /// lock, removes temporary files of interrupted writes, and — when the
    /// manifest names another proof — that proof's files. Returns whether
    /// files of another proof were removed.
    pub fn open(path: &Path, manifest: &Manifest) -> Result<(Self, bool), SdkError> {
        let created_dir = Self::claim(path)?;
        let lock = Self::lock(path)?;
        let dir = Self {
            path: path.into(),
            created_dir,
            lock,
        };
        dir.remove_matching(is_temporary)?;
        let manifest_path = path.join(MANIFEST);
        let existing: Option<Manifest> = match std::fs::read(&manifest_path) {
            Ok(bytes) => {
                Some(
                    serde_json::from_slice(&bytes).map_err(|e| SdkError::WorkDirManifest {
                        path: path.into(),
                        reason: e.to_string(),
                    })?,
                )
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(&manifest_path, e)),
        };
        let stale = existing.as_ref() != Some(manifest);
        if stale {
            dir.remove_matching(|name| {
                name.starts_with("checkpoint-")
                    || name.starts_with("segment-")
                    || name.starts_with("node-")
            })?;
            let json = serde_json::to_vec_pretty(manifest).expect("manifest serializes");
            write_atomic(&manifest_path, &json)?;
        }
        Ok((dir, stale && existing.is_some()))
    }

    /// Makes `path` the prover's: creates it (true) or adopts an empty
    /// directory (false), writing the marker; a directory that has the
    /// marker is already the prover's.
    fn claim(path: &Path) -> Result<bool, SdkError> {
        let marker = path.join(MARKER);
        let created = match std::fs::create_dir(path) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !path.is_dir() {
                    return Err(io_error(
                        path,
                        std::io::Error::new(
                            std::io::ErrorKind::AlreadyExists,
                            "exists and is not a directory",
                        ),
                    ));
                }
                if let Ok(bytes) = std::fs::read(&marker) {
                    let owned: Option<Marker> = serde_json::from_slice(&bytes).ok();
                    return Ok(owned.is_some_and(|m| m.created_dir));
                }
                let foreign: Vec<String> = std::fs::read_dir(path)
                    .map_err(|e| io_error(path, e))?
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                if !foreign.is_empty() {
                    let mut sample = foreign;
                    sample.sort();
                    let more = sample.len().saturating_sub(5);
                    sample.truncate(5);
                    let mut text = sample.join(", ");
                    if more > 0 {
                        text.push_str(&format!(" and {more} more"));
                    }
                    return Err(SdkError::WorkDirNotOurs {
                        path: path.into(),
                        sample: text,
                    });
                }
                false
            }
            Err(e) => {
                std::fs::create_dir_all(path).map_err(|_| io_error(path, e))?;
                true
            }
        };
        let contents = serde_json::to_vec_pretty(&Marker {
            owner: "trellis prover work directory: every file here may be removed by it".into(),
            created_dir: created,
        })
        .expect("marker serializes");
        write_atomic(&marker, &contents)?;
        Ok(created)
    }

    /// Takes the exclusive lock of the directory and records who holds it.
    fn lock(path: &Path) -> Result<File, SdkError> {
        let lock_path = path.join(LOCK);
        let mut file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| io_error(&lock_path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(SdkError::WorkDirLocked {
                    path: path.into(),
                    holder: if holder.is_empty() {
                        "it did not say who it is".into()
                    } else {
                        holder.into()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_error(&lock_path, e)),
        }
        let described = holder_description();
        let record = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(described.as_bytes()));
        record.map_err(|e| io_error(&lock_path, e))?;
        Ok(file)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the directory's files whose names `select` picks, among
    /// those the prover writes.
    fn remove_matching(&self, select: impl Fn(&str) -> bool) -> Result<(), SdkError> {
        let entries = std::fs::read_dir(&self.path).map_err(|e| io_error(&self.path, e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ours(&name) && select(&name) && entry.path().is_file() {
                std::fs::remove_file(entry.path()).map_err(|e| io_error(&entry.path(), e))?;
            }
        }
        Ok(())
    }

    fn checkpoint_path(&self, segment: u32) -> PathBuf {
        self.path.join(format!("checkpoint-{segment:05}.bin"))
    }

    fn proof_path(&self, segment: u32) -> PathBuf {
        self.path.join(format!("segment-{segment:05}.proof"))
    }

    /// Saves the state at the start of its segment.
    pub fn write_checkpoint(&self, state: &MachineState) -> Result<(), SdkError> {
        write_atomic(&self.checkpoint_path(state.segment), &state.to_bytes())
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

    /// Removes the checkpoint of `segment` (one that does not match the run).
    pub fn remove_checkpoint(&self, segment: u32) -> Result<(), SdkError> {
        let path = self.checkpoint_path(segment);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&path, e)),
            _ => Ok(()),
        }
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
        write_atomic(&self.proof_path(segment), &segment_proof_to_bytes(proof))
    }

    /// The proof of `segment`: `None` if there is none, `Err` if the file
    /// is corrupted. (Whether it verifies is the caller's check.)
    pub fn read_proof(&self, segment: u32) -> Option<Result<SegmentProof, String>> {
        let path = self.proof_path(segment);
        let bytes = std::fs::read(&path).ok()?;
        Some(segment_proof_from_bytes(&bytes, &path).map_err(|e| e.to_string()))
    }

    fn node_path(&self, level: usize, node: usize) -> PathBuf {
        self.path.join(format!("node-{level:02}-{node:05}.proof"))
    }

    /// Removes the directory like [`WorkDir::remove`] if it holds no
    /// checkpoint or segment proof (a proof that failed before any work).
    pub fn remove_if_unused(self) -> Result<(), SdkError> {
        let used = std::fs::read_dir(&self.path)
            .map_err(|e| io_error(&self.path, e))?
            .flatten()
            .any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("checkpoint-")
                    || name.starts_with("segment-")
                    || name.starts_with("node-")
            });
        if used { Ok(()) } else { self.remove() }
    }

    /// Removes every file the prover wrote here, then the directory if the
    /// prover created it and nothing else is left in it. Call it only once
    /// the finished proof is safely stored.
    pub fn remove(self) -> Result<(), SdkError> {
        self.remove_matching(|name| name != LOCK && name != MARKER)?;
        // The lock file goes while it is still held; the marker last.
        let _ = std::fs::remove_file(self.path.join(LOCK));
        let _ = std::fs::remove_file(self.path.join(MARKER));
        let Self {
            path,
            created_dir,
            lock,
        } = self;
        drop(lock);
        if created_dir {
            let _ = std::fs::remove_dir(&path);
        }
        Ok(())
    }
}

/// Finished aggregation nodes are kept in the work directory; the aggregator verifies a
/// kept node against the statement it would prove before reusing it.
impl trellis_recursion::aggregate::NodeStore for WorkDir {
    fn load(&self, level: usize, node: usize) -> Option<Vec<u8>> {
        std::fs::read(self.node_path(level, node)).ok()
    }

    fn save(&self, level: usize, node: usize, proof: &[u8]) -> Result<(), String> {
        write_atomic(&self.node_path(level, node), proof).map_err(|e| e.to_string())
    }
}

/// Removes the work directory at `path` (its prover files, and the
/// directory if the prover made it), refusing one that is in use or not
/// the prover's. For callers of [`crate::Trellis::prove`] once they have
/// stored the proof.
pub fn remove_work_dir(path: &Path) -> Result<(), SdkError> {
    if !path.join(MARKER).is_file() {
        return Err(SdkError::WorkDirNotOurs {
            path: path.into(),
            sample: format!("no {MARKER} marker"),
        });
    }
    let created_dir = WorkDir::claim(path)?;
    let lock = WorkDir::lock(path)?;
    WorkDir {
        path: path.into(),
        created_dir,
        lock,
    }
    .remove()
}
