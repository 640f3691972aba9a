//! The EVM-facing family: Poseidon2 over the BN254 scalar field for Merkle trees and
//! Fiat–Shamir, so that a BN254 pairing SNARK can re-hash this layer's proof natively.
//!
//! Rows of BabyBear values are packed into BN254 elements and absorbed by Plonky3's
//! `MultiField32PaddingFreeSponge` (width 3, rate 2, one-element digests); Merkle nodes are
//! compressed by a truncated width-3 permutation (2-to-1); the transcript is Plonky3's
//! `MultiField32Challenger` over the same permutation. The permutation is
//! [`super::poseidon2_bn254::poseidon2_bn254`].

use p3_bn254::{Bn254, Poseidon2Bn254};
use p3_challenger::MultiField32Challenger;
use p3_commit::ExtensionMmcs;
use p3_dft::Radix2DitParallel;
use p3_fri::TwoAdicFriPcs;
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{MultiField32PaddingFreeSponge, TruncatedPermutation};
use p3_uni_stark::StarkConfig;

use super::poseidon2_bn254::poseidon2_bn254;
use super::{HashFamily, fri_parameters, impl_plonky3_calls, seed_transcript};
use crate::config::{Challenge, ProofParams, Val};

type Perm = Poseidon2Bn254<3>;
type Hash = MultiField32PaddingFreeSponge<Val, Bn254, Perm, 3, 2, 1>;
type Compress = TruncatedPermutation<Perm, 2, 1, 3>;
type ValMmcs = MerkleTreeMmcs<Val, Bn254, Hash, Compress, 2, 1>;
type ChallengeMmcs = ExtensionMmcs<Val, Challenge, ValMmcs>;
type Challenger = MultiField32Challenger<Val, Bn254, Perm, 3, 2>;
type Dft = Radix2DitParallel<Val>;
type Pcs = TwoAdicFriPcs<Val, Dft, ValMmcs, ChallengeMmcs>;

/// The Plonky3 configuration of [`Bn254Poseidon2`].
pub type Bn254Cfg = StarkConfig<Pcs, Challenge, Challenger>;

/// Poseidon2-3 over BN254: the hash of the last layer, the one a pairing SNARK verifies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bn254Poseidon2;

impl HashFamily for Bn254Poseidon2 {
    type Challenger = Challenger;
    type Pcs = Pcs;
    type Cfg = Bn254Cfg;
    const NAME: &'static str = "poseidon2-bn254-3";
    /// Half of `⌊log2 r⌋ = 253` for one-element BN254 digests.
    const COLLISION_RESISTANCE_BITS: usize = 126;

    fn make_config(params: &ProofParams, key_digest: &[u8; 32]) -> Bn254Cfg {
        let perm = poseidon2_bn254();
        let hash = Hash::new(perm.clone()).expect("BN254 is larger than BabyBear");
        let val_mmcs = ValMmcs::new(hash, Compress::new(perm.clone()), 0);
        let challenge_mmcs = ChallengeMmcs::new(val_mmcs.clone());
        let pcs = Pcs::new(
            Dft::default(),
            val_mmcs,
            fri_parameters(params, challenge_mmcs),
        );
        let mut challenger = Challenger::new(perm).expect("BN254 is larger than BabyBear");
        seed_transcript(&mut challenger, key_digest);
        Bn254Cfg::new(pcs, challenger)
            .with_lookup_proof_of_work_bits(params.lookup_pow_bits)
            .with_ood_proof_of_work_bits(params.ood_pow_bits)
    }

    impl_plonky3_calls!();
}
