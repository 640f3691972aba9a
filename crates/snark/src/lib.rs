//! R1CS building blocks (arkworks, Groth16 over BN254) for a circuit that verifies a
//! Trellis STARK proof whose Merkle trees and Fiat–Shamir run on Poseidon2 over BN254's
//! scalar field (Plonky3's multi-field sponge and challenger), while the trace field stays
//! BabyBear and challenges live in its degree-5 extension (`X⁵ = 2`).
//!
//! Every gadget computes exactly what the Plonky3 0.8.0 native code computes; the tests
//! compare them value for value:
//!
//! | gadget | native counterpart |
//! | --- | --- |
//! | [`gadgets::BabyBearVar`] | `p3_baby_bear::BabyBear` arithmetic |
//! | [`gadgets::Ext5Var`] | `BinomialExtensionField<BabyBear, 5>` arithmetic |
//! | [`gadgets::poseidon2_permute`] | [`poseidon2_bn254()`] (`Poseidon2Bn254<3>`, HorizenLabs constants) |
//! | [`gadgets::hash_babybears`] | `MultiField32PaddingFreeSponge<BabyBear, Bn254, _, 3, 2, 1>` |
//! | [`gadgets::compress`] | `TruncatedPermutation<_, 2, 1, 3>` |
//! | [`gadgets::ChallengerVar`] | `MultiField32Challenger<BabyBear, Bn254, _, 3, 2>` |
//!
//! Circuit variables live in [`Fr`] (BN254's scalar field); [`convert`] moves values between
//! Plonky3's [`p3_bn254::Bn254`] and arkworks' [`Fr`].

pub mod backend;
mod backend_hash;
pub mod circuit;
pub mod convert;
pub mod error;
pub mod evm_circuit;
pub mod gadgets;

pub use ark_bn254::Fr;
pub use backend::R1csBackend;
pub use circuit::StarkVerifierCircuit;
pub use error::SnarkError;
pub use evm_circuit::{ChainProofCircuit, commitment_inputs};
/// The native permutation the gadgets match (it lives with the BN254 hash family).
pub use trellis_stark::hash::poseidon2_bn254::{self, Poseidon2Bn254Perm, poseidon2_bn254};
