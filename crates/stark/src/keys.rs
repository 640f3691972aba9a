//! Key generation, the proving and verifying keys, and their files.

use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_air::{Air, BaseAir};
use p3_batch_stark::common::{GlobalPreprocessed, PreprocessedInstanceMeta};
use p3_batch_stark::{CommonData, ProverData};
use p3_field::PrimeField32;
use p3_lookup::{InteractionSymbolicBuilder, LookupError, Lookups, check_bus_widths};
use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use trellis_isa::container::FileKind;
use trellis_isa::payload::decode_exact;

use crate::air::{StarkAir, fingerprint};
use crate::config::{Challenge, ProofParams, Val};
use crate::error::{FileError, KeygenError, hex, panic_message};
use crate::hash::{BabyBearPoseidon2, Commitment, HashFamily};
use crate::security::{SecurityLevel, check_security};

/// The envelope of a verifying-key file.
pub const VERIFYING_KEY_FILE: FileKind = FileKind {
    name: "Trellis verifying key",
    magic: *b"TRLSVK\0\0",
    // 2: keys bind extra bytes (the program binding) into the digest, and ProofParams
    // gained the batch and out-of-domain grinding sites. 3: the degree-5 challenge field.
    // 4: the digest names the hash family.
    version: 4,
};
/// The envelope of a proving-key file.
pub const PROVING_KEY_FILE: FileKind = FileKind {
    name: "Trellis proving key",
    magic: *b"TRLSPK\0\0",
    // 3: the degree-5 challenge field. 4: the digest names the hash family.
    version: 4,
};

/// Where one AIR's preprocessed trace sits in the global preprocessed commitment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
struct PreprocessedMeta {
    /// Index of the AIR.
    air: usize,
    /// Width of its preprocessed trace.
    width: usize,
    /// log2 of its height (which is also the main trace's height).
    log_height: usize,
}

/// The serializable part of a verifying key: everything that is not derived from the
/// AIRs' code.
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
pub(crate) struct KeyData<H: HashFamily> {
    pub(crate) params: ProofParams,
    preprocessed_commitment: Option<Commitment<H>>,
    preprocessed: Vec<PreprocessedMeta>,
    /// Opaque bytes the caller binds into the digest ([`keygen_bound`]).
    binding: Vec<u8>,
    pub(crate) digest: [u8; 32],
}

impl<H: HashFamily> Clone for KeyData<H> {
    fn clone(&self) -> Self {
        Self {
            params: self.params,
            preprocessed_commitment: self.preprocessed_commitment.clone(),
            preprocessed: self.preprocessed.clone(),
            binding: self.binding.clone(),
            digest: self.digest,
        }
    }
}

/// What the key digest covers (hashed with SHA-256 after postcard encoding).
#[derive(Serialize)]
#[serde(bound = "")]
struct DigestInput<'a, H: HashFamily> {
    tag: &'static str,
    /// [`HashFamily::NAME`].
    hash: &'static str,
    params: &'a ProofParams,
    airs: &'a [AirSummary],
    preprocessed_commitment: &'a Option<Commitment<H>>,
    preprocessed: &'a [PreprocessedMeta],
    binding: &'a [u8],
}

/// The code-derived description of one AIR, recomputed whenever a key is loaded.
#[derive(Serialize)]
struct AirSummary {
    name: String,
    width: usize,
    num_public_values: usize,
    preprocessed_width: usize,
    main_next_row_columns: Vec<usize>,
    preprocessed_next_row_columns: Vec<usize>,
    max_constraint_degree: Option<usize>,
    periodic_columns: Vec<Vec<u32>>,
    /// SHA-256 of the constraint-and-interaction fingerprint.
    fingerprint: [u8; 32],
}

