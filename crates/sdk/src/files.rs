//! Writing files so that nothing is half-written: every output (proofs,
//! keys, program files, checkpoints) goes to a temporary file in the same
//! directory, is synced to disk, and only then renamed over its name. A
//! failed write (a full disk, a file-size limit, a killed process) leaves
//! the old file or none, never a truncated one; the temporary file of a
//! failed write is removed.

use crate::error::SdkError;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Prefix of the temporary files [`write_atomic`] makes next to their
/// target (`.NAME.trellis-tmp-XXXXXX`).
pub const TEMP_MARK: &str = ".trellis-tmp-";

fn io_error(path: &Path, source: std::io::Error) -> SdkError {
    SdkError::Io {
        path: path.into(),
        source,
    }
}

/// The directory a file lives in (`.` for a bare name).
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.into(),
        _ => PathBuf::from("."),
    }
}

/// An output file being written: bytes go to a temporary file next to
/// `path`; [`AtomicFile::commit`] syncs it and renames it to `path`.
/// Dropped without committing (an error on the way), the temporary file is
/// removed and `path` is untouched.
pub struct AtomicFile {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> Result<Self, SdkError> {
        let dir = parent_of(path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                io_error(
                    path,
                    std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
                )
            })?;
        // A replaced file keeps its permissions; a new one gets the usual
        // 0o666 less the umask (not the temporary file's 0o600).
        let permissions = std::fs::metadata(path).map_or_else(
            |_| std::fs::Permissions::from_mode(0o666),
            |m| m.permissions(),
        );
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}{TEMP_MARK}"))
            .permissions(permissions)
            .tempfile_in(&dir)
            .map_err(|e| io_error(path, e))?;
        Ok(Self {
            path: path.into(),
            temp,
        })
    }

    /// The file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes to the temporary file.
    pub fn writer(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// Syncs the bytes to disk and renames the temporary file to its name
    /// (then syncs the directory, so the rename survives a crash).
    pub fn commit(mut self) -> Result<(), SdkError> {
        let path = self.path.clone();
        self.temp.flush().map_err(|e| io_error(&path, e))?;
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| io_error(&path, e))?;
        self.temp
            .persist(&path)
            .map_err(|e| io_error(&path, e.error))?;
        // Best effort: not every file system can sync a directory.
        if let Ok(dir) = std::fs::File::open(parent_of(&path)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically (see the module docs); the error
/// names `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SdkError> {
    let mut file = AtomicFile::create(path)?;
    file.writer()
        .write_all(bytes)
        .map_err(|e| io_error(path, e))?;
    file.commit()
}

/// Refuses to write `output` when it is one of `inputs` (the same file,
/// under any name): writing it would destroy what the command reads.
/// `what` names the output option in the error.
pub fn check_distinct(output: &Path, what: &str, inputs: &[(&Path, &str)]) -> Result<(), SdkError> {
    let Ok(out) = same_file::Handle::from_path(output) else {
        return Ok(()); // does not exist yet: cannot be an input
    };
    for (input, name) in inputs {
        if same_file::Handle::from_path(input).is_ok_and(|h| h == out) {
            return Err(SdkError::OutputIsInput {
                output: output.into(),
                option: what.into(),
                input: (*name).into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new contents").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.bin")]);
    }

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        std::fs::write(&path, b"old").unwrap();
        {
            let mut file = AtomicFile::create(&path).unwrap();
            file.writer().write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("program.bin");
        std::fs::write(&input, b"program").unwrap();
        let alias = dir.path().join("./program.bin");
        let err = check_distinct(&alias, "-o", &[(&input, "the program")]).unwrap_err();
        assert!(err.to_string().contains("the program"), "{err}");
        let other = dir.path().join("proof.bin");
        check_distinct(&other, "-o", &[(&input, "the program")]).unwrap();
    }
}
