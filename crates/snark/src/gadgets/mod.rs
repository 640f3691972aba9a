//! The R1CS gadgets. Each computes exactly what its Plonky3 0.8.0 counterpart computes.

mod babybear;
mod bits;
mod challenger;
mod ext5;
mod fr_limbs;
mod lincomb;
mod poseidon2;
mod sha256;
mod sponge;
mod toom;

pub use babybear::{BABYBEAR_P, BabyBearVar};
pub use bits::{alloc_bits, pack_bits, range_check};
pub use challenger::ChallengerVar;
pub use ext5::{EXT_DEGREE, Ext5Var, W};
pub use fr_limbs::{SQUEEZE_LIMBS, split_to_babybear_limbs};
pub use lincomb::lincomb;
pub use poseidon2::poseidon2_permute;
pub use sha256::sha256;
pub use sponge::{ABSORB_LIMBS, RADIX_BITS, compress, hash_babybears, pack_shifted};
