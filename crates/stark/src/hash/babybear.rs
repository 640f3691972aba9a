//! The default family: Poseidon2-16 over BabyBear for Merkle trees and Fiat–Shamir.
//!
//! Rows are hashed with a padding-free sponge (rate 8, 8-element digests), Merkle nodes
//! with a truncated permutation (2-to-1 compression), and Fiat–Shamir runs on a duplex
//! sponge over the same permutation, all with Plonky3's fixed default round constants.

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_challenger::DuplexChallenger;
use p3_commit::ExtensionMmcs;
use p3_dft::Radix2DitParallel;
use p3_field::Field;
use p3_fri::TwoAdicFriPcs;
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{PaddingFreeSponge, TruncatedPermutation};
use p3_uni_stark::StarkConfig;

use super::{HashFamily, fri_parameters, impl_plonky3_calls, seed_transcript};
use crate::config::{Challenge, ProofParams, Val};

type Perm = Poseidon2BabyBear<16>;
type Hash = PaddingFreeSponge<Perm, 16, 8, 8>;
type Compress = TruncatedPermutation<Perm, 2, 8, 16>;
type ValMmcs =
    MerkleTreeMmcs<<Val as Field>::Packing, <Val as Field>::Packing, Hash, Compress, 2, 8>;
type ChallengeMmcs = ExtensionMmcs<Val, Challenge, ValMmcs>;
type Challenger = DuplexChallenger<Val, Perm, 16, 8>;
type Dft = Radix2DitParallel<Val>;
type Pcs = TwoAdicFriPcs<Val, Dft, ValMmcs, ChallengeMmcs>;

/// The Plonky3 configuration of [`BabyBearPoseidon2`].
pub type BabyBearCfg = StarkConfig<Pcs, Challenge, Challenger>;

/// Poseidon2-16 over BabyBear: the hash of every layer up to the aggregation root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BabyBearPoseidon2;

impl HashFamily for BabyBearPoseidon2 {
    type Challenger = Challenger;
    type Pcs = Pcs;
    type Cfg = BabyBearCfg;
    const NAME: &'static str = "poseidon2-babybear-16";
    /// `⌊8·log2 p / 2⌋` for 8-element digests.
    const COLLISION_RESISTANCE_BITS: usize = 123;

    fn make_config(params: &ProofParams, key_digest: &[u8; 32]) -> BabyBearCfg {
        let perm = default_babybear_poseidon2_16();
        let val_mmcs = ValMmcs::new(Hash::new(perm.clone()), Compress::new(perm.clone()), 0);
        let challenge_mmcs = ChallengeMmcs::new(val_mmcs.clone());
        let pcs = Pcs::new(
            Dft::default(),
            val_mmcs,
            fri_parameters(params, challenge_mmcs),
        );
        let mut challenger = Challenger::new(perm);
        seed_transcript(&mut challenger, key_digest);
        BabyBearCfg::new(pcs, challenger)
            .with_lookup_proof_of_work_bits(params.lookup_pow_bits)
            .with_ood_proof_of_work_bits(params.ood_pow_bits)
    }

    impl_plonky3_calls!();
}
