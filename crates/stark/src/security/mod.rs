//! Security computed, not asserted: the soundness of a key, from Plonky3's own calculator
//! (`p3-security` 0.8.0) applied to the key's real shape.
//!
//! Every AIR of the key is read ([`AirShape`]); the batch is described to `p3-security`
//! as one STARK instance at the tallest height the verifier accepts:
//!
//! - FRI: [`p3_security::fri::FriRegime`] mirrors [`ProofParams`]' FRI fields, with its
//!   commit- and query-phase grinding.
//! - [`InstanceShape`]: log2 of the tallest trace; the challenge field's size
//!   (`⌊5·log2 p⌋ = 154` bits); the hash family's digest collision resistance
//!   ([`HashFamily::COLLISION_RESISTANCE_BITS`]: 123 bits for 8 BabyBear elements, 126 for
//!   one BN254 element); and the number of columns batched into the one FRI
//!   instance, summed over the AIRs with `p3_batch_stark::num_batched_openings` (main and
//!   preprocessed columns at each opening point, quotient chunks, LogUp permutation columns
//!   at two points).
//! - [`StarkAirParams`]: every AIR's constraints (LogUp constraints included) counted
//!   together, since each is an identity the composition challenge could miss (the ALI
//!   term is their union bound). All AIRs share one out-of-domain point, so the DEEP
//!   term must bound the chance that *any* AIR's identity vanishes there: its degree input
//!   is `Σ_i max(d_i, c_i + 1) + n − 1` over the `n` AIRs (constraint degree `d_i`,
//!   quotient chunks `c_i`), which makes `p3-security`'s DEEP factor at least the sum of
//!   the AIRs' own factors.
//! - LogUp: [`LogUpAir`] with every bus tuple of every AIR (heights weighted) and the
//!   widest tuple, the width the LogUp challenges are drawn for.
//! - Grinding: out-of-domain, batch-combination and lookup sites in [`GrindingSites`].
//!
//! [`proven_security_report`] gives the unique-decoding and best list-decoding regimes;
//! the proven level is the better of the two. [`conjectured_security_report`] gives the
//! conjectured level. Keys whose proven level is below [`REQUIRED_PROVEN_BITS`] are refused
//! by keygen unless they use [`ProofParams::insecure_test_fast`].

mod report;
mod shape;

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_security::fri::FriRegime;
use p3_security::grinding::GrindingSites;
use p3_security::logup::{LogUpAir, security_term};
use p3_security::report::{Regime as P3Regime, RegimeReport};
use p3_security::shape::{InstanceShape, StarkAirParams};
use p3_security::stark::{conjectured_security_report, proven_security_report};

pub use shape::AirShape;
use shape::air_shapes;

use p3_lookup::{Lookup, Lookups};

use crate::air::StarkAir;
use crate::config::{ProofParams, Val};
use crate::error::{KeygenError, panic_message};
use crate::hash::{BabyBearPoseidon2, HashFamily};

/// The proven security every key must reach (test parameters excepted).
pub const REQUIRED_PROVEN_BITS: f64 = 100.0;

/// `⌊log2 |EF|⌋` for the degree-5 extension of BabyBear (`5·log2 p ≈ 154.54`).
const CHALLENGE_FIELD_BITS: usize = 154;

/// A proximity regime of the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// Proven, unique-decoding radius.
    UniqueDecoding,
    /// Proven, list decoding up to the Johnson bound with proximity parameter `m`.
    ListDecoding {
        /// The proximity parameter `p3-security` picked.
        m: usize,
    },
    /// Conjectured (correlated agreement up to capacity, list size 1).
    Conjectured,
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Regime::UniqueDecoding => write!(f, "unique decoding"),
            Regime::ListDecoding { m } => write!(f, "list decoding, m = {m}"),
            Regime::Conjectured => write!(f, "conjectured"),
        }
    }
}

/// One error source: its `p3-security` label and its bits (`-log2` of its error).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SecurityTerm {
    /// `p3-security`'s label ("low-degree-test", "deep-ali", "batch-combination", ...).
    pub label: &'static str,
    /// Bits of security of this term alone.
    pub bits: f64,
}

/// The terms of one regime; its security is the smallest.
#[derive(Clone, Debug, PartialEq)]
pub struct RegimeBits {
    /// Which regime.
    pub regime: Regime,
    /// Every term, in `p3-security`'s order.
    pub terms: Vec<SecurityTerm>,
}

