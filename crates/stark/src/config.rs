//! The one proof-system configuration Trellis uses, and its security parameters.
//!
//! - Base field: BabyBear, `p = 2^31 - 2^27 + 1`.
//! - Challenge field: the degree-4 binomial extension of BabyBear (`|EF| = p^4 ≈ 2^123.6`).
//! - Hash: Poseidon2 over BabyBear, width 16, with Plonky3's fixed default round constants.
//!   Rows are hashed with a padding-free sponge (rate 8, 8-element digests), Merkle nodes
//!   with a truncated permutation (2-to-1 compression), and Fiat–Shamir runs on a duplex
//!   sponge over the same permutation.
//! - DFT: `Radix2DitParallel`.
//! - PCS: two-adic FRI ([`p3_fri::TwoAdicFriPcs`]) with the parameters of [`ProofParams`].
//!
//! The Rust types are fixed; only [`ProofParams`] varies at run time. Which parameters a
//! key was made with is part of the key (and of its digest), so a proof made under one set
//! never verifies under another.

use p3_baby_bear::{BabyBear, Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_challenger::{CanObserve, DuplexChallenger};
use p3_commit::ExtensionMmcs;
use p3_dft::Radix2DitParallel;
use p3_field::extension::BinomialExtensionField;
use p3_field::{Field, PrimeCharacteristicRing};
use p3_fri::{FriParameters, TwoAdicFriPcs};
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{PaddingFreeSponge, TruncatedPermutation};
use p3_uni_stark::StarkConfig;
use serde::{Deserialize, Serialize};

/// The base field every trace lives in.
pub type Val = BabyBear;
/// The field challenges are drawn from: BabyBear's degree-4 binomial extension.
pub type Challenge = BinomialExtensionField<Val, 4>;

type Perm = Poseidon2BabyBear<16>;
type Hash = PaddingFreeSponge<Perm, 16, 8, 8>;
type Compress = TruncatedPermutation<Perm, 2, 8, 16>;
type ValMmcs =
    MerkleTreeMmcs<<Val as Field>::Packing, <Val as Field>::Packing, Hash, Compress, 2, 8>;
type ChallengeMmcs = ExtensionMmcs<Val, Challenge, ValMmcs>;
type Challenger = DuplexChallenger<Val, Perm, 16, 8>;
type Dft = Radix2DitParallel<Val>;
type Pcs = TwoAdicFriPcs<Val, Dft, ValMmcs, ChallengeMmcs>;

/// The Plonky3 STARK configuration type. Only this crate names it; other crates see it as
/// the parameter of the AIR builder types listed in [`crate::StarkAir`].
pub type StarkCfg = StarkConfig<Pcs, Challenge, Challenger>;

/// The BabyBear characteristic `p = 2^31 - 2^27 + 1`.
pub const FIELD_CHARACTERISTIC: u64 = (1 << 31) - (1 << 27) + 1;

/// Number of field elements in a Poseidon2 Merkle digest.
const DIGEST_ELEMS: f64 = 8.0;

/// Everything about a proof that can vary at run time: FRI shape, proof-of-work, and the
/// trace-size bounds the verifier enforces.
///
/// Use [`ProofParams::production`] for anything a user sees. [`ProofParams::insecure_test_fast`]
/// exists so that tests run in milliseconds; it gives essentially no security, which
/// [`ProofParams::is_production_grade`] reports, and a front end must refuse it unless a
/// test explicitly asks for it.
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

/// log2 of the BabyBear characteristic (≈ 30.907).
pub fn log2_field_characteristic() -> f64 {
    (FIELD_CHARACTERISTIC as f64).log2()
}

/// The terms whose minimum is the conjectured security; see [`ProofParams::security_report`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SecurityReport {
    /// FRI query phase: `log_blowup · num_queries + query_pow_bits`.
    pub fri_query_bits: f64,
    /// DEEP / FRI folding challenges: `4·log2(p) − (max_log_trace_height + log_blowup)`.
    pub challenge_field_bits: f64,
    /// LogUp bus argument: `4·log2(p) − max_log_lookup_degree + lookup_pow_bits`.
    pub logup_bits: f64,
    /// Merkle tree collision resistance: `8·log2(p) / 2`.
    pub hash_bits: f64,
}

impl SecurityReport {
    /// The minimum of all terms: the conjectured security level in bits.
    pub fn bits(&self) -> f64 {
        self.fri_query_bits
            .min(self.challenge_field_bits)
            .min(self.logup_bits)
            .min(self.hash_bits)
    }
}

impl ProofParams {
    /// The configuration for real proofs: ≥ 100 bits of conjectured security
    /// (100.6 bits, limited by the challenge field at the maximum trace height).
    pub const fn production() -> Self {
        Self {
            log_blowup: 1,
            num_queries: 100,
            commit_pow_bits: 0,
            query_pow_bits: 16,
            lookup_pow_bits: 14,
            log_final_poly_len: 0,
            max_log_arity: 3,
            max_log_trace_height: 22,
            max_log_lookup_degree: 34,
        }
    }

