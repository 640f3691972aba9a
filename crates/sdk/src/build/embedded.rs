//! What the SDK carries inside itself, so building a guest never reads the
//! source tree the SDK was built from: the linker script, the C runtime and
//! the whole `trellis-guest` crate (for `trellis new`).
//!
//! A build writes the linker script and the C runtime under its target
//! directory, in `trellis-support/<hash of their contents>/`
//! ([`support_dir`]): concurrent builds write the same bytes to the same
//! place (each file atomically), and an SDK with other contents uses
//! another directory, so builds by different versions never clash.

use super::BuildError;
use super::error::io_err;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// `guest/trellis.ld`: the memory layout of docs/guest-abi.md.
pub const LINKER_SCRIPT: &str = include_str!("../../../../guest/trellis.ld");

/// `guest/c/trellis.h`: the C runtime's header (`trellis new --lang c`
/// copies it into the project).
pub const TRELLIS_H: &str = include_str!("../../../../guest/c/trellis.h");

/// The C runtime, `guest/c`: (file name, contents).
pub const C_RUNTIME: &[(&str, &str)] = &[
    ("crt0.S", include_str!("../../../../guest/c/crt0.S")),
    ("trellis.c", include_str!("../../../../guest/c/trellis.c")),
    ("trellis.h", TRELLIS_H),
];

mod generated {
    include!(concat!(env!("OUT_DIR"), "/trellis_guest.rs"));
}

/// The `trellis-guest` crate's version, which a project depending on the
/// vendored copy pins (`version = "=..."`).
pub const TRELLIS_GUEST_VERSION: &str = generated::TRELLIS_GUEST_VERSION;

/// Every file of the `trellis-guest` crate (`guest/rust` when the SDK was
/// built, less `target/` and `Cargo.lock`): (`/`-separated relative path,
/// contents).
pub fn trellis_guest_files() -> &'static [(&'static str, &'static [u8])] {
    generated::TRELLIS_GUEST_FILES
}

/// Writes the `trellis-guest` crate into `dir` (created if missing), for a
/// project to depend on by path: `trellis-guest = { path = "...", version =
/// "=TRELLIS_GUEST_VERSION" }`.
pub fn write_trellis_guest(dir: &Path) -> Result<(), BuildError> {
    for (relative, bytes) in trellis_guest_files() {
        let path = relative
            .split('/')
            .fold(dir.to_path_buf(), |p, c| p.join(c));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io_err(&path))?;
    }
    Ok(())
}

/// The build-support files (linker script and C runtime) written out.
pub(crate) struct SupportDir {
    /// `trellis.ld`.
    pub linker_script: PathBuf,
    /// The directory holding `crt0.S`, `trellis.c` and `trellis.h`.
    pub c_runtime: PathBuf,
}

/// The support files under `target_dir`, written if missing or different.
pub(crate) fn support_dir(target_dir: &Path) -> Result<SupportDir, BuildError> {
    let files: Vec<(&str, &str)> = std::iter::once(("trellis.ld", LINKER_SCRIPT))
        .chain(C_RUNTIME.iter().copied())
        .collect();
    let dir = target_dir
        .join("trellis-support")
        .join(content_hash(&files));
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    for (name, contents) in &files {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(contents.as_bytes()) {
            write_atomically(&dir, &path, contents.as_bytes())?;
        }
    }
    Ok(SupportDir {
        linker_script: dir.join("trellis.ld"),
        c_runtime: dir,
    })
}

/// The first 16 hex digits of SHA-256 over the names and contents.
fn content_hash(files: &[(&str, &str)]) -> String {
    let mut hasher = Sha256::new();
    for (name, contents) in files {
        for part in [name.as_bytes(), contents.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a temporary file in `dir` and renames it to `path`: a reader
/// never sees a half-written file.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    use std::io::Write;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err(dir))?;
    tmp.write_all(bytes).map_err(io_err(path))?;
    tmp.persist(path).map_err(|e| BuildError::Io {
        path: path.to_path_buf(),
        error: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mtime(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn support_files_are_written_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let first = support_dir(dir.path()).unwrap();
        let hash = first.c_runtime.file_name().unwrap().to_str().unwrap();
        assert_eq!(hash.len(), 16);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
        assert_eq!(
            std::fs::read_to_string(&first.linker_script).unwrap(),
            LINKER_SCRIPT
        );
        for (name, contents) in C_RUNTIME {
            assert_eq!(
                std::fs::read_to_string(first.c_runtime.join(name)).unwrap(),
                *contents
            );
        }
        let written = mtime(&first.linker_script);
        // Concurrent builds find the same files and leave them alone.
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| support_dir(dir.path()).unwrap());
            }
        });
        let again = support_dir(dir.path()).unwrap();
        assert_eq!(again.linker_script, first.linker_script);
        assert_eq!(mtime(&again.linker_script), written);
        // A damaged file is written again.
        std::fs::write(&first.linker_script, "damaged").unwrap();
        support_dir(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&first.linker_script).unwrap(),
            LINKER_SCRIPT
        );
        let entries = std::fs::read_dir(&first.c_runtime).unwrap().count();
        assert_eq!(entries, 4, "no temporary files left behind");
    }

    #[test]
    fn the_guest_crate_is_embedded_whole() {
        let names: Vec<&str> = trellis_guest_files().iter().map(|(n, _)| *n).collect();
        assert!(names.contains(&"Cargo.toml") && names.contains(&"src/lib.rs"));
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("target/") || *n == "Cargo.lock")
        );
        let manifest = std::str::from_utf8(
            trellis_guest_files()
                .iter()
                .find(|(n, _)| *n == "Cargo.toml")
                .unwrap()
                .1,
        )
        .unwrap();
        assert!(
            manifest.contains(&format!("version = \"{TRELLIS_GUEST_VERSION}\"")),
            "{manifest}"
        );
        // Written out, it is guest/rust file for file.
        let dir = tempfile::tempdir().unwrap();
        write_trellis_guest(dir.path()).unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../guest/rust");
        for name in &names {
            assert_eq!(
                std::fs::read(dir.path().join(name)).unwrap(),
                std::fs::read(source.join(name)).unwrap(),
                "{name}"
            );
        }
        // Files, not entries: modules may have folders (src/bigint/).
        fn files(dir: &Path) -> usize {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .map(|p| if p.is_dir() { files(&p) } else { 1 })
                .sum()
        }
        let on_disk = files(&source.join("src"));
        let embedded = names.iter().filter(|n| n.starts_with("src/")).count();
        assert_eq!(
            embedded, on_disk,
            "every file of guest/rust/src is embedded"
        );
    }
}
