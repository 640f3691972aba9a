//! A cache of what verifying aggregated proofs needs: the root key and allowlist root of
//! the aggregation keys of a program's segment shapes
//! ([`trellis_recursion::aggregate::SavedRootVerifier`]).
//!
//! Without it, every verification makes the aggregation keys of the shapes the proof
//! lists (seconds per shape at production parameters). With it, the first verification
//! (or the aggregation that made the proof, on the same machine) saves them and later
//! ones load them: two program recordings instead of every keygen. An entry is named by
//! a digest of everything the keys depend on (the program's key, the shapes, the keys of
//! them the tree uses, the tree's
//! arities and allowlist depth, the root parameters, the recursion program version and
//! the SDK version); one that cannot be read or rebuilt, or whose keys do not accept a
//! proof, is ignored and the keys are made again, so the cache only ever saves time on
//! proofs that verify. What an entry says is trusted like the keygen that wrote it:
//! keep the directory private (it is the user's cache directory by default).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use trellis_isa::container::FileKind;
use trellis_recursion::aggregate::SavedRootVerifier;

/// Magic and version of a cache entry.
pub const KEY_CACHE_FILE: FileKind = FileKind {
    name: "Trellis aggregation key cache entry",
    magic: *b"TRLSAKC\0",
    version: 2,
};

/// Environment variable naming the cache directory (an empty value disables the cache).
pub const CACHE_DIR_ENV: &str = "TRELLIS_CACHE_DIR";

/// Domain separator of entry names.
const ENTRY_TAG: &[u8] = b"trellis-aggregation-key-cache-v1";

/// A directory of saved aggregation verifier keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AggregationKeyCache {
    dir: PathBuf,
}

impl AggregationKeyCache {
    /// A cache in `dir` (created when the first entry is saved).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The cache the command line uses: `$TRELLIS_CACHE_DIR` (none if set empty), else
    /// `$XDG_CACHE_HOME/trellis/aggregation-keys`, else
    /// `$HOME/.cache/trellis/aggregation-keys`; none without any of them.
    pub fn from_env() -> Option<Self> {
        let var = |name| std::env::var_os(name);
        if let Some(dir) = var(CACHE_DIR_ENV) {
            return (!dir.is_empty()).then(|| Self::at(dir));
        }
        let base = var("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                var("HOME")
                    .filter(|d| !d.is_empty())
                    .map(|h| Path::new(&h).join(".cache"))
            })?;
        Some(Self::at(base.join("trellis").join("aggregation-keys")))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, id: &[u8; 32]) -> PathBuf {
        let name: String = id.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.keys"))
    }

    /// The entry named `id`, if there is a readable one.
    pub(crate) fn load(&self, id: &[u8; 32]) -> Option<SavedRootVerifier> {
        let bytes = std::fs::read(self.path(id)).ok()?;
        let payload = KEY_CACHE_FILE.open(&bytes).ok()?;
        trellis_isa::payload::decode_exact(payload, "aggregation key cache entry").ok()
    }

    /// Saves `entry` as `id` (written whole to a temporary file, then renamed, so a
    /// reader never sees half an entry).
    pub(crate) fn store(&self, id: &[u8; 32], entry: &SavedRootVerifier) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let path = self.path(id);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let bytes = KEY_CACHE_FILE
            .seal(&postcard::to_allocvec(entry).expect("in-memory encoding cannot fail"));
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                format!("cannot write {}: {e}", path.display())
            })
    }
}

/// The name of the entry for the aggregation keys `key_use` names of `shapes` under the
/// segment key digest `segment_key`, with the tree's arities and allowlist depth and the shrink and
/// root parameters.
pub(crate) fn entry_id(
    segment_key: [u8; 32],
    shapes: &[Vec<u8>],
    key_use: &trellis_recursion::aggregate::TreeKeyUse,
    arities: (usize, usize),
    depth: usize,
    (shrink_params, root_params): (&trellis_stark::ProofParams, &trellis_stark::ProofParams),
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(ENTRY_TAG);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(trellis_recursion::program::PROGRAM_VERSION.to_le_bytes());
    h.update(segment_key);
    h.update((shapes.len() as u64).to_le_bytes());
    for s in shapes {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s);
    }
    let key_use = postcard::to_allocvec(key_use).expect("in-memory encoding cannot fail");
    h.update((key_use.len() as u64).to_le_bytes());
    h.update(key_use);
    h.update((arities.0 as u64).to_le_bytes());
    h.update((arities.1 as u64).to_le_bytes());
    h.update((depth as u64).to_le_bytes());
    h.update(postcard::to_allocvec(shrink_params).expect("in-memory encoding cannot fail"));
    h.update(postcard::to_allocvec(root_params).expect("in-memory encoding cannot fail"));
    h.finalize().into()
}
