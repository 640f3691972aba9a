//! Errors of keygen, proving, verification and (de)serialization.

use thiserror::Error;
use trellis_isa::container::ContainerError;
use trellis_isa::payload::PayloadError;

/// Why [`crate::keygen`] refused an AIR set.
#[derive(Debug, Error)]
pub enum KeygenError {
    /// The parameters cannot be run by the backend.
    #[error("invalid proof parameters: {0}")]
    InvalidParams(String),
    /// No AIRs were given.
    #[error("keygen needs at least one AIR")]
    NoAirs,
    /// Two AIRs share a name, so errors could not say which one failed.
    #[error("two AIRs are named {0:?}; AIR names must be unique")]
    DuplicateName(String),
    /// A preprocessed trace's shape is unusable.
    #[error("AIR {air:?}: preprocessed trace {problem}")]
    Preprocessed {
        /// The AIR's name.
        air: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The AIR lists public boundary cells, which the batch prover does not bind.
    #[error(
        "AIR {air:?} declares public boundary I/O cells; bind public values with constraints instead"
    )]
    BoundaryIo {
        /// The AIR's name.
        air: String,
    },
    /// Interactions on one bus disagree on the tuple width.
    #[error(
        "bus {bus:?}: tuples of width {expected} and {actual}; every interaction on a bus must send the same number of fields"
    )]
    BusWidth {
        /// The bus.
        bus: String,
        /// Width seen first.
        expected: usize,
        /// Width that disagrees.
        actual: usize,
    },
    /// The parameters give this AIR set less proven security than required, and they are
    /// not the named test parameters ([`crate::ProofParams::insecure_test_fast`]).
    #[error(
        "these parameters give {proven_bits:.1} bits of proven security for this AIR set \
         (p3-security 0.8.0), below the required {required:.0}; use ProofParams::production()\n{report}"
    )]
    InsufficientSecurity {
        /// Proven bits (better of unique and list decoding).
        proven_bits: f64,
        /// The requirement ([`crate::REQUIRED_PROVEN_BITS`]).
        required: f64,
        /// The full p3-security report.
        report: String,
    },
    /// The backend rejected the AIR set (message from Plonky3).
    #[error("proof backend rejected the AIR set: {0}")]
    Backend(String),
}

/// Why [`crate::prove`] refused to produce a proof.
#[derive(Debug, Error)]
pub enum ProveError {
    /// Wrong number of traces or public-value vectors.
    #[error("expected {expected} {what} (one per AIR), got {got}")]
    Count {
        /// "traces" or "public-value vectors".
        what: &'static str,
        /// Number of AIRs in the key.
        expected: usize,
        /// Number given.
        got: usize,
    },
    /// A trace's shape does not fit its AIR or the parameters.
    #[error("AIR {air:?}: {problem}")]
    Shape {
        /// The AIR's name.
        air: String,
        /// What is wrong.
        problem: String,
    },
    /// The traces are too tall for the LogUp multiplicity or degree bound.
    #[error("trace heights exceed the bus bound: {0}")]
    BusBound(String),
    /// A constraint does not hold on a row.
    #[error("AIR {air:?}: constraint #{constraint}{} fails on row {row}", label.as_ref().map(|l| format!(" ({l})")).unwrap_or_default())]
    Constraint {
        /// The AIR's name.
        air: String,
        /// The first failing row.
        row: usize,
        /// Index of the constraint in the AIR's evaluation order.
        constraint: usize,
        /// The constraint's label, when it was asserted with one.
        label: Option<String>,
    },
    /// A bus does not balance: some tuple's multiplicities do not cancel.
    #[error(
        "bus {bus:?} does not balance: tuple {tuple:?} has net multiplicity {net} ({})",
        describe_sites(sent, received)
    )]
    UnbalancedBus {
        /// The bus name (or "local lookup N of AIR ..." for an intra-AIR lookup).
        bus: String,
        /// The tuple whose multiplicities do not cancel (canonical values).
        tuple: Vec<u32>,
        /// Its net multiplicity (sends and lookups count positive, receives and provides negative).
        net: i64,
        /// The first (AIR, row) sending or looking the tuple up, if any.
        sent: Option<(String, usize)>,
        /// The first (AIR, row) receiving or providing the tuple, if any.
        received: Option<(String, usize)>,
    },
    /// The backend failed (message from Plonky3).
    #[error("proof backend failed: {0}")]
    Backend(String),
    /// The proof just made does not verify although every constraint and bus check
    /// passes ([`crate::prove_self_checked`]): a bug in Trellis, never in its input.
    #[error("internal error: the proof just made does not verify, yet every trace check passes")]
    SelfCheck,
}

/// Why [`crate::verify`] rejected a proof.
#[derive(Debug, Error)]
pub enum VerifyError {
    /// The proof names another verifying key.
    #[error("proof was made for verifying key {found}, not {expected}")]
    KeyMismatch {
        /// This key's digest (hex).
        expected: String,
        /// The digest in the proof (hex).
        found: String,
    },
    /// The proof's shape does not fit the key (counts, heights, bounds).
    #[error("malformed proof: {0}")]
    Shape(String),
    /// The public values do not fit the key.
    #[error("AIR {air:?} expects {expected} public values, got {got}")]
    PublicValues {
        /// The AIR's name.
        air: String,
        /// Declared count.
        expected: usize,
        /// Given count.
        got: usize,
    },
    /// The proof is well formed but false: an opening, a constraint or a bus check failed.
    #[error("proof rejected: {0}")]
    Rejected(String),
}

/// Why a key or proof file could not be read.
#[derive(Debug, Error)]
pub enum FileError {
    /// The envelope (magic, version, length, checksum) is wrong.
    #[error(transparent)]
    Container(#[from] ContainerError),
    /// The payload is not exactly one canonical encoding (it does not
    /// decode, has trailing bytes, or spells a value in a non-canonical way).
    #[error("{kind} file: {source}")]
    Decode {
        /// What kind of file.
        kind: &'static str,
        /// What is wrong with the payload.
        source: PayloadError,
    },
    /// The key file does not match the AIRs and parameters it is being loaded with.
    #[error(
        "{kind} was made for another AIR set or configuration, or its content was edited (digest {found}, expected {expected})"
    )]
    KeyMismatch {
        /// What kind of key.
        kind: &'static str,
        /// Digest recomputed from the AIRs (hex).
        expected: String,
        /// Digest in the file (hex).
        found: String,
    },
    /// The key's digest matches, but the file holds other content than the
    /// key rebuilt from its parameters and AIRs.
    #[error("{kind} file was edited: it differs from the key its parameters and AIRs rebuild")]
    Edited {
        /// What kind of key.
        kind: &'static str,
    },
    /// Rebuilding the key from the AIRs failed.
    #[error(transparent)]
    Keygen(#[from] KeygenError),
}

fn describe_sites(sent: &Option<(String, usize)>, received: &Option<(String, usize)>) -> String {
    let site = |verb: &str, s: &Option<(String, usize)>| match s {
        Some((air, row)) => format!("{verb} first by AIR {air:?} row {row}"),
        None => format!("never {verb}"),
    };
    format!("{}; {}", site("sent", sent), site("received", received))
}

/// Formats a panic payload caught by `catch_unwind`.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