impl RegimeBits {
    fn from_report(report: &RegimeReport) -> Self {
        let regime = match report.regime {
            P3Regime::UniqueDecoding => Regime::UniqueDecoding,
            P3Regime::ListDecoding { m } => Regime::ListDecoding { m },
            _ => Regime::Conjectured,
        };
        Self {
            regime,
            terms: report
                .terms()
                .iter()
                .map(|t| SecurityTerm {
                    label: t.label,
                    bits: t.bits.bits(),
                })
                .collect(),
        }
    }

    /// The binding (smallest) term.
    pub fn binding(&self) -> SecurityTerm {
        self.terms
            .iter()
            .copied()
            .min_by(|a, b| a.bits.total_cmp(&b.bits))
            .unwrap_or(SecurityTerm {
                label: "none",
                bits: 0.0,
            })
    }

    /// The regime's security in bits.
    pub fn bits(&self) -> f64 {
        self.binding().bits
    }
}

/// The whole batch as `p3-security` sees it (the inputs of the analysis).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchShape {
    /// Number of AIRs.
    pub num_airs: usize,
    /// log2 of the tallest trace: the FRI instance's degree.
    pub log_trace_length: usize,
    /// Sum of the main trace widths.
    pub main_columns: usize,
    /// Constraints of all AIRs together (the ALI term's count).
    pub num_constraints: usize,
    /// Largest constraint degree of any AIR.
    pub max_constraint_degree: usize,
    /// The DEEP term's degree input, the union over AIRs (see the module docs).
    pub deep_degree: usize,
    /// Largest quotient chunk count of any AIR.
    pub num_quotient_chunks: usize,
    /// Columns batched into the one FRI instance.
    pub batched_openings: usize,
    /// Bus tuples per row of the tallest height (lower AIRs weighted by their height).
    pub lookup_tuples: usize,
    /// Widest bus tuple.
    pub max_tuple_width: usize,
}

impl BatchShape {
    /// Aggregates the AIR shapes (see the module docs for each rule).
    pub fn from_airs(airs: &[AirShape]) -> Self {
        let log_trace_length = airs.iter().map(|a| a.log_height).max().unwrap_or(0);
        // Σ tuples_i · 2^(h_i − h), rounded up: N = Σ tuples_i · 2^h_i ≤ this · 2^h.
        let weighted: f64 = airs
            .iter()
            .map(|a| {
                a.num_lookup_tuples as f64
                    * 2f64.powi(a.log_height as i32 - log_trace_length as i32)
            })
            .sum();
        let deep: usize = airs
            .iter()
            .map(|a| a.max_constraint_degree.max(a.num_quotient_chunks + 1))
            .sum();
        Self {
            num_airs: airs.len(),
            log_trace_length,
            main_columns: airs.iter().map(|a| a.main_width).sum(),
            num_constraints: airs.iter().map(|a| a.num_constraints).sum(),
            max_constraint_degree: airs
                .iter()
                .map(|a| a.max_constraint_degree)
                .max()
                .unwrap_or(0),
            deep_degree: (deep + airs.len()).saturating_sub(1).max(1),
            num_quotient_chunks: airs
                .iter()
                .map(|a| a.num_quotient_chunks)
                .max()
                .unwrap_or(1),
            batched_openings: airs.iter().map(|a| a.batched_openings).sum(),
            lookup_tuples: weighted.ceil() as usize,
            max_tuple_width: airs.iter().map(|a| a.max_tuple_width).max().unwrap_or(0),
        }
    }
}

/// A key's security: proven (better of unique and list decoding) and conjectured bits,
/// every term of every regime, and the shape they were computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityLevel {
    /// Proven bits: the better of the unique- and list-decoding regimes.
    pub proven_bits: f64,
    /// The regime [`SecurityLevel::proven_bits`] comes from.
    pub proven_regime: Regime,
    /// Proven, unique decoding.
    pub unique_decoding: RegimeBits,
    /// Proven, the best list-decoding proximity parameter (none for degenerate shapes).
    pub list_decoding: Option<RegimeBits>,
    /// Conjectured.
    pub conjectured: RegimeBits,
    /// The parameters analysed.
    pub params: ProofParams,
    /// The batch as analysed.
    pub shape: BatchShape,
    /// Every AIR's shape.
    pub airs: Vec<AirShape>,
}

