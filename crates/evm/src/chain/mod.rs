//! The chain proof: what a contract checks for a finished run.
//!
//! The route (docs/evm.md): the aggregation root is re-proven by the EVM layer
//! ([`trellis_recursion::aggregate::EvmLayerKeys`], a STARK hashed over BN254), whose proof
//! a Groth16 circuit ([`trellis_snark::ChainProofCircuit`]) verifies; the circuit's only
//! public statement is the SHA-256 chain commitment of the program id, the exit code and
//! the public output, which [`contracts`]' `TrellisVerifier` recomputes on chain.
//!
//! - [`keys`]: [`ChainKeys`], the circuit's Groth16 setup and proving.
//! - [`setup`]: the Groth16 setup from the circuit's constraint matrices.
//! - [`matrices`]: their compact encoding, kept with the keys.
//! - [`key_layout`]: a serialized key's layout checked before arkworks reads it.
//! - [`proof`]: [`ChainProof`], the 260 bytes a contract takes.
//! - [`contracts`]: `TrellisVerifier.sol` and the example application.
//! - [`onchain`]: deploying them and submitting chain proofs.

pub mod contracts;
pub mod key_layout;
pub mod keys;
pub mod matrices;
pub mod memory;
pub mod onchain;
pub mod proof;
pub mod setup;

pub use contracts::{
    CHAIN_GROTH16_VERIFIER_NAME, TRELLIS_APP_NAME, TRELLIS_VERIFIER_NAME, chain_sources,
};
pub use key_layout::{KeyKind, check_key_layout};
pub use keys::{ChainKeys, LayerVerifyingKey};
pub use matrices::{decode_matrices, encode_matrices};
pub use memory::release_freed_memory;
pub use onchain::{
    ChainContracts, RunVerified, Submission, chain_errors_abi, compile_chain_contracts,
    deploy_chain_contracts, submit_call_data, submit_chain_proof, with_chain_errors,
};
pub use proof::{CHAIN_PROOF_LEN, ChainProof};