fn summarize<A: StarkAir>(air: &A) -> AirSummary {
    AirSummary {
        name: air.name(),
        width: <A as BaseAir<Val>>::width(air),
        num_public_values: <A as BaseAir<Val>>::num_public_values(air),
        preprocessed_width: <A as BaseAir<Val>>::preprocessed_width(air),
        main_next_row_columns: <A as BaseAir<Val>>::main_next_row_columns(air),
        preprocessed_next_row_columns: <A as BaseAir<Val>>::preprocessed_next_row_columns(air),
        max_constraint_degree: <A as BaseAir<Val>>::max_constraint_degree(air),
        periodic_columns: <A as BaseAir<Val>>::periodic_columns(air)
            .iter()
            .map(|c| c.iter().map(|v| v.as_canonical_u32()).collect())
            .collect(),
        fingerprint: Sha256::digest(fingerprint(air)).into(),
    }
}

fn compute_digest<H: HashFamily>(
    params: &ProofParams,
    airs: &[AirSummary],
    preprocessed_commitment: &Option<Commitment<H>>,
    preprocessed: &[PreprocessedMeta],
    binding: &[u8],
) -> [u8; 32] {
    let input = DigestInput::<H> {
        tag: "trellis-stark key v2",
        hash: H::NAME,
        params,
        airs,
        preprocessed_commitment,
        preprocessed,
        binding,
    };
    let bytes = postcard::to_allocvec(&input).expect("postcard encoding to memory cannot fail");
    Sha256::digest(bytes).into()
}

/// Hides an AIR's preprocessed trace, so lookups can be derived on the verifier side,
/// which knows the preprocessed commitment but not the trace.
#[derive(Clone)]
struct WithoutPreprocessedTrace<'a, A>(&'a A);

impl<A: BaseAir<Val>> BaseAir<Val> for WithoutPreprocessedTrace<'_, A> {
    fn width(&self) -> usize {
        self.0.width()
    }
    fn preprocessed_width(&self) -> usize {
        self.0.preprocessed_width()
    }
    fn num_periodic_columns(&self) -> usize {
        self.0.num_periodic_columns()
    }
    fn periodic_columns(&self) -> std::borrow::Cow<'_, [Vec<Val>]> {
        self.0.periodic_columns()
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        self.0.main_next_row_columns()
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        self.0.preprocessed_next_row_columns()
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        self.0.max_constraint_degree()
    }
    fn num_public_values(&self) -> usize {
        self.0.num_public_values()
    }
}

impl<A: Air<InteractionSymbolicBuilder<Val, Challenge>>>
    Air<InteractionSymbolicBuilder<Val, Challenge>> for WithoutPreprocessedTrace<'_, A>
{
    fn eval(&self, builder: &mut InteractionSymbolicBuilder<Val, Challenge>) {
        self.0.eval(builder);
    }
}

/// The data for proving: the AIRs (with their preprocessed traces), the committed
/// preprocessed traces, and the verifying key's content.
///
/// `H` is the hash family of the proofs it makes ([`crate::hash`]; the default for every
/// layer but the last).
pub struct ProvingKey<A, H: HashFamily = BabyBearPoseidon2> {
    pub(crate) airs: Vec<A>,
    pub(crate) names: Vec<String>,
    pub(crate) config: H::Cfg,
    pub(crate) prover_data: ProverData<H::Cfg>,
    pub(crate) data: KeyData<H>,
    pub(crate) security: SecurityLevel,
}

/// The data for verifying: the AIRs (only their constraints are used), the commitment to
/// the preprocessed traces, the parameters, and the key digest binding them.
///
/// `H` is the hash family of the proofs it checks.
pub struct VerifyingKey<A, H: HashFamily = BabyBearPoseidon2> {
    pub(crate) airs: Vec<A>,
    pub(crate) names: Vec<String>,
    pub(crate) config: H::Cfg,
    pub(crate) common: CommonData<H::Cfg>,
    pub(crate) data: KeyData<H>,
    pub(crate) security: SecurityLevel,
}

/// A proving key and its verifying key, as keygen returns them.
pub type KeyPair<A, H = BabyBearPoseidon2> = (ProvingKey<A, H>, VerifyingKey<A, H>);

