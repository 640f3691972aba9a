//! The one proof-system configuration Trellis uses, and its security parameters.
//!
//! - Base field: BabyBear, `p = 2^31 - 2^27 + 1`.
//! - Challenge field: the degree-5 binomial extension of BabyBear (`X⁵ = 2`,
//!   `|EF| = p^5 ≈ 2^154.5`). Degree 5 rather than 4 because list decoding needs the room:
//!   at 123-bit challenges `p3-security` proves recursion keys only in unique decoding
//!   (≤ 1 bit per query); at 154 bits list decoding holds (≈ `log_blowup / 2` bits per
//!   query), which halves the queries of every layer (docs/security.md).
//! - Hash: a [`crate::HashFamily`]: Poseidon2 over BabyBear (every layer up to the root) or
//!   over BN254 (the last layer, for the EVM); see [`crate::hash`].
//! - DFT: `Radix2DitParallel`.
//! - PCS: two-adic FRI ([`p3_fri::TwoAdicFriPcs`]) with the parameters of [`ProofParams`].
//!
//! The field types are fixed; the hash family is a type parameter of keys and proofs, and
//! [`ProofParams`] varies at run time. Which parameters a
//! key was made with is part of the key (and of its digest), so a proof made under one set
//! never verifies under another.

use p3_field::extension::BinomialExtensionField;
use serde::{Deserialize, Serialize};

pub use crate::hash::BabyBearCfg;

/// The base field every trace lives in.
pub type Val = p3_baby_bear::BabyBear;
/// The field challenges are drawn from: BabyBear's degree-5 binomial extension.
pub type Challenge = BinomialExtensionField<Val, EXT_DEGREE>;

/// Degree of [`Challenge`] over [`Val`].
pub const EXT_DEGREE: usize = 5;

/// The Plonky3 STARK configuration type of the default hash family
/// ([`crate::BabyBearPoseidon2`]). Only this crate and `trellis-recursion` name it.
pub type StarkCfg = BabyBearCfg;

/// The BabyBear characteristic `p = 2^31 - 2^27 + 1`.
pub const FIELD_CHARACTERISTIC: u64 = (1 << 31) - (1 << 27) + 1;

/// Everything about a proof that can vary at run time: FRI shape, proof-of-work at every
/// grinding site Plonky3 offers, and the trace-size bounds the verifier enforces.
///
/// Use [`ProofParams::production`] for anything a user sees. [`ProofParams::insecure_test_fast`]
/// exists so that tests run in milliseconds; it gives essentially no security. How many
/// bits a parameter set gives depends on the AIRs it is used with, so it is computed per
/// key ([`crate::VerifyingKey::security`]); keygen refuses parameters below
/// [`crate::security::REQUIRED_PROVEN_BITS`] proven bits unless they are exactly
/// [`ProofParams::insecure_test_fast`] ([`ProofParams::is_insecure_test_params`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProofParams {
    /// log2 of the FRI blowup factor (the inverse code rate).
    pub log_blowup: usize,
    /// Number of FRI query repetitions.
    pub num_queries: usize,
    /// Proof-of-work bits ground before each FRI commit-phase folding challenge.
    pub commit_pow_bits: usize,
    /// Proof-of-work bits ground before the FRI query indices are drawn.
    pub query_pow_bits: usize,
    /// Proof-of-work bits ground before the challenge that batches every opened column
    /// into the one FRI instance (`FriParameters::batch_proof_of_work_bits`).
    pub batch_pow_bits: usize,
    /// Proof-of-work bits ground before the DEEP out-of-domain point is drawn
    /// (`StarkConfig::with_ood_proof_of_work_bits`).
    pub ood_pow_bits: usize,
    /// Proof-of-work bits ground before the LogUp challenges are drawn.
    pub lookup_pow_bits: usize,
    /// log2 of the length of the final FRI polynomial (sent in the clear).
    pub log_final_poly_len: usize,
    /// log2 of the largest FRI folding arity.
    pub max_log_arity: usize,
    /// Every trace (and preprocessed trace) must have at most `2^max_log_trace_height` rows.
    /// The verifier rejects a proof claiming a taller one.
    pub max_log_trace_height: usize,
    /// Bound on the LogUp "degree" of a proof: the sum over AIRs of
    /// `height × Σ_tuples (tuple width + 1)`. The verifier rejects proofs exceeding
    /// `2^max_log_lookup_degree`; see `docs/security.md`.
    pub max_log_lookup_degree: usize,
}

impl ProofParams {
    /// The configuration for real proofs: ≥ 100 bits *proven* (p3-security 0.8.0, list
    /// decoding) for every built-in VM configuration at the largest shape the verifier
    /// accepts; `docs/security.md` has the reports and why these values.
    pub const fn production() -> Self {
        Self {
            log_blowup: 1,
            num_queries: 161,
            commit_pow_bits: 5,
            query_pow_bits: 20,
            batch_pow_bits: 16,
            ood_pow_bits: 8,
            lookup_pow_bits: 15,
            log_final_poly_len: 0,
            max_log_arity: 3,
            max_log_trace_height: 22,
            max_log_lookup_degree: 34,
        }
    }

