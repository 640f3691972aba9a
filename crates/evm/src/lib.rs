//! Ethereum tooling for Trellis (issue 13, the SNARK route to the chain).
//!
//! - [`tools`]: where the pinned tools live (`tools/evm/node_modules`, installed by
//!   `scripts/setup.sh`: npm `solc` and `@foundry-rs/anvil`).
//! - [`solc`]: compiles Solidity with that solc (Node.js runs a small driver),
//!   returning each contract's ABI and bytecode.
//! - [`node`]: [`LocalNode`], an anvil process on loopback, killed on drop.
//! - [`client`]: [`EvmClient`], an async alloy client that deploys, calls and sends
//!   transactions with timeouts, typed errors and decoded revert reasons.
//! - [`groth16`]: a Solidity Groth16 (BN254) verifier generated from an arkworks
//!   verifying key, the calldata encoding of proofs, and an example application.
//! - [`chain`]: the chain proof of a finished run (EVM layer → Groth16 with a SHA-256
//!   commitment), its keys, and `TrellisVerifier.sol` with an example application.

pub mod chain;
pub mod client;
pub mod error;
pub mod groth16;
pub mod node;
pub mod solc;
pub mod tools;

/// The Ethereum address and 32-byte word types of the client's API.
pub use alloy::primitives::{Address, B256};
pub use client::{ClientConfig, Deployment, EvmClient, TxOutcome};
pub use error::{EvmError, Result};
pub use node::LocalNode;