/// Checks the AIR set and commits to its preprocessed traces.
///
/// Every AIR's preprocessed trace (`BaseAir::preprocessed_trace`, e.g. a program table)
/// is committed here; the verifying key holds the commitment, so a proof about another
/// program (another preprocessed trace), another AIR set or other parameters never
/// verifies with it. AIRs with a preprocessed trace must later be proven with traces of
/// exactly that height.
pub fn keygen<A: StarkAir>(
    airs: Vec<A>,
    params: &ProofParams,
) -> Result<(ProvingKey<A>, VerifyingKey<A>), KeygenError> {
    keygen_bound(airs, params, &[])
}

/// [`keygen`], with `binding` (opaque bytes, e.g. what a program's identity covers
/// beyond its AIRs: its entry pc and initial memory) hashed into the key digest. The
/// keys store the bytes ([`VerifyingKey::binding`]); the digest, which seeds the
/// Fiat–Shamir transcript, covers them, so a key whose binding was edited fails to load
/// and a proof made under another binding never verifies.
pub fn keygen_bound<A: StarkAir>(
    airs: Vec<A>,
    params: &ProofParams,
    binding: &[u8],
) -> Result<(ProvingKey<A>, VerifyingKey<A>), KeygenError> {
    keygen_with::<A, BabyBearPoseidon2>(airs, params, binding)
}

/// [`keygen_bound`] for proofs hashed with the family `H` (e.g. [`crate::Bn254Poseidon2`]
/// for the EVM-facing last layer). The family's name is part of the key digest.
pub fn keygen_with<A: StarkAir, H: HashFamily>(
    airs: Vec<A>,
    params: &ProofParams,
    binding: &[u8],
) -> Result<KeyPair<A, H>, KeygenError> {
    params.validate().map_err(KeygenError::InvalidParams)?;
    let names = check_airs(&airs)?;

    // Preprocessed traces: shapes.
    let mut preprocessed = Vec::new();
    let mut log_heights = Vec::with_capacity(airs.len());
    for (i, air) in airs.iter().enumerate() {
        let declared = <A as BaseAir<Val>>::preprocessed_width(air);
        let trace: Option<RowMajorMatrix<Val>> = <A as BaseAir<Val>>::preprocessed_trace(air);
        let bad = |problem: String| KeygenError::Preprocessed {
            air: names[i].clone(),
            problem,
        };
        match trace {
            Some(t) if t.width() > 0 => {
                if t.width() != declared {
                    return Err(bad(format!(
                        "has {} columns but preprocessed_width() says {declared}",
                        t.width()
                    )));
                }
                let h = t.height();
                if !h.is_power_of_two() {
                    return Err(bad(format!("height {h} is not a power of two")));
                }
                let log_h = h.trailing_zeros() as usize;
                if log_h > params.max_log_trace_height || log_h < params.min_log_trace_height() {
                    return Err(bad(format!(
                        "height 2^{log_h} is outside the allowed 2^{}..=2^{}",
                        params.min_log_trace_height(),
                        params.max_log_trace_height
                    )));
                }
                preprocessed.push(PreprocessedMeta {
                    air: i,
                    width: declared,
                    log_height: log_h,
                });
                log_heights.push(log_h);
            }
            _ if declared > 0 => {
                return Err(bad(format!(
                    "is missing although preprocessed_width() says {declared}"
                )));
            }
            _ => log_heights.push(params.max_log_trace_height),
        }
    }

    let config = H::make_config(params, &[0; 32]);
    let prover_data = catch_unwind(AssertUnwindSafe(|| {
        H::prover_data(&config, &airs, &log_heights)
    }))
    .map_err(|p| KeygenError::Backend(panic_message(&*p)))?
    .map_err(KeygenError::Backend)?;
    let security =
        check_security::<A, H>(&airs, &log_heights, &prover_data.common.lookups, params)?;

    let commitment = prover_data
        .common
        .preprocessed
        .as_ref()
        .map(|g| g.commitment.clone());
    let summaries: Vec<AirSummary> = airs.iter().map(summarize).collect();
    let digest = compute_digest::<H>(params, &summaries, &commitment, &preprocessed, binding);
    let data = KeyData {
        params: *params,
        preprocessed_commitment: commitment,
        preprocessed,
        binding: binding.to_vec(),
        digest,
    };
    let config = H::make_config(params, &digest);
    let common = CommonData::new(
        clone_global::<H>(prover_data.common.preprocessed.as_ref()),
        prover_data.common.lookups.clone(),
    );
    let vk = VerifyingKey {
        airs: airs.clone(),
        names: names.clone(),
        config: config.clone(),
        common,
        data: data.clone(),
        security: security.clone(),
    };
    let pk = ProvingKey {
        airs,
        names,
        config,
        prover_data,
        data,
        security,
    };
    Ok((pk, vk))
}

