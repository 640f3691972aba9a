//! Shared fixtures: a seeded RNG, random field elements, the native Plonky3 objects.

use ark_relations::r1cs::{ConstraintSystem, ConstraintSystemRef};
use p3_baby_bear::BabyBear;
use p3_bn254::{Bn254, Poseidon2Bn254};
use p3_challenger::MultiField32Challenger;
use p3_field::extension::BinomialExtensionField;
use p3_field::{BasedVectorSpace, PrimeCharacteristicRing};
use p3_symmetric::{MultiField32PaddingFreeSponge, TruncatedPermutation};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trellis_snark::Fr;
use trellis_snark::gadgets::BABYBEAR_P;

pub type Ext = BinomialExtensionField<BabyBear, 5>;
pub type Perm = Poseidon2Bn254<3>;
pub type NativeSponge = MultiField32PaddingFreeSponge<BabyBear, Bn254, Perm, 3, 2, 1>;
pub type NativeCompress = TruncatedPermutation<Perm, 2, 1, 3>;
pub type NativeChallenger = MultiField32Challenger<BabyBear, Bn254, Perm, 3, 2>;

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

pub fn cs() -> ConstraintSystemRef<Fr> {
    ConstraintSystem::<Fr>::new_ref()
}

pub fn rand_bb(rng: &mut impl Rng) -> BabyBear {
    BabyBear::from_u32(rng.random_range(0..BABYBEAR_P))
}

/// Random values with the edges (0, 1, p − 1) mixed in.
pub fn rand_bb_edgy(rng: &mut impl Rng) -> BabyBear {
    match rng.random_range(0..8) {
        0 => BabyBear::ZERO,
        1 => BabyBear::ONE,
        2 => -BabyBear::ONE,
        _ => rand_bb(rng),
    }
}

pub fn rand_ext(rng: &mut impl Rng) -> Ext {
    Ext::from_basis_coefficients_fn(|_| rand_bb_edgy(rng))
}

pub fn rand_bn254(rng: &mut impl Rng) -> Bn254 {
    Bn254::new([rng.random(), rng.random(), rng.random(), rng.random()])
}

pub fn native_sponge() -> NativeSponge {
    NativeSponge::new(trellis_snark::poseidon2_bn254()).expect("BN254 is larger than BabyBear")
}

pub fn native_challenger() -> NativeChallenger {
    NativeChallenger::new(trellis_snark::poseidon2_bn254()).expect("valid parameters")
}
