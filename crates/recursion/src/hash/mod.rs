//! The hash side of the verifier, per family: Merkle digests, row hashing, compression
//! and the Fiat–Shamir transcript over backend values.
//!
//! [`VerifierHash<H>`] is what a backend implements to verify proofs of family `H`
//! ([`crate::family::VerifierFamily`]). Every backend implements it for
//! [`trellis_stark::BabyBearPoseidon2`] ([`babybear`]: built on
//! [`VerifierBackend::permute`]); the native backend also for
//! [`trellis_stark::Bn254Poseidon2`] ([`bn254`]: Plonky3's own sponge, compression and
//! challenger on concrete values). The transcript operations are Plonky3 0.8.0's for the
//! family; the verifier derives extension samples, index bits and grinding checks from
//! them the same way for every family ([`crate::transcript::Challenger`]).

pub mod babybear;
pub mod bn254;

use crate::backend::VerifierBackend;
use crate::family::VerifierFamily;

/// Digests, hashing and transcript of the family `H` over a backend's values.
pub trait VerifierHash<H: VerifierFamily>: VerifierBackend {
    /// A Merkle digest (a commitment root, a path node) as backend values.
    type Digest: Clone;
    /// The Fiat–Shamir transcript state.
    type Transcript;

    /// A digest carried by the proof (untrusted).
    fn digest_witness(&mut self, d: &H::Digest) -> Self::Digest;
    /// A digest fixed by the key.
    fn digest_constant(&mut self, d: &H::Digest) -> Self::Digest;
    /// The MMCS leaf hash of the concatenation of `rows` (the rows of one height).
    fn hash_rows(&mut self, rows: &[&[Self::F]]) -> Self::Digest;
    /// The 2-to-1 Merkle compression of `left ‖ right`.
    fn compress(&mut self, left: &Self::Digest, right: &Self::Digest) -> Self::Digest;
    /// One level of a Merkle path: `node` and `sibling` ordered by the index bit `bit`
    /// (1: the node is the right child) and compressed.
    fn merkle_level(
        &mut self,
        bit: &Self::F,
        node: &Self::Digest,
        sibling: &Self::Digest,
    ) -> Self::Digest;
    /// Checks `a = b`; records the failed check `what` otherwise.
    fn assert_digest_eq(&mut self, a: &Self::Digest, b: &Self::Digest, what: &'static str);

    /// A fresh transcript.
    fn transcript_new(&mut self) -> Self::Transcript;
    /// Absorbs one base value.
    fn transcript_observe(&mut self, t: &mut Self::Transcript, v: Self::F);
    /// Absorbs a digest (one root of a commitment's cap).
    fn transcript_observe_digest(&mut self, t: &mut Self::Transcript, d: &Self::Digest);
    /// Squeezes one base value.
    fn transcript_sample(&mut self, t: &mut Self::Transcript) -> Self::F;
}