fn clone_global<H: HashFamily>(
    g: Option<&GlobalPreprocessed<H::Cfg>>,
) -> Option<GlobalPreprocessed<H::Cfg>> {
    g.map(|g| GlobalPreprocessed {
        commitment: g.commitment.clone(),
        instances: g.instances.clone(),
        matrix_to_instance: g.matrix_to_instance.clone(),
    })
}

/// Names, uniqueness, boundary I/O and bus widths: everything checkable from the AIR code.
fn check_airs<A: StarkAir>(airs: &[A]) -> Result<Vec<String>, KeygenError> {
    if airs.is_empty() {
        return Err(KeygenError::NoAirs);
    }
    let names: Vec<String> = airs.iter().map(StarkAir::name).collect();
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(KeygenError::DuplicateName(n.clone()));
        }
    }
    for (air, name) in airs.iter().zip(&names) {
        if !<A as BaseAir<Val>>::public_boundary_io(air).is_empty() {
            return Err(KeygenError::BoundaryIo { air: name.clone() });
        }
    }
    let lookups = catch_unwind(AssertUnwindSafe(|| {
        airs.iter()
            .map(|a| Lookups::<Val>::from_air::<Challenge, A>(a))
            .collect::<Vec<_>>()
    }))
    .map_err(|p| KeygenError::Backend(panic_message(&*p)))?;
    match check_bus_widths(&lookups) {
        Ok(_) => {}
        Err(LookupError::BusWidthMismatch {
            bus,
            expected,
            actual,
        }) => {
            return Err(KeygenError::BusWidth {
                bus,
                expected,
                actual,
            });
        }
        Err(e) => return Err(KeygenError::Backend(e.to_string())),
    }
    Ok(names)
}

impl<A: StarkAir, H: HashFamily> ProvingKey<A, H> {
    /// The parameters proofs are made with.
    pub fn params(&self) -> &ProofParams {
        &self.data.params
    }

    /// The AIRs, in proving order.
    pub fn airs(&self) -> &[A] {
        &self.airs
    }

    /// The key digest (shared with the verifying key).
    pub fn digest(&self) -> [u8; 32] {
        self.data.digest
    }

    /// The bytes bound into the digest at keygen ([`keygen_bound`]; empty for [`keygen`]).
    pub fn binding(&self) -> &[u8] {
        &self.data.binding
    }

    /// Proven and conjectured security of proofs made with this key, computed by
    /// `p3-security` from its AIRs at the largest shape the verifier accepts.
    pub fn security(&self) -> &SecurityLevel {
        &self.security
    }

    /// The verifying key's serializable content (for writing it without a `VerifyingKey`).
    pub fn verifying_key_bytes(&self) -> Vec<u8> {
        VERIFYING_KEY_FILE.seal(&encode(&self.data))
    }

