//! The STARK verifier of Trellis segment proofs, written once over a backend.
//!
//! "One verifier, two backends": [`verify_with`] runs the whole verification of a
//! `trellis_stark::Proof` (transcript, Merkle paths, FRI, the batched DEEP openings,
//! constraints at the out-of-domain point, LogUp, proof-of-work) as calls on a
//! [`VerifierBackend`]. [`NativeBackend`] computes on BabyBear values: [`verify_native`]
//! is a host verifier that must agree with `trellis_stark::verify` on every proof.
//! [`RecordingBackend`] turns the same calls into the recursion program ([`Program`], a
//! straight-line sequence of [`ir::Op`]s over witness slots), from the key and the trace
//! heights alone ([`record_program`]); [`interpreter::execute`] runs it on a proof's
//! inputs and must accept exactly what [`verify_native`] accepts. [`CountingBackend`]
//! counts the calls; [`ProgramStats`] measures a program.
//!
//! - [`backend`]: the operations; [`native`], [`counting`], [`recording`]: backends.
//! - [`ir`], [`program`]: the recursion program; [`placeholder`]: the zero proof it is
//!   recorded on; [`inputs`], [`interpreter`]: running it; [`stats`]: its sizes.
//! - [`family`]: what the verifier reads from proofs of each hash family; [`hash`]: the
//!   family's digests, hashing and transcript on a backend ([`hash::VerifierHash`]).
//! - [`transcript`]: the Fiat–Shamir transcript; [`seeds`]: the constants it absorbs first.
//! - [`merkle`]: authentication paths; [`pcs`], [`opening`], [`fri`]: the
//!   opening argument; [`points`]: domain points from index bits.
//! - [`constraints`], [`ood`], [`lookups`]: the check at the out-of-domain point.
//! - [`verifier`]: the order of it all.
//! - [`air`]: the recursion circuit, tables that prove an execution of a program.
//! - [`aggregate`]: leaves and internal nodes of the aggregation tree, and the root checks.

#![warn(missing_docs)]

pub mod aggregate;
pub mod air;
pub mod backend;
pub mod constraints;
pub mod counting;
mod error;
pub mod family;
pub mod fri;
pub mod hash;
pub mod inputs;
pub mod interpreter;
pub mod ir;
pub mod lookups;
pub mod merkle;
pub mod native;
pub mod ood;
pub mod opening;
pub mod pcs;
pub mod placeholder;
pub mod points;
pub mod program;
pub mod recording;
pub mod seeds;
pub mod stats;
pub mod transcript;
pub mod verifier;

pub use backend::VerifierBackend;
pub use counting::{CountingBackend, OpCounts};
pub use error::RecursionVerifyError;
pub use inputs::ProgramInputs;
pub use interpreter::{Execution, execute, verify_by_program};
pub use native::NativeBackend;
pub use program::{Program, record_program, record_with_proof};
pub use recording::RecordingBackend;
pub use stats::ProgramStats;
pub use verifier::{KeyInputs, PreparedKey, verify_with, verify_with_publics};

use trellis_stark::{Proof, StarkAir, Val, VerifyingKey};

use crate::family::VerifierFamily;
use crate::hash::VerifierHash;

/// Verifies `proof` against `vk` and the claimed `public_values` (one vector per AIR)
/// with the generic verifier on concrete values, for a key and proof of any hash family
/// the native backend hashes with (both of Trellis's).
pub fn verify_native<A: StarkAir, H: VerifierFamily>(
    vk: &VerifyingKey<A, H>,
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
) -> Result<(), RecursionVerifyError>
where
    NativeBackend: VerifierHash<H>,
{
    let key = PreparedKey::new(vk)?;
    verify_prepared(&key, proof, public_values)
}

/// [`verify_native`] with a key prepared once ([`PreparedKey::new`]) for many proofs.
pub fn verify_prepared<A: StarkAir, H: VerifierFamily>(
    key: &PreparedKey<'_, A, H>,
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
) -> Result<(), RecursionVerifyError>
where
    NativeBackend: VerifierHash<H>,
{
    let mut b = NativeBackend::new();
    verify_with::<H, _, _>(&mut b, key, proof, public_values)?;
    if b.failures().is_empty() {
        Ok(())
    } else {
        Err(RecursionVerifyError::Rejected(b.failures().to_vec()))
    }
}