    /// INSECURE: two FRI queries and no grinding, for tests only (about 3 bits of security).
    ///
    /// The trace-shape bounds match [`ProofParams::production`], so every trace a test
    /// proves with these parameters is also accepted by the production configuration.
    pub const fn insecure_test_fast() -> Self {
        Self {
            num_queries: 2,
            query_pow_bits: 1,
            lookup_pow_bits: 0,
            ..Self::production()
        }
    }

    /// The security estimate's individual terms. The formula is documented in
    /// `docs/security.md`; in short
    ///
    /// ```text
    /// bits = min( log_blowup · num_queries + query_pow_bits,          (FRI queries)
    ///             4·log2(p) − (max_log_trace_height + log_blowup),    (DEEP / folding challenges)
    ///             4·log2(p) − max_log_lookup_degree + lookup_pow_bits, (LogUp)
    ///             8·log2(p) / 2 )                                     (Merkle collisions)
    /// ```
    pub fn security_report(&self) -> SecurityReport {
        let log_p = log2_field_characteristic();
        let ext_bits = 4.0 * log_p;
        SecurityReport {
            fri_query_bits: (self.log_blowup * self.num_queries + self.query_pow_bits) as f64,
            challenge_field_bits: ext_bits - (self.max_log_trace_height + self.log_blowup) as f64,
            logup_bits: ext_bits - self.max_log_lookup_degree as f64 + self.lookup_pow_bits as f64,
            hash_bits: DIGEST_ELEMS * log_p / 2.0,
        }
    }

    /// Conjectured security in bits (the minimum of [`ProofParams::security_report`]'s terms).
    pub fn conjectured_security_bits(&self) -> f64 {
        self.security_report().bits()
    }

    /// Whether these parameters reach the 100-bit floor Trellis promises for real proofs.
    pub fn is_production_grade(&self) -> bool {
        self.conjectured_security_bits() >= 100.0
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
    pub(crate) fn min_log_trace_height(&self) -> usize {
        if self.log_final_poly_len == 0 {
            0
        } else {
            self.log_final_poly_len + 1
        }
    }
}

/// Builds the Plonky3 configuration for `params`, with the Fiat–Shamir transcript seeded
/// by the key digest (so every challenge depends on the AIR set, the parameters and the
/// preprocessed commitment).
pub(crate) fn make_config(params: &ProofParams, key_digest: &[u8; 32]) -> StarkCfg {
    let perm = default_babybear_poseidon2_16();
    let hash = Hash::new(perm.clone());
    let compress = Compress::new(perm.clone());
    let val_mmcs = ValMmcs::new(hash, compress, 0);
    let challenge_mmcs = ChallengeMmcs::new(val_mmcs.clone());
    let fri_params = FriParameters {
        log_blowup: params.log_blowup,
        log_final_poly_len: params.log_final_poly_len,
        max_log_arity: params.max_log_arity,
        num_queries: params.num_queries,
        batch_proof_of_work_bits: 0,
        commit_proof_of_work_bits: params.commit_pow_bits,
        query_proof_of_work_bits: params.query_pow_bits,
        mmcs: challenge_mmcs,
    };
    let pcs = Pcs::new(Dft::default(), val_mmcs, fri_params);
    let mut challenger = Challenger::new(perm);
    // Domain separation: a tag, then the 32-byte key digest as sixteen 16-bit limbs
    // (each fits a BabyBear element exactly, so the encoding is injective).
    for b in *b"trellis-stark-v1" {
        challenger.observe(Val::from_u8(b));
    }
    for limb in key_digest.chunks_exact(2) {
        challenger.observe(Val::from_u16(u16::from_le_bytes([limb[0], limb[1]])));
    }
    StarkCfg::new(pcs, challenger).with_lookup_proof_of_work_bits(params.lookup_pow_bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_reaches_100_bits() {
        let p = ProofParams::production();
        p.validate().unwrap();
        let r = p.security_report();
        assert!(p.conjectured_security_bits() >= 100.0, "{r:?}");
        assert!(p.is_production_grade());
        assert_eq!(r.fri_query_bits, 116.0);
    }

    #[test]
    fn test_params_are_flagged_insecure() {
        let p = ProofParams::insecure_test_fast();
        p.validate().unwrap();
        assert!(!p.is_production_grade());
        assert!(p.conjectured_security_bits() < 10.0);
    }

    #[test]
    fn print_security_numbers() {
        for (name, p) in [
            ("production", ProofParams::production()),
            ("insecure_test_fast", ProofParams::insecure_test_fast()),
        ] {
            println!(
                "{name}: {:.2} bits {:?}",
                p.conjectured_security_bits(),
                p.security_report()
            );
        }
    }
}
