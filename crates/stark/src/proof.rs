//! The proof object, its file format, and the trace-shape bounds shared by prover and
//! verifier.

use p3_batch_stark::BatchProof;
use p3_lookup::{LookupError, Lookups, check_multiplicity_height_bound};
use serde::{Deserialize, Serialize};
use trellis_isa::container::FileKind;
use trellis_isa::payload::decode_exact;

use crate::config::{ProofParams, Val};
use crate::error::FileError;
use crate::hash::{BabyBearPoseidon2, HashFamily};

/// The envelope of a proof file.
pub const PROOF_FILE: FileKind = FileKind {
    name: "Trellis proof",
    magic: *b"TRLSPRF\0",
    // 2: the degree-5 challenge field.
    version: 2,
};

/// A proof for one batch of AIR traces, bound to one verifying key. `H` is the hash family
/// its Merkle trees and transcript use ([`crate::hash`]).
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Proof<H: HashFamily = BabyBearPoseidon2> {
    /// Digest of the verifying key the proof was made for (checked first, for a clear
    /// error; the transcript is seeded with the same digest, which is what binds it).
    pub(crate) key_digest: [u8; 32],
    pub(crate) inner: BatchProof<H::Cfg>,
}

impl<H: HashFamily> std::fmt::Debug for Proof<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proof")
            .field("key_digest", &crate::error::hex(&self.key_digest))
            .field("log_trace_heights", &self.inner.degree_bits)
            .finish_non_exhaustive()
    }
}

impl<H: HashFamily> Proof<H> {
    /// Digest of the key the proof claims to be for.
    pub fn key_digest(&self) -> [u8; 32] {
        self.key_digest
    }

    /// The trace heights (log2), one per AIR, as claimed by the proof.
    pub fn log_trace_heights(&self) -> &[usize] {
        // The prover never enables zero knowledge, so extended degree = trace degree.
        &self.inner.degree_bits
    }

    /// The Plonky3 batch proof inside (commitments, opened values, FRI proof, lookup
    /// terminals, trace heights, grinding witnesses). For verifiers written outside this
    /// crate (`trellis-recursion`).
    pub fn batch_proof(&self) -> &BatchProof<H::Cfg> {
        &self.inner
    }

    /// Assembles a proof from the digest of the key it claims and a batch proof: what
    /// verifiers written outside this crate use to build a proof of a given shape (the
    /// placeholder proofs `trellis-recursion` records its program from). Nothing is
    /// checked here; [`crate::verify`] checks everything.
    pub fn from_parts(key_digest: [u8; 32], inner: BatchProof<H::Cfg>) -> Self {
        Self { key_digest, inner }
    }

    /// Mutable access to the batch proof, for tests that alter proofs on purpose.
    pub fn batch_proof_mut(&mut self) -> &mut BatchProof<H::Cfg> {
        &mut self.inner
    }

    /// Serializes the proof into the versioned proof-file envelope.
    pub fn to_bytes(&self) -> Vec<u8> {
        PROOF_FILE
            .seal(&postcard::to_allocvec(self).expect("postcard encoding to memory cannot fail"))
    }

    /// [`Proof::from_bytes`] for a proof of the family `H`.
    pub fn from_family_bytes(bytes: &[u8]) -> Result<Self, FileError> {
        let payload = PROOF_FILE.open(bytes)?;
        decode_exact(payload, "proof").map_err(|source| FileError::Decode {
            kind: PROOF_FILE.name,
            source,
        })
    }
}

impl Proof {
    /// Reads a proof file. Only the envelope and the encoding are checked here;
    /// [`crate::verify`] checks everything else.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FileError> {
        Self::from_family_bytes(bytes)
    }
}

/// The LogUp degree of a batch: `Σ_AIR height · Σ_tuples (width + 1)` over every
/// lookup tuple (global and local). It bounds the degree of the rational identity the bus
/// argument checks; `docs/security.md` explains why it is bounded.
pub(crate) fn lookup_degree(lookups: &[Lookups<Val>], log_heights: &[usize]) -> u128 {
    lookups
        .iter()
        .zip(log_heights)
        .map(|(air, &log_h)| {
            let per_row: u128 = air
                .iter()
                .flat_map(|l| l.elements.iter())
                .map(|t| t.len() as u128 + 1)
                .sum();
            per_row << log_h
        })
        .sum()
}

/// The two bus bounds the verifier enforces on trace heights:
///
/// 1. multiplicities cannot wrap: `Σ_AIR height · (Σ per-row count bounds) < p`;
/// 2. the LogUp degree is at most `2^max_log_lookup_degree`.
///
/// `log_heights` must be in range already (≤ `max_log_trace_height`).
pub(crate) fn check_bus_bounds(
    params: &ProofParams,
    lookups: &[Lookups<Val>],
    log_heights: &[usize],
) -> Result<(), String> {
    debug_assert_eq!(lookups.len(), log_heights.len());
    let heights: Vec<usize> = log_heights.iter().map(|&b| 1usize << b).collect();
    match check_multiplicity_height_bound(lookups, &heights) {
        Ok(()) => {}
        Err(LookupError::MultiplicityHeightBoundExceeded {
            weighted_height_sum,
            ..
        }) => {
            return Err(format!(
                "the per-row multiplicity bounds times the trace heights sum to {weighted_height_sum}, \
                 which reaches the field characteristic p = 2013265921 (a multiplicity could wrap around)"
            ));
        }
        Err(e) => return Err(e.to_string()),
    }
    let degree = lookup_degree(lookups, log_heights);
    if degree > 1u128 << params.max_log_lookup_degree {
        return Err(format!(
            "the LogUp degree Σ height·(tuple width + 1) is {degree}, above the key's bound 2^{}",
            params.max_log_lookup_degree
        ));
    }
    Ok(())
}
