//! The native Poseidon2 permutation over BN254's scalar field that the outer STARK layer
//! hashes with: Plonky3's [`Poseidon2Bn254<3>`] (width 3, `x⁵`, 8 full and 56 partial
//! rounds) with the standard HorizenLabs round constants (`RC3`).
//!
//! `RC3` row `r` holds round `r`'s constants. Plonky3 splits them like its own `p3-bn254`
//! test does: rows 0–3 are the initial external constants, row 4..60 column 0 the internal
//! constants, rows 60–63 the terminal external constants.

use std::sync::OnceLock;

use p3_bn254::{
    BN254_POSEIDON2_HALF_FULL_ROUNDS, BN254_POSEIDON2_PARTIAL_ROUNDS_3, Bn254, Poseidon2Bn254,
};
use p3_poseidon2::ExternalLayerConstants;

use crate::poseidon2_bn254_constants::RC3;

/// The permutation type: Plonky3's `Poseidon2Bn254<3>`.
pub type Poseidon2Bn254Perm = Poseidon2Bn254<3>;

/// The round constants as field elements, `RC3[r][i]`.
pub fn round_constants() -> &'static [[Bn254; 3]; 64] {
    static RC: OnceLock<[[Bn254; 3]; 64]> = OnceLock::new();
    RC.get_or_init(|| RC3.map(|row| row.map(parse_hex)))
}

/// The permutation with the HorizenLabs constants (built once; clones are cheap).
pub fn poseidon2_bn254() -> Poseidon2Bn254Perm {
    static PERM: OnceLock<Poseidon2Bn254Perm> = OnceLock::new();
    PERM.get_or_init(|| {
        let rc = round_constants();
        let half = BN254_POSEIDON2_HALF_FULL_ROUNDS;
        let partial_end = half + BN254_POSEIDON2_PARTIAL_ROUNDS_3;
        let external = ExternalLayerConstants::new(rc[..half].to_vec(), rc[partial_end..].to_vec());
        let internal = rc[half..partial_end].iter().map(|row| row[0]).collect();
        Poseidon2Bn254::new(external, internal)
    })
    .clone()
}

/// A 64-digit big-endian hex constant of the table as a field element.
fn parse_hex(hex: &str) -> Bn254 {
    // The table holds 64 hex digits per entry (checked by the constants test), so the
    // four 16-digit limbs always parse.
    let limb =
        |i: usize| u64::from_str_radix(&hex[64 - 16 * (i + 1)..64 - 16 * i], 16).unwrap_or(0);
    Bn254::new([limb(0), limb(1), limb(2), limb(3)])
}

#[cfg(test)]
mod tests {
    use p3_field::PrimeCharacteristicRing;
    use p3_symmetric::Permutation;

    use super::*;

    #[test]
    fn table_entries_are_64_hex_digits() {
        for row in RC3 {
            for h in row {
                assert_eq!(h.len(), 64);
                assert!(h.bytes().all(|b| b.is_ascii_hexdigit()));
            }
        }
    }

    /// HorizenLabs' known-answer test (`poseidon2_tests_bn256::kats`): the permutation of
    /// `[0, 1, 2]`. Any wrong constant or round split changes it.
    #[test]
    fn horizen_labs_known_answer() {
        let out = poseidon2_bn254().permute([Bn254::ZERO, Bn254::ONE, Bn254::TWO]);
        let expected = [
            "0bb61d24daca55eebcb1929a82650f328134334da98ea4f847f760054f4a3033",
            "303b6f7c86d043bfcbcc80214f26a30277a15d3f74ca654992defe7ff8d03570",
            "1ed25194542b12eef8617361c3ba7c52e660b145994427cc86296242cf766ec8",
        ]
        .map(parse_hex);
        assert_eq!(out, expected);
    }

    #[test]
    fn parse_hex_reads_big_endian() {
        let h = "0000000000000000000000000000000000000000000000010000000000000002";
        assert_eq!(parse_hex(h), Bn254::new([2, 1, 0, 0]));
    }
}
