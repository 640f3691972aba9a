//! Groth16 over BN254 on the EVM: a Solidity verifier generated from an arkworks
//! verifying key ([`verifier_source`]), the calldata layout of proofs and public
//! inputs ([`encode_proof`], [`encode_public_inputs`], [`call_data`]), and an
//! example application contract built on the verifier ([`example_app_source`]).
//!
//! The verifier checks `e(A, B) · e(C, −δ) · e(α, −β) · e(L, −γ) = 1` with
//! `L = IC₀ + Σ inputᵢ · ICᵢ₊₁`, through the precompiles of EIP-196 (0x06 add,
//! 0x07 mul) and EIP-197 (0x08 pairing). The precompiles reject coordinates not
//! below the base field modulus and points off the curve (or, in G2, outside the
//! subgroup); the contract rejects public inputs not below the scalar field modulus.

mod app;
mod encode;
mod solidity;

pub use app::{EXAMPLE_APP_NAME, example_app_source};
pub use encode::{
    call_data, encode_proof, encode_public_inputs, fq_to_u256, fr_to_u256, function_selector,
    g1_words, g2_words,
};
pub use solidity::{VERIFY_FUNCTION, verifier_source};

/// BN254's base field modulus p (coordinates of curve points are below it).
pub const BASE_FIELD_MODULUS: &str =
    "21888242871839275222246405745257275088696311157297823662689037894645226208583";

/// BN254's scalar field modulus r (public inputs must be below it).
pub const SCALAR_FIELD_MODULUS: &str =
    "21888242871839275222246405745257275088548364400416034343698204186575808495617";
