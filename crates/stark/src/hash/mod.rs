//! Which hash commits a proof's traces and runs its Fiat–Shamir transcript.
//!
//! Everything else about a proof is shared by every family: the field (BabyBear), the
//! challenge field (its degree-5 extension), FRI and its parameters, and the AIRs. Two
//! families exist:
//!
//! - [`BabyBearPoseidon2`] (the default, every layer up to the root): Poseidon2-16 over
//!   BabyBear, 8-element digests, a duplex sponge over the same permutation. Cheap to hash
//!   natively and inside the recursion VM.
//! - [`Bn254Poseidon2`] (the last layer, made for the EVM): Poseidon2-3 over the BN254
//!   scalar field, one-element digests, Plonky3's `MultiField32` sponge and challenger
//!   (BabyBear values packed into BN254 elements). Cheap to hash inside a BN254 pairing
//!   SNARK, which is what verifies this layer on a chain.
//!
//! [`HashFamily`] holds the family's Plonky3 configuration type and the few calls into
//! Plonky3 that need it concretely (prover data, prove, verify), so the rest of the crate is
//! generic over the family with a single bound.

mod babybear;
mod bn254;
pub mod poseidon2_bn254;
mod poseidon2_bn254_constants;

pub use babybear::{BabyBearCfg, BabyBearPoseidon2};
pub use bn254::{Bn254Cfg, Bn254Poseidon2};

use p3_air::Air;
use p3_batch_stark::{BatchProof, CommonData, ProverData};
use p3_lookup::InteractionSymbolicBuilder;
use p3_matrix::dense::RowMajorMatrix;
use p3_uni_stark::StarkGenericConfig;

use crate::air::StarkAir;
use crate::config::{Challenge, ProofParams, Val};

/// A proof's Merkle and Fiat–Shamir hash, with its Plonky3 configuration type.
///
/// Implemented by [`BabyBearPoseidon2`] and [`Bn254Poseidon2`] only.
pub trait HashFamily: Sized + Send + Sync + 'static {
    /// The Fiat–Shamir challenger.
    type Challenger: p3_challenger::FieldChallenger<Val>
        + p3_challenger::GrindingChallenger<Witness = Val>
        + Clone
        + Send
        + Sync;
    /// The polynomial commitment scheme (FRI over this family's Merkle trees).
    type Pcs: p3_commit::Pcs<
            Challenge,
            Self::Challenger,
            Domain = p3_field::coset::TwoAdicMultiplicativeCoset<Val>,
            Commitment: Send + Sync,
            ProverData: Send + Sync,
        > + Send
        + Sync;
    /// The Plonky3 configuration made of the two.
    type Cfg: StarkGenericConfig<Challenge = Challenge, Challenger = Self::Challenger, Pcs = Self::Pcs>
        + Send
        + Sync;

    /// The family's name, bound into every key digest (so a key of one family never
    /// loads as a key of the other).
    const NAME: &'static str;

    /// Collision resistance of the family's Merkle digests in bits (a term of the
    /// security report).
    const COLLISION_RESISTANCE_BITS: usize;

    /// The configuration for `params`, with the transcript seeded by the key digest.
    fn make_config(params: &ProofParams, key_digest: &[u8; 32]) -> Self::Cfg;

    /// Plonky3's prover data for `airs` at `log_heights` (commits the preprocessed traces).
    fn prover_data<A>(
        config: &Self::Cfg,
        airs: &[A],
        log_heights: &[usize],
    ) -> Result<ProverData<Self::Cfg>, String>
    where
        A: Air<InteractionSymbolicBuilder<Val, Challenge>>;

    /// Runs Plonky3's batch prover (panics inside it are the caller's to catch).
    fn prove<A: StarkAir>(
        config: &Self::Cfg,
        airs: &[A],
        traces: &[RowMajorMatrix<Val>],
        public_values: &[Vec<Val>],
        prover_data: &ProverData<Self::Cfg>,
    ) -> Result<BatchProof<Self::Cfg>, String>;

    /// Runs Plonky3's batch verifier (panics inside it are the caller's to catch).
    fn verify<A: StarkAir>(
        config: &Self::Cfg,
        airs: &[A],
        proof: &BatchProof<Self::Cfg>,
        public_values: &[Vec<Val>],
        common: &CommonData<Self::Cfg>,
    ) -> Result<(), String>;
}