impl SecurityLevel {
    /// Runs `p3-security` on `airs` under `params`, for proofs of the default hash family
    /// ([`BabyBearPoseidon2`]).
    pub fn compute(params: &ProofParams, airs: Vec<AirShape>) -> Self {
        Self::compute_for::<BabyBearPoseidon2>(params, airs)
    }

    /// Runs `p3-security` on `airs` under `params`, for proofs hashed with the family `H`
    /// (its digests' collision resistance is a term of the analysis).
    pub fn compute_for<H: HashFamily>(params: &ProofParams, airs: Vec<AirShape>) -> Self {
        let shape = BatchShape::from_airs(&airs);
        let regime = FriRegime {
            log_blowup: params.log_blowup,
            num_queries: params.num_queries,
            log_final_poly_len: params.log_final_poly_len,
            max_log_arity: params.max_log_arity,
            commit_pow_bits: params.commit_pow_bits,
            query_pow_bits: params.query_pow_bits,
        };
        let air = StarkAirParams {
            num_constraints: shape.num_constraints,
            max_constraint_degree: shape.deep_degree,
            num_quotient_chunks: shape.num_quotient_chunks.next_power_of_two(),
            // Columns are opened at `zeta` and `zeta·g` (LogUp traces always are).
            max_combo: 2,
        };
        let instance = InstanceShape {
            log_trace_length: shape.log_trace_length,
            modulus_bits: CHALLENGE_FIELD_BITS,
            collision_resistance: H::COLLISION_RESISTANCE_BITS,
            num_batched_functions: shape.batched_openings.max(1),
        };
        let grinding = GrindingSites {
            out_of_domain: params.ood_pow_bits,
            batch_combination: params.batch_pow_bits,
            lookup_challenge: params.lookup_pow_bits,
        };
        let logup = LogUpAir {
            num_interactions: shape.lookup_tuples,
            max_message_width: shape.max_tuple_width,
        };
        let extras: Vec<_> = security_term(&logup, &instance, &grinding)
            .into_iter()
            .collect();
        let proven = proven_security_report(&regime, &air, &instance, &extras, &grinding);
        let conjectured = conjectured_security_report(&regime, &air, &instance, &extras, &grinding);
        let unique_decoding = RegimeBits::from_report(&proven.udr);
        let list_decoding = proven.ldr.as_ref().map(RegimeBits::from_report);
        let (proven_bits, proven_regime) = match &list_decoding {
            Some(l) if l.bits() > unique_decoding.bits() => (l.bits(), l.regime),
            _ => (unique_decoding.bits(), unique_decoding.regime),
        };
        Self {
            proven_bits,
            proven_regime,
            unique_decoding,
            list_decoding,
            conjectured: RegimeBits::from_report(&conjectured),
            params: *params,
            shape,
            airs,
        }
    }

    /// Conjectured bits.
    pub fn conjectured_bits(&self) -> f64 {
        self.conjectured.bits()
    }

    /// Whether the proven level reaches [`REQUIRED_PROVEN_BITS`].
    pub fn meets_requirement(&self) -> bool {
        self.proven_bits >= REQUIRED_PROVEN_BITS
    }
}

/// Computes the security of `airs` at `log_heights` under `params` and refuses it when it
/// is below [`REQUIRED_PROVEN_BITS`] proven, unless `params` are the named test parameters.
pub(crate) fn check_security<A: StarkAir, H: HashFamily>(
    airs: &[A],
    log_heights: &[usize],
    lookups: &[Lookups<Val>],
    params: &ProofParams,
) -> Result<SecurityLevel, KeygenError> {
    let lookups: Vec<&[Lookup<Val>]> = lookups.iter().map(|l| &**l).collect();
    let shapes = catch_unwind(AssertUnwindSafe(|| air_shapes(airs, log_heights, &lookups)))
        .map_err(|p| KeygenError::Backend(panic_message(&*p)))?;
    let level = SecurityLevel::compute_for::<H>(params, shapes);
    if !level.meets_requirement() && !params.is_insecure_test_params() {
        return Err(KeygenError::InsufficientSecurity {
            proven_bits: level.proven_bits,
            required: REQUIRED_PROVEN_BITS,
            report: level.report(),
        });
    }
    Ok(level)
}
