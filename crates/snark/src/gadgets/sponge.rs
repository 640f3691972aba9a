//! Gadgets equal to Plonky3's `MultiField32PaddingFreeSponge<BabyBear, Bn254, Poseidon2Bn254<3>,
//! 3, 2, 1>` (row hashing) and `TruncatedPermutation<Poseidon2Bn254<3>, 2, 1, 3>` (2-to-1
//! Merkle compression).
//!
//! The sponge packs [`ABSORB_LIMBS`] BabyBear values into one `Fr` rate slot with Plonky3's
//! shifted radix (`reduce_packed_shifted`): `Σᵢ (vᵢ + 1)·2^(31·i)`, 16 values (2 slots) per
//! permutation; a last, partial block overwrites only the slots it fills. The packing is
//! injective only on canonical values (`vᵢ < p`), so [`hash_babybears`] reduces any input
//! that is not canonical first; a canonical input costs nothing beyond its permutation share.

use ark_bn254::Fr;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::SynthesisError;

use super::babybear::BabyBearVar;
use super::lincomb::lincomb;
use super::poseidon2::poseidon2_permute;

/// Radix bits of the packing: the bit length of `p − 1` (`absorb_radix_bits::<BabyBear>()`).
pub const RADIX_BITS: usize = 31;
/// BabyBear values packed per rate slot (`max_shifted_absorb_injective_limbs::<BabyBear, Bn254>()`).
pub const ABSORB_LIMBS: usize = 8;
/// Rate of the sponge (in `Fr` slots).
const RATE: usize = 2;

/// `Σᵢ (vᵢ + 1)·2^(31·i)` over canonical `vals` (Plonky3's `reduce_packed_shifted`; linear, free).
pub fn pack_shifted(vals: &[BabyBearVar]) -> FpVar<Fr> {
    let base = Fr::from(1u64 << RADIX_BITS);
    let mut weight = Fr::from(1u64);
    let mut ones = Fr::from(0u64);
    let mut terms = Vec::with_capacity(vals.len());
    for v in vals {
        terms.push((weight, v.fp()));
        ones += weight;
        weight *= base;
    }
    lincomb(terms, ones)
}

/// The sponge hash of `input` (one `Fr` digest). Non-canonical inputs are reduced first.
/// Costs 240 constraints per 16 inputs (rounded up; none for an empty input).
pub fn hash_babybears(input: &[BabyBearVar]) -> Result<FpVar<Fr>, SynthesisError> {
    let zero = FpVar::Constant(Fr::from(0u64));
    let mut state = [zero.clone(), zero.clone(), zero];
    let canonical: Vec<BabyBearVar> = input
        .iter()
        .map(BabyBearVar::reduce)
        .collect::<Result<_, _>>()?;
    for block in canonical.chunks(RATE * ABSORB_LIMBS) {
        for (slot, chunk) in block.chunks(ABSORB_LIMBS).enumerate() {
            state[slot] = pack_shifted(chunk);
        }
        state = poseidon2_permute(&state)?;
    }
    let [out, _, _] = state;
    Ok(out)
}

/// The 2-to-1 compression of two digests: the first word of the permutation of
/// `[left, right, 0]` (240 constraints).
pub fn compress(left: &FpVar<Fr>, right: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let [out, _, _] =
        poseidon2_permute(&[left.clone(), right.clone(), FpVar::Constant(Fr::from(0u64))])?;
    Ok(out)
}
