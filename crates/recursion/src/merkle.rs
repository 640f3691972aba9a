//! Merkle commitments (Plonky3's `MerkleTreeMmcs`, binary, with the hash family's row hash
//! and compression, [`VerifierHash`]): one full authentication path per query, over
//! backend values.
//!
//! Proofs carry pruned multi-openings (the sibling digests of all queries together,
//! shared nodes left out). The verifier restores one full path per query from them as
//! advice ([`crate::family::VerifierFamily::restore_paths`], on concrete values: what the
//! prover of a recursion program supplies) and checks every path with backend operations,
//! so the work does not depend on how the queries cluster.

use p3_matrix::Dimensions;
use trellis_stark::Val;

pub use crate::hash::babybear::{compress, hash_rows};

use crate::family::{MultiProofOf, VerifierFamily};
use crate::hash::VerifierHash;
use crate::points::bits_value;

/// One opened row of a committed matrix of `height` rows (a power of two).
pub struct OpenedRow<'a, F> {
    /// Rows of the committed matrix.
    pub height: usize,
    /// The opened row.
    pub row: &'a [F],
}

/// Checks one query's rows against the commitment `roots` along a full path.
///
/// `rows` are in commitment order; `index_bits` are the leaf index's bits, least
/// significant first, one per tree level; `siblings` one digest per level. Rows of
/// shorter matrices are hashed and injected where the path reaches their height, as
/// the commitment did. The path must end at the first root of the cap.
pub fn verify_path<H: VerifierFamily, B: VerifierHash<H>>(
    b: &mut B,
    roots: &[<B as VerifierHash<H>>::Digest],
    rows: &[OpenedRow<'_, B::F>],
    index_bits: &[B::F],
    siblings: &[<B as VerifierHash<H>>::Digest],
    what: &'static str,
) {
    // Tallest first; a stable sort keeps commitment order among equal heights.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rows[i].height));
    let mut next = 0;
    let take_height = |h: usize, next: &mut usize| -> Vec<usize> {
        let start = *next;
        while *next < order.len() && rows[order[*next]].height == h {
            *next += 1;
        }
        order[start..*next].to_vec()
    };
    let max_height = rows[order[0]].height;
    let leaf: Vec<&[B::F]> = take_height(max_height, &mut next)
        .iter()
        .map(|&i| rows[i].row)
        .collect();
    let mut digest = b.hash_rows(&leaf);
    let mut height = max_height;
    for (bit, sibling) in index_bits.iter().zip(siblings) {
        digest = b.merkle_level(bit, &digest, sibling);
        height /= 2;
        let injected = take_height(height, &mut next);
        if !injected.is_empty() {
            let injected: Vec<&[B::F]> = injected.iter().map(|&i| rows[i].row).collect();
            let h = b.hash_rows(&injected);
            digest = b.compress(&digest, &h);
        }
    }
    match roots.first() {
        Some(root) => b.assert_digest_eq(&digest, root, what),
        None => b.reject(format!("{what}: the commitment has no root")),
    }
}

/// The full authentication paths (sibling digests, leaf level first, one path per query)
/// the verifier checks for one commitment of matrices `dims`: restored from the pruned
/// multi-opening `proof` where the backend holds values ([`VerifierFamily::restore_paths`], at the leaf
/// indices `index_bits[q]` with the opened rows `rows[q][m]`), zero placeholders where it
/// does not (recording). A multi-opening that cannot be restored is a failed check (`what`
/// names the commitment); zero paths stand in for it, so the operations stay those of
/// the shape.
pub fn advice_paths<H: VerifierFamily, B: VerifierHash<H>>(
    b: &mut B,
    dims: &[Dimensions],
    index_bits: &[&[B::F]],
    rows: &[Vec<Vec<B::F>>],
    proof: &MultiProofOf<H>,
    what: &str,
) -> Vec<Vec<H::Digest>> {
    let log_max = dims
        .iter()
        .map(|d| d.height.trailing_zeros() as usize)
        .max()
        .unwrap_or(0);
    let zero_paths = vec![vec![H::ZERO_DIGEST; log_max]; index_bits.len()];
    let indices: Option<Vec<usize>> = index_bits.iter().map(|bits| bits_value(b, bits)).collect();
    let native_rows: Option<Vec<Vec<Vec<Val>>>> = rows
        .iter()
        .map(|q| {
            q.iter()
                .map(|row| row.iter().map(|v| b.value(v)).collect())
                .collect()
        })
        .collect();
    let (Some(indices), Some(native_rows)) = (indices, native_rows) else {
        return zero_paths;
    };
    match H::restore_paths(dims, &indices, &native_rows, proof) {
        Ok(paths) if paths.iter().all(|p| p.len() == log_max) => paths,
        Ok(_) => {
            b.reject(format!("{what}: a restored path has the wrong length"));
            zero_paths
        }
        Err(e) => {
            b.reject(format!("{what}: Merkle multi-opening: {e}"));
            zero_paths
        }
    }
}

#[cfg(test)]
mod tests {
    use p3_baby_bear::default_babybear_poseidon2_16;
    use p3_commit::Mmcs;
    use p3_field::PrimeCharacteristicRing;
    use p3_matrix::dense::RowMajorMatrix;
    use p3_symmetric::{PaddingFreeSponge, TruncatedPermutation};
    use trellis_stark::BabyBearPoseidon2;

    use super::*;
    use crate::backend::Digest;
    use crate::family::BabyBearMmcs as NativeMmcs;
    use crate::native::NativeBackend;

    fn matrix(height: usize, width: usize, seed: u32) -> RowMajorMatrix<Val> {
        let values = (0..height * width)
            .map(|i| Val::from_u32(seed.wrapping_mul(2_654_435_761).wrapping_add(i as u32 * 97)))
            .collect();
        RowMajorMatrix::new(values, width)
    }

    /// Checks the opening of `index` (optionally with one opened value altered).
    fn check(index: usize, alter: bool) -> Vec<String> {
        let perm = default_babybear_poseidon2_16();
        let mmcs = NativeMmcs::new(
            PaddingFreeSponge::new(perm.clone()),
            TruncatedPermutation::new(perm),
            0,
        );
        let mats = vec![matrix(16, 11, 1), matrix(4, 3, 2), matrix(16, 5, 3)];
        let heights: Vec<usize> = mats.iter().map(|m| m.values.len() / m.width).collect();
        let (commit, data) = mmcs.commit(mats);
        let opening = mmcs.open_batch(index, &data);
        let mut b = NativeBackend::new();
        let mut rows = opening.opened_values.clone();
        if alter {
            rows[1][2] += Val::ONE;
        }
        let roots: Vec<Digest<Val>> = commit.roots().to_vec();
        let opened: Vec<OpenedRow<'_, Val>> = rows
            .iter()
            .zip(&heights)
            .map(|(row, &height)| OpenedRow { height, row })
            .collect();
        let bits: Vec<Val> = (0..4)
            .map(|i| Val::from_bool((index >> i) & 1 == 1))
            .collect();
        verify_path::<BabyBearPoseidon2, _>(
            &mut b,
            &roots,
            &opened,
            &bits,
            &opening.opening_proof,
            "path",
        );
        b.failures().to_vec()
    }

    #[test]
    fn real_openings_verify_and_altered_ones_do_not() {
        for index in [0, 5, 10, 15] {
            assert!(check(index, false).is_empty(), "index {index}");
            assert!(!check(index, true).is_empty(), "index {index}");
        }
    }
}
