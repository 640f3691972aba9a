//! Trellis's proof-system boundary: the only crate that names Plonky3 prover internals.
//!
//! - [`config`]: BabyBear / degree-5 extension / Poseidon2 / FRI, and [`ProofParams`] with
//!   [`ProofParams::production`] and [`ProofParams::insecure_test_fast`] (tests only).
//! - [`security`]: every key's proven and conjectured bits, computed by `p3-security` from
//!   the key's AIRs ([`VerifyingKey::security`]); keygen refuses keys below 100 proven bits
//!   unless they use the named test parameters.
//! - [`air`]: the traits a chip implements ([`BaseAir`], [`Air`] over any [`BusBuilder`]),
//!   the [`Bus`] vocabulary for sends / receives / lookups, and [`StarkAir`] for the one
//!   AIR type of a batch ([`DynAir`] holds any [`ChipAir`]).
//! - [`contract`]: every column's declared [`Domain`], checked against the AIR.
//! - [`keygen`] → ([`ProvingKey`], [`VerifyingKey`]); [`prove`] (checks every constraint
//!   and bus first, errors name the AIR / row / bus) or [`prove_unchecked`] → [`Proof`];
//!   [`verify`].
//! - [`row_shape`]: the columns each committed matrix gives one trace row of an AIR (the
//!   segment sizer's memory model).
//! - Files: `to_bytes` / `from_bytes` on keys and proofs, in the project's versioned
//!   envelope ([`PROOF_FILE`], [`VERIFYING_KEY_FILE`], [`PROVING_KEY_FILE`]).
//!
//! Security parameters and the bus-multiplicity bound are explained in `docs/security.md`.

pub mod air;
pub mod config;
pub mod contract;
mod dyn_air;
mod error;
pub mod hash;
mod keys;
mod proof;
mod prove;
mod row_shape;
pub mod security;
mod verify;

pub use air::{Air, BaseAir, Bus, BusBuilder, StarkAir};
pub use config::{Challenge, EXT_DEGREE, FIELD_CHARACTERISTIC, ProofParams, Val};
pub use contract::{ContractViolation, Domain, check_column_contract};
pub use dyn_air::{ChipAir, DynAir, check_air_constraints};
pub use error::{FileError, KeygenError, ProveError, VerifyError};
pub use hash::{BabyBearPoseidon2, Bn254Poseidon2, HashFamily};
pub use keys::{
    KeyPair, PROVING_KEY_FILE, ProvingKey, VERIFYING_KEY_FILE, VerifyingKey, keygen, keygen_bound,
    keygen_with,
};
pub use proof::{PROOF_FILE, Proof};
pub use prove::{check_traces, prove, prove_self_checked, prove_unchecked};
pub use row_shape::{RowShape, row_shape};
pub use security::{REQUIRED_PROVEN_BITS, SecurityLevel};
pub use verify::{check_shape, verify};

/// What chips use to write `eval`, re-exported so chip crates need no Plonky3 dependency.
pub use p3_air::{AirBuilder, WindowAccess};
pub use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
pub use p3_lookup::{Count, InteractionBuilder};
pub use p3_matrix::Matrix;
pub use p3_matrix::dense::RowMajorMatrix;

#[cfg(test)]
mod tests;
