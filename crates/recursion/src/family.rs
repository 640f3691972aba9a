//! What the verifier reads from a proof of each hash family ([`trellis_stark::HashFamily`]).
//!
//! Proofs of every family share their field, challenge field, FRI and AIRs; they differ
//! in the Merkle digests of their commitments and multi-openings (eight BabyBear values,
//! or one BN254 value) and in the Plonky3 types that carry them. [`VerifierFamily`]
//! names those types and reads them, so the verifier is written once over the family.

use p3_batch_stark::PcsProof;
use p3_bn254::Bn254;
use p3_commit::{ExtensionMmcs, Mmcs};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_fri::{BatchMultiOpening, FriProof};
use p3_matrix::Dimensions;
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{MultiField32PaddingFreeSponge, PaddingFreeSponge, TruncatedPermutation};
use trellis_stark::hash::Commitment;
use trellis_stark::hash::poseidon2_bn254::{Poseidon2Bn254Perm, poseidon2_bn254};
use trellis_stark::{BabyBearPoseidon2, Bn254Poseidon2, Challenge, HashFamily, Val};

use crate::backend::RATE;

/// The FRI proof (opening argument) of a proof of family `H`.
pub type FriProofOf<H> = FriProof<
    Challenge,
    ExtensionMmcs<Val, Challenge, <H as VerifierFamily>::ValMmcs>,
    Val,
    Vec<BatchMultiOpening<Val, <H as VerifierFamily>::ValMmcs>>,
>;

/// The commitment of one FRI commit-phase round of family `H`.
pub type MmcsCommitment<H> = <<H as VerifierFamily>::ValMmcs as Mmcs<Val>>::Commitment;

/// A pruned Merkle multi-opening of family `H`.
pub type MultiProofOf<H> = <<H as VerifierFamily>::ValMmcs as Mmcs<Val>>::MultiProof;

/// A hash family the verifier reads proofs of.
pub trait VerifierFamily: HashFamily {
    /// A Merkle digest as concrete values.
    type Digest: Copy + std::fmt::Debug + PartialEq;
    /// The family's Merkle commitment scheme over BabyBear matrices.
    type ValMmcs: Mmcs<Val>;
    /// The all-zero digest (placeholder advice).
    const ZERO_DIGEST: Self::Digest;

    /// The roots of a trace or quotient commitment's Merkle cap.
    fn commitment_roots(c: &Commitment<Self>) -> &[Self::Digest];
    /// The roots of a FRI commit-phase commitment's Merkle cap.
    fn mmcs_roots(c: &MmcsCommitment<Self>) -> &[Self::Digest];
    /// The opening argument of a batch proof, as the FRI proof it is.
    fn fri_proof(p: &PcsProof<Self::Cfg>) -> &FriProofOf<Self>;
    /// Restores one full authentication path per query (sibling digests, leaf level
    /// first) from a pruned multi-opening with Plonky3's own Merkle code; `rows[q][m]` is
    /// the row of matrix `m` opened by query `q` at `indices[q]`. Fails where the
    /// multi-opening is malformed.
    fn restore_paths(
        dims: &[Dimensions],
        indices: &[usize],
        rows: &[Vec<Vec<Val>>],
        proof: &MultiProofOf<Self>,
    ) -> Result<Vec<Vec<Self::Digest>>, String>;
}

type BabyBearPerm = p3_baby_bear::Poseidon2BabyBear<16>;
/// The Merkle commitment scheme of [`BabyBearPoseidon2`] (as `trellis-stark` builds it).
pub type BabyBearMmcs = MerkleTreeMmcs<
    <Val as Field>::Packing,
    <Val as Field>::Packing,
    PaddingFreeSponge<BabyBearPerm, 16, RATE, RATE>,
    TruncatedPermutation<BabyBearPerm, 2, RATE, 16>,
    2,
    RATE,
>;

impl VerifierFamily for BabyBearPoseidon2 {
    type Digest = [Val; RATE];
    type ValMmcs = BabyBearMmcs;
    const ZERO_DIGEST: [Val; RATE] = [Val::ZERO; RATE];

    fn commitment_roots(c: &Commitment<Self>) -> &[[Val; RATE]] {
        c.roots()
    }
    fn mmcs_roots(c: &MmcsCommitment<Self>) -> &[[Val; RATE]] {
        c.roots()
    }
    fn fri_proof(p: &PcsProof<Self::Cfg>) -> &FriProofOf<Self> {
        p
    }
    fn restore_paths(
        dims: &[Dimensions],
        indices: &[usize],
        rows: &[Vec<Vec<Val>>],
        proof: &MultiProofOf<Self>,
    ) -> Result<Vec<Vec<[Val; RATE]>>, String> {
        let perm = p3_baby_bear::default_babybear_poseidon2_16();
        let mmcs = BabyBearMmcs::new(
            PaddingFreeSponge::new(perm.clone()),
            TruncatedPermutation::new(perm),
            0,
        );
        let paths = mmcs
            .restore_and_recompute_paths(dims, indices, rows, proof)
            .map_err(|e| format!("{e:?}"))?;
        Ok(paths.into_iter().map(|p| p.siblings).collect())
    }
}

/// The row hash of [`Bn254Poseidon2`]: BabyBear values packed into BN254 elements.
pub type Bn254Sponge = MultiField32PaddingFreeSponge<Val, Bn254, Poseidon2Bn254Perm, 3, 2, 1>;
/// The Merkle compression of [`Bn254Poseidon2`].
pub type Bn254Compress = TruncatedPermutation<Poseidon2Bn254Perm, 2, 1, 3>;
/// The Merkle commitment scheme of [`Bn254Poseidon2`] (as `trellis-stark` builds it).
pub type Bn254Mmcs = MerkleTreeMmcs<Val, Bn254, Bn254Sponge, Bn254Compress, 2, 1>;

/// The row hash of [`Bn254Poseidon2`] with its permutation.
pub fn bn254_sponge() -> Bn254Sponge {
    // BN254's order exceeds BabyBear's, the only condition `new` checks.
    match Bn254Sponge::new(poseidon2_bn254()) {
        Ok(s) => s,
        Err(e) => unreachable!("{e}"),
    }
}

impl VerifierFamily for Bn254Poseidon2 {
    type Digest = [Bn254; 1];
    type ValMmcs = Bn254Mmcs;
    const ZERO_DIGEST: [Bn254; 1] = [Bn254::ZERO];

    fn commitment_roots(c: &Commitment<Self>) -> &[[Bn254; 1]] {
        c.roots()
    }
    fn mmcs_roots(c: &MmcsCommitment<Self>) -> &[[Bn254; 1]] {
        c.roots()
    }
    fn fri_proof(p: &PcsProof<Self::Cfg>) -> &FriProofOf<Self> {
        p
    }
    fn restore_paths(
        dims: &[Dimensions],
        indices: &[usize],
        rows: &[Vec<Vec<Val>>],
        proof: &MultiProofOf<Self>,
    ) -> Result<Vec<Vec<[Bn254; 1]>>, String> {
        let mmcs = Bn254Mmcs::new(bn254_sponge(), Bn254Compress::new(poseidon2_bn254()), 0);
        let paths = mmcs
            .restore_and_recompute_paths(dims, indices, rows, proof)
            .map_err(|e| format!("{e:?}"))?;
        Ok(paths.into_iter().map(|p| p.siblings).collect())
    }
}