    /// INSECURE: two FRI queries and no grinding, for tests only (a few bits of security).
    ///
    /// The trace-shape bounds match [`ProofParams::production`], so every trace a test
    /// proves with these parameters is also accepted by the production configuration.
    /// Keygen accepts these (and only these) below the required security; front ends
    /// refuse keys made with them unless told otherwise by name.
    pub const fn insecure_test_fast() -> Self {
        let p = Self::production();
        Self {
            log_blowup: 1,
            num_queries: 2,
            commit_pow_bits: 0,
            query_pow_bits: 1,
            batch_pow_bits: 0,
            ood_pow_bits: 0,
            lookup_pow_bits: 0,
            log_final_poly_len: p.log_final_poly_len,
            max_log_arity: p.max_log_arity,
            max_log_trace_height: p.max_log_trace_height,
            max_log_lookup_degree: p.max_log_lookup_degree,
        }
    }

    /// Whether these are [`ProofParams::insecure_test_fast`], up to the shape of the FRI
    /// folding (final polynomial length, largest arity): the query count, blowup and
    /// grinding that make them insecure are exactly the test ones. A layer whose
    /// production parameters fold differently (the EVM layer's long final polynomial) is
    /// tested with the same folding.
    pub fn is_insecure_test_params(&self) -> bool {
        let t = Self::insecure_test_fast();
        Self {
            log_final_poly_len: t.log_final_poly_len,
            max_log_arity: t.max_log_arity,
            ..*self
        } == t
    }

    /// The test parameters folded like `self`: [`ProofParams::insecure_test_fast`] with
    /// `self`'s final polynomial length and largest arity.
    pub const fn insecure_test_fast_folding_like(&self) -> Self {
        Self {
            log_final_poly_len: self.log_final_poly_len,
            max_log_arity: self.max_log_arity,
            ..Self::insecure_test_fast()
        }
    }

    /// Rejects parameter sets the backend cannot run (before any key is made).
    pub fn validate(&self) -> Result<(), String> {
        let two_adicity = 27; // BabyBear: p - 1 = 2^27 · 15
        if self.log_blowup == 0 {
            return Err("log_blowup must be at least 1".into());
        }
        if self.num_queries == 0 {
            return Err("num_queries must be at least 1".into());
        }
        if self.max_log_arity == 0 || self.max_log_arity > 4 {
            return Err("max_log_arity must be between 1 and 4".into());
        }
        if self.max_log_trace_height + self.log_blowup > two_adicity {
            return Err(format!(
                "max_log_trace_height {} + log_blowup {} exceeds BabyBear's two-adicity {two_adicity}",
                self.max_log_trace_height, self.log_blowup
            ));
        }
        if self.log_final_poly_len >= self.max_log_trace_height {
            return Err("log_final_poly_len must be below max_log_trace_height".into());
        }
        for (name, bits) in [
            ("commit_pow_bits", self.commit_pow_bits),
            ("query_pow_bits", self.query_pow_bits),
            ("batch_pow_bits", self.batch_pow_bits),
            ("ood_pow_bits", self.ood_pow_bits),
            ("lookup_pow_bits", self.lookup_pow_bits),
        ] {
            if bits > 30 {
                return Err(format!("{name} = {bits} is more than 30"));
            }
        }
        if self.max_log_lookup_degree > 60 {
            return Err("max_log_lookup_degree must be at most 60".into());
        }
        Ok(())
    }

    /// Smallest trace height (log2) accepted: FRI sends a final polynomial of
    /// `2^log_final_poly_len` coefficients, so every trace must be taller than that.
    pub fn min_log_trace_height(&self) -> usize {
        if self.log_final_poly_len == 0 {
            0
        } else {
            self.log_final_poly_len + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parameter_sets_are_runnable_and_share_shape_bounds() {
        let (p, t) = (ProofParams::production(), ProofParams::insecure_test_fast());
        p.validate().unwrap();
        t.validate().unwrap();
        assert_eq!(p.max_log_trace_height, t.max_log_trace_height);
        assert_eq!(p.max_log_lookup_degree, t.max_log_lookup_degree);
        assert_eq!(p.log_final_poly_len, t.log_final_poly_len);
        assert!(t.is_insecure_test_params());
        assert!(!p.is_insecure_test_params());
        let nearly = ProofParams {
            num_queries: 3,
            ..ProofParams::insecure_test_fast()
        };
        assert!(!nearly.is_insecure_test_params());
        let folded = ProofParams {
            log_final_poly_len: 9,
            ..p
        }
        .insecure_test_fast_folding_like();
        assert!(folded.is_insecure_test_params());
        assert_eq!(folded.log_final_poly_len, 9);
        folded.validate().unwrap();
    }

    #[test]
    fn validate_bounds_every_grinding_site() {
        for set in [
            |p: &mut ProofParams| p.batch_pow_bits = 31,
            |p: &mut ProofParams| p.ood_pow_bits = 31,
            |p: &mut ProofParams| p.commit_pow_bits = 31,
        ] {
            let mut p = ProofParams::production();
            set(&mut p);
            assert!(p.validate().is_err());
        }
    }
}
