//! The one error type of `trellis-evm`.

use std::path::PathBuf;
use std::time::Duration;

use alloy::primitives::{Address, B256};

/// Everything that can go wrong while compiling, starting a node, or talking to a chain.
#[derive(Debug, thiserror::Error)]
pub enum EvmError {
    /// A pinned EVM tool (node, solc, anvil) is not installed where it is looked for.
    #[error("{tool} not found at {}: run `bash scripts/setup.sh` (or set TRELLIS_EVM_TOOLS to the folder holding node_modules)", path.display())]
    ToolMissing {
        /// Which tool.
        tool: &'static str,
        /// Where it was looked for.
        path: PathBuf,
    },
    /// Running a tool or reading a file failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The Solidity compiler reported errors.
    #[error("Solidity compilation failed:\n{0}")]
    Compile(String),
    /// The compiler's output could not be understood.
    #[error("unexpected Solidity compiler output: {0}")]
    CompilerOutput(String),
    /// The local node did not start.
    #[error("anvil did not start: {0}")]
    NodeStart(String),
    /// An RPC URL that does not parse.
    #[error("invalid RPC URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The node could not be reached (connection refused, DNS, HTTP failure).
    #[error("node at {url} unreachable: {reason}")]
    Unreachable {
        /// The node's URL.
        url: String,
        /// The transport's message.
        reason: String,
    },
    /// A request got no answer in time.
    #[error("{what} timed out after {after:?} (node at {url})")]
    Timeout {
        /// The request.
        what: String,
        /// The node's URL.
        url: String,
        /// The time waited.
        after: Duration,
    },
    /// The node serves another chain than the caller expects.
    #[error(
        "wrong chain: expected chain id {expected}, the node at {url} serves chain id {actual}"
    )]
    WrongChainId {
        /// The chain id the caller asked for.
        expected: u64,
        /// The chain id the node reports.
        actual: u64,
        /// The node's URL.
        url: String,
    },
    /// A contract address that holds no code.
    #[error("no contract code at {address}")]
    NoCode {
        /// The address.
        address: Address,
    },
    /// A call or transaction reverted.
    #[error("reverted: {reason}")]
    Reverted {
        /// The decoded revert reason (`Error(string)`, a panic code, or a custom error).
        reason: String,
        /// The raw revert data.
        data: alloy::primitives::Bytes,
        /// The transaction, when one was mined.
        tx_hash: Option<B256>,
    },
    /// Any other error answered by the node.
    #[error("{what} failed: {reason}")]
    Rpc {
        /// The request.
        what: String,
        /// The node's message.
        reason: String,
    },
    /// Bad input to this crate (a key, proof or argument that cannot be encoded).
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

/// `Result` with [`EvmError`].
pub type Result<T, E = EvmError> = std::result::Result<T, E>;