    /// Serializes the key. Reading it back needs the same AIRs: see [`ProvingKey::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        PROVING_KEY_FILE.seal(&encode(&self.data))
    }

    /// [`ProvingKey::from_bytes`] for a key of the family `H` (the family is part of
    /// the digest, so a key of another family fails to load).
    pub fn from_family_bytes(bytes: &[u8], airs: Vec<A>) -> Result<Self, FileError> {
        let data: KeyData<H> = decode(PROVING_KEY_FILE, bytes)?;
        let (pk, _) = keygen_with::<A, H>(airs, &data.params, &data.binding)?;
        if pk.data.digest != data.digest {
            return Err(FileError::KeyMismatch {
                kind: "proving key",
                expected: hex(&pk.data.digest),
                found: hex(&data.digest),
            });
        }
        // Parts the digest does not cover as stored bytes (the preprocessed
        // commitment and shapes are rebuilt): the file must hold exactly them.
        if encode(&pk.data) != encode(&data) {
            return Err(FileError::Edited {
                kind: "proving key",
            });
        }
        Ok(pk)
    }
}

impl<A: StarkAir, H: HashFamily> VerifyingKey<A, H> {
    /// The parameters proofs are checked against.
    pub fn params(&self) -> &ProofParams {
        &self.data.params
    }

    /// The AIRs, in proving order.
    pub fn airs(&self) -> &[A] {
        &self.airs
    }

    /// The AIR names, in proving order.
    pub fn air_names(&self) -> &[String] {
        &self.names
    }

    /// Per AIR, in proving order, the log2 height fixed by its preprocessed trace (a
    /// proof must have that height), or `None` where the prover chooses the height.
    pub fn fixed_log_heights(&self) -> Vec<Option<usize>> {
        let mut fixed = vec![None; self.airs.len()];
        for meta in &self.data.preprocessed {
            fixed[meta.air] = Some(meta.log_height);
        }
        fixed
    }

    /// Plonky3's common verifier data: the global preprocessed commitment and where each
    /// AIR's preprocessed trace sits in it, and every AIR's lookups. For verifiers written
    /// outside this crate (`trellis-recursion`); [`crate::verify`] is the reference.
    pub fn common_data(&self) -> &p3_batch_stark::CommonData<H::Cfg> {
        &self.common
    }

    /// The key digest: a hash of the parameters, every AIR's shape, constraints and bus
    /// interactions, the preprocessed commitment and the binding. It seeds the Fiat–Shamir transcript.
    pub fn digest(&self) -> [u8; 32] {
        self.data.digest
    }

    /// The bytes bound into the digest at keygen ([`keygen_bound`]; empty for [`keygen`]).
    pub fn binding(&self) -> &[u8] {
        &self.data.binding
    }

    /// Proven and conjectured security of proofs checked with this key, computed by
    /// `p3-security` from its AIRs at the largest shape the verifier accepts.
    pub fn security(&self) -> &SecurityLevel {
        &self.security
    }

    /// Serializes the key (parameters, preprocessed commitment, binding, digest).
    pub fn to_bytes(&self) -> Vec<u8> {
        VERIFYING_KEY_FILE.seal(&encode(&self.data))
    }