/// The commitment type of a family (a Merkle cap of its digests).
pub type Commitment<H> = p3_batch_stark::Commitment<<H as HashFamily>::Cfg>;

/// The one implementation of [`HashFamily`]'s Plonky3 calls, instantiated per family with
/// concrete types (Plonky3's bounds are then checked on the real configuration).
macro_rules! impl_plonky3_calls {
    () => {
        fn prover_data<A>(
            config: &Self::Cfg,
            airs: &[A],
            log_heights: &[usize],
        ) -> Result<p3_batch_stark::ProverData<Self::Cfg>, String>
        where
            A: p3_air::Air<p3_lookup::InteractionSymbolicBuilder<crate::Val, crate::Challenge>>,
        {
            p3_batch_stark::ProverData::<Self::Cfg>::from_airs_and_degrees(
                config,
                airs,
                log_heights,
            )
            .map_err(|e| format!("{e:?}"))
        }

        fn prove<A: crate::air::StarkAir>(
            config: &Self::Cfg,
            airs: &[A],
            traces: &[p3_matrix::dense::RowMajorMatrix<crate::Val>],
            public_values: &[Vec<crate::Val>],
            prover_data: &p3_batch_stark::ProverData<Self::Cfg>,
        ) -> Result<p3_batch_stark::BatchProof<Self::Cfg>, String> {
            let instances: Vec<p3_batch_stark::StarkInstance<'_, Self::Cfg, A>> = airs
                .iter()
                .zip(traces)
                .zip(public_values)
                .map(|((air, trace), pv)| p3_batch_stark::StarkInstance {
                    air,
                    trace,
                    public_values: pv.clone(),
                })
                .collect();
            p3_batch_stark::prove_batch(config, &instances, prover_data)
                .map_err(|e| format!("{e:?}"))
        }

        fn verify<A: crate::air::StarkAir>(
            config: &Self::Cfg,
            airs: &[A],
            proof: &p3_batch_stark::BatchProof<Self::Cfg>,
            public_values: &[Vec<crate::Val>],
            common: &p3_batch_stark::CommonData<Self::Cfg>,
        ) -> Result<(), String> {
            p3_batch_stark::verify_batch(config, airs, proof, public_values, common)
                .map_err(|e| e.to_string())
        }
    };
}
pub(crate) use impl_plonky3_calls;

/// Fills a FRI parameter set from `params` with `mmcs` (shared by the families).
pub(crate) fn fri_parameters<M>(params: &ProofParams, mmcs: M) -> p3_fri::FriParameters<M> {
    p3_fri::FriParameters {
        log_blowup: params.log_blowup,
        log_final_poly_len: params.log_final_poly_len,
        max_log_arity: params.max_log_arity,
        num_queries: params.num_queries,
        batch_proof_of_work_bits: params.batch_pow_bits,
        commit_proof_of_work_bits: params.commit_pow_bits,
        query_proof_of_work_bits: params.query_pow_bits,
        mmcs,
    }
}

/// The transcript's domain separation: a tag, then the 32-byte key digest as sixteen
/// 16-bit limbs (each fits a BabyBear element exactly, so the encoding is injective).
pub(crate) fn seed_transcript<C: p3_challenger::CanObserve<Val>>(
    challenger: &mut C,
    key_digest: &[u8; 32],
) {
    use p3_field::PrimeCharacteristicRing;
    for b in *b"trellis-stark-v1" {
        challenger.observe(Val::from_u8(b));
    }
    for limb in key_digest.chunks_exact(2) {
        challenger.observe(Val::from_u16(u16::from_le_bytes([limb[0], limb[1]])));
    }
}
