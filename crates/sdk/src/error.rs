//! The SDK's error type: every failure a user can meet, with its cause.

use std::path::PathBuf;
use thiserror::Error;

/// Anything that can go wrong between a guest source and a finished run.
#[derive(Debug, Error)]
pub enum SdkError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The configuration cannot be read or built (boxed: it is large and rare).
    #[error(transparent)]
    Config(Box<crate::config::ConfigError>),
    /// A key was made for a VM with other extensions.
    #[error(
        "{path}: key was made for a VM with extensions [{}], but this configuration has [{}]; use the configuration the key was made with",
        key.join(", "), current.join(", ")
    )]
    ConfigMismatch {
        /// The key file.
        path: PathBuf,
        /// The extensions recorded in the key.
        key: Vec<String>,
        /// The extensions of the VM it is loaded for.
        current: Vec<String>,
    },
    /// Building the guest failed.
    #[error(transparent)]
    Build(#[from] crate::build::BuildError),
    /// The ELF could not be transpiled.
    #[error("{path}: {source}")]
    Transpile {
        /// The ELF.
        path: PathBuf,
        /// Why.
        source: trellis_transpiler::TranspileError,
    },
    /// A program file is malformed.
    #[error(transparent)]
    ProgramFile(#[from] trellis_isa::ProgramFileError),
    /// The VM configuration is inconsistent.
    #[error(transparent)]
    VmBuild(#[from] trellis_vm::VmBuildError),
    /// The program cannot run on this VM.
    #[error(transparent)]
    PreDecode(#[from] trellis_vm::PreDecodeError),
    /// The run stopped with an error.
    #[error(transparent)]
    Exec(#[from] trellis_vm::ExecError),
    /// A key or proof file is malformed, corrupted or for something else.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Key generation, proving or verification failed.
    #[error(transparent)]
    Proof(#[from] trellis_vm::prove::ProofError),
    /// The memory budget cannot hold even one segment.
    #[error(
        "memory budget of {} MiB is too small: proving needs at least {} MiB here (set --segment-max-memory higher)",
        budget >> 20,
        needed >> 20
    )]
    MemoryBudget {
        /// The budget, bytes.
        budget: u64,
        /// What proving needs at least, bytes.
        needed: u64,
    },
    /// A shape catalog that does not fit the key, or a proof not made at its shapes.
    #[error("shape catalog: {0}")]
    ShapeCatalog(String),
    /// Aggregating segment proofs, or verifying an aggregated proof, failed (the
    /// message names the node or check).
    #[error("aggregation: {0}")]
    Aggregation(String),
    /// One segment's proof does not verify.
    #[error("segment {index}: {source}")]
    SegmentRejected {
        /// The segment, counted from 0.
        index: usize,
        /// Why its proof was rejected (boxed: it is large and rare).
        source: Box<trellis_vm::prove::ProofError>,
    },
    /// The segment proofs do not chain into one run.
    #[error("segment chain: {0}")]
    Chain(String),
    /// The chain proof (EVM layer, Groth16) could not be made or does not verify.
    #[error("chain proof: {0}")]
    ChainProof(String),
    /// A chain (node, contract, transaction) error.
    #[error(transparent)]
    Evm(#[from] trellis_evm::EvmError),
    /// The proof is for another program (another program id).
    #[error(
        "proof rejected: it is for program {claimed}, but the verifying key is for program {expected}"
    )]
    ProgramMismatch {
        /// The verifying key's program id.
        expected: trellis_vm::ProgramId,
        /// The program id the proof names.
        claimed: trellis_vm::ProgramId,
    },
    /// The proof is for another program's entry point.
    #[error(
        "proof claims entry pc {claimed:#010x}, but the verifying key's program starts at {expected:#010x}"
    )]
    EntryMismatch {
        /// From the key.
        expected: u32,
        /// From the proof.
        claimed: u32,
    },
    /// An output path names one of the command's inputs.
    #[error(
        "{output}: {option} names {input}; writing it would destroy it (choose another output path)"
    )]
    OutputIsInput {
        /// The output path.
        output: PathBuf,
        /// The option that named it (e.g. `-o`).
        option: String,
        /// Which input it is.
        input: String,
    },
    /// The work directory is not one this prover made, and holds files.
    #[error(
        "work directory {path}: it holds files that Trellis did not write ({sample}); refusing to use it (its files would be removed). Choose an empty or new directory with --work-dir"
    )]
    WorkDirNotOurs {
        /// The directory.
        path: PathBuf,
        /// Some of its entries.
        sample: String,
    },
    /// Another prover holds the work directory.
    #[error(
        "work directory {path} is in use by another prover ({holder}); wait for it to finish or choose another --work-dir / -o"
    )]
    WorkDirLocked {
        /// The directory.
        path: PathBuf,
        /// Who holds it, as it wrote in the lock file.
        holder: String,
    },
    /// The work directory's manifest cannot be read.
    #[error(
        "work directory {path}: manifest.json is unreadable ({reason}); Trellis will not guess what the directory holds. Remove the directory to start over"
    )]
    WorkDirManifest {
        /// The directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The verifying key was made with the insecure test parameters and the
    /// caller did not allow them ([`crate::VerifyOptions`]).
    #[error(
        "the verifying key was made with INSECURE test parameters ({summary}); a proof checked \
         with it proves nothing. Allow them explicitly to check it anyway \
         (trellis verify --allow-insecure-test-params)"
    )]
    InsecureKey {
        /// The key's security, one line.
        summary: String,
    },
}

impl From<crate::config::ConfigError> for SdkError {
    fn from(e: crate::config::ConfigError) -> Self {
        Self::Config(Box::new(e))
    }
}