    /// [`VerifyingKey::from_bytes`] for a key of the family `H` (the family is part of
    /// the digest, so a key of another family fails to load).
    pub fn from_family_bytes(bytes: &[u8], airs: Vec<A>) -> Result<Self, FileError> {
        let data: KeyData<H> = decode(VERIFYING_KEY_FILE, bytes)?;
        data.params.validate().map_err(KeygenError::InvalidParams)?;
        let names = check_airs(&airs)?;
        let summaries: Vec<AirSummary> = airs.iter().map(summarize).collect();
        let digest = compute_digest::<H>(
            &data.params,
            &summaries,
            &data.preprocessed_commitment,
            &data.preprocessed,
            &data.binding,
        );
        let mismatch = || FileError::KeyMismatch {
            kind: "verifying key",
            expected: hex(&digest),
            found: hex(&data.digest),
        };
        if digest != data.digest {
            return Err(mismatch());
        }
        // The preprocessed metadata must describe the AIRs it is loaded with.
        let mut log_heights = vec![data.params.max_log_trace_height; airs.len()];
        let mut instances = vec![None; airs.len()];
        let mut matrix_to_instance = Vec::new();
        for (matrix_index, meta) in data.preprocessed.iter().enumerate() {
            let fits = meta.air < airs.len()
                && instances[meta.air].is_none()
                && meta.width > 0
                && meta.width == <A as BaseAir<Val>>::preprocessed_width(&airs[meta.air])
                && meta.log_height <= data.params.max_log_trace_height
                && matrix_to_instance
                    .last()
                    .is_none_or(|&last| last < meta.air);
            if !fits {
                return Err(mismatch());
            }
            log_heights[meta.air] = meta.log_height;
            instances[meta.air] = Some(PreprocessedInstanceMeta {
                matrix_index,
                width: meta.width,
                degree_bits: meta.log_height,
            });
            matrix_to_instance.push(meta.air);
        }
        let declared_prep = airs
            .iter()
            .filter(|a| <A as BaseAir<Val>>::preprocessed_width(*a) > 0)
            .count();
        if declared_prep != data.preprocessed.len()
            || data.preprocessed_commitment.is_some() == data.preprocessed.is_empty()
        {
            return Err(mismatch());
        }
        let config = H::make_config(&data.params, &data.digest);
        let hidden: Vec<WithoutPreprocessedTrace<'_, A>> =
            airs.iter().map(WithoutPreprocessedTrace).collect();
        let lookups = catch_unwind(AssertUnwindSafe(|| {
            H::prover_data(&config, &hidden, &log_heights)
        }))
        .map_err(|p| KeygenError::Backend(panic_message(&*p)))?
        .map_err(KeygenError::Backend)?
        .common
        .lookups;
        let security = check_security::<A, H>(&airs, &log_heights, &lookups, &data.params)?;
        let global = data
            .preprocessed_commitment
            .clone()
            .map(|commitment| GlobalPreprocessed {
                commitment,
                instances,
                matrix_to_instance,
            });
        Ok(Self {
            airs,
            names,
            config,
            common: CommonData::new(global, lookups),
            data,
            security,
        })
    }
}

impl<A: StarkAir> ProvingKey<A> {
    /// Rebuilds a proving key for `airs` from a file, re-running keygen with the file's
    /// parameters and checking that the result matches the file's digest.
    pub fn from_bytes(bytes: &[u8], airs: Vec<A>) -> Result<Self, FileError> {
        Self::from_family_bytes(bytes, airs)
    }
}

impl<A: StarkAir> VerifyingKey<A> {
    /// Loads a verifying key for `airs`. The AIRs need not carry their preprocessed
    /// traces (the file has their commitment); everything derived from the AIRs is
    /// recomputed and must hash to the file's digest.
    pub fn from_bytes(bytes: &[u8], airs: Vec<A>) -> Result<Self, FileError> {
        Self::from_family_bytes(bytes, airs)
    }
}

#[cfg(test)]
impl<A: StarkAir, H: HashFamily> VerifyingKey<A, H> {
    /// This key's file with `params` in place of its own and a matching digest, as
    /// anyone holding the AIRs could write it.
    pub(crate) fn file_with_params(&self, params: ProofParams) -> Vec<u8> {
        let summaries: Vec<AirSummary> = self.airs.iter().map(summarize).collect();
        let mut data = self.data.clone();
        data.params = params;
        data.digest = compute_digest::<H>(
            &params,
            &summaries,
            &data.preprocessed_commitment,
            &data.preprocessed,
            &data.binding,
        );
        VERIFYING_KEY_FILE.seal(&encode(&data))
    }
}

fn encode<H: HashFamily>(data: &KeyData<H>) -> Vec<u8> {
    postcard::to_allocvec(data).expect("postcard encoding to memory cannot fail")
}

fn decode<H: HashFamily>(kind: FileKind, bytes: &[u8]) -> Result<KeyData<H>, FileError> {
    let payload = kind.open(bytes)?;
    decode_exact(payload, "key").map_err(|source| FileError::Decode {
        kind: kind.name,
        source,
    })
}
