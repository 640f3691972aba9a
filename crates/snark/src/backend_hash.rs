//! [`R1csBackend`] verifies proofs of the BN254 hash family: digests are one [`Fr`]
//! variable each, rows are hashed by the multi-field sponge gadget, Merkle nodes by the
//! compression gadget, and the transcript is [`ChallengerVar`]: all natively in BN254,
//! value for value what Plonky3's `MultiField32` sponge, compression and challenger do.

use ark_r1cs_std::R1CSVar;
use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use p3_bn254::Bn254;
use trellis_recursion::hash::VerifierHash;
use trellis_stark::Bn254Poseidon2;

use crate::Fr;
use crate::backend::R1csBackend;
use crate::convert::bn254_to_fr;
use crate::gadgets::{BabyBearVar, ChallengerVar, compress, hash_babybears};

impl VerifierHash<Bn254Poseidon2> for R1csBackend {
    type Digest = FpVar<Fr>;
    type Transcript = ChallengerVar;

    fn digest_witness(&mut self, d: &[Bn254; 1]) -> FpVar<Fr> {
        let v = bn254_to_fr(d[0]);
        let r = FpVar::new_witness(self.cs(), || Ok(v));
        self.keep(r, || FpVar::Constant(v))
    }
    fn digest_constant(&mut self, d: &[Bn254; 1]) -> FpVar<Fr> {
        FpVar::Constant(bn254_to_fr(d[0]))
    }
    fn hash_rows(&mut self, rows: &[&[BabyBearVar]]) -> FpVar<Fr> {
        let values: Vec<BabyBearVar> = rows.iter().flat_map(|r| r.iter().cloned()).collect();
        let r = hash_babybears(&values);
        self.keep(r, || FpVar::Constant(Fr::from(0u64)))
    }
    fn compress(&mut self, left: &FpVar<Fr>, right: &FpVar<Fr>) -> FpVar<Fr> {
        let r = compress(left, right);
        self.keep(r, || FpVar::Constant(Fr::from(0u64)))
    }
    fn merkle_level(
        &mut self,
        bit: &BabyBearVar,
        node: &FpVar<Fr>,
        sibling: &FpVar<Fr>,
    ) -> FpVar<Fr> {
        // left = node + bit·(sibling − node), right = node + sibling − left; `bit` is 0 or 1
        // (from `low_bits`). One constraint, then the compression.
        let left = node + (sibling - node) * bit.fp();
        let right = node + sibling - &left;
        <Self as VerifierHash<Bn254Poseidon2>>::compress(self, &left, &right)
    }
    fn assert_digest_eq(&mut self, a: &FpVar<Fr>, b: &FpVar<Fr>, what: &'static str) {
        if let (Ok(x), Ok(y)) = (a.value(), b.value())
            && x != y
        {
            self.record(what);
        }
        let r = a.enforce_equal(b);
        self.keep(r, || ());
    }

    fn transcript_new(&mut self) -> ChallengerVar {
        ChallengerVar::new()
    }
    fn transcript_observe(&mut self, t: &mut ChallengerVar, v: BabyBearVar) {
        let r = t.observe(&v);
        self.keep(r, || ());
    }
    fn transcript_observe_digest(&mut self, t: &mut ChallengerVar, d: &FpVar<Fr>) {
        let r = t.observe_digest(std::slice::from_ref(d));
        self.keep(r, || ());
    }
    fn transcript_sample(&mut self, t: &mut ChallengerVar) -> BabyBearVar {
        let r = t.sample();
        self.keep(r, || BabyBearVar::constant(trellis_stark::Val::new(0)))
    }
}
