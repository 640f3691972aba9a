//! Merkle commitments (Plonky3's `MerkleTreeMmcs`, binary, Poseidon2): row hashing,
//! node compression and one full authentication path per query, over backend values.
//!
//! Proofs carry pruned multi-openings (the sibling digests of all queries together,
//! shared nodes left out). The verifier restores one full path per query from them as
//! advice ([`restore_paths`], on concrete values: what the prover of a recursion program
//! supplies) and checks every path with backend operations, so the work does not depend
//! on how the queries cluster.

use p3_baby_bear::{Poseidon2BabyBear, default_babybear_poseidon2_16};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_matrix::Dimensions;
use p3_merkle_tree::{MerkleTreeMmcs, PrunedMerklePaths};
use p3_symmetric::{PaddingFreeSponge, TruncatedPermutation};
use trellis_stark::Val;

use crate::backend::{Digest, RATE, VerifierBackend, WIDTH};
use crate::points::bits_value;

type Perm = Poseidon2BabyBear<WIDTH>;
type NativeMmcs = MerkleTreeMmcs<
    <Val as Field>::Packing,
    <Val as Field>::Packing,
    PaddingFreeSponge<Perm, WIDTH, RATE, RATE>,
    TruncatedPermutation<Perm, 2, RATE, WIDTH>,
    2,
    RATE,
>;

/// Hashes the concatenation of `rows` with the padding-free sponge: each chunk of 8
/// overwrites the rate, then the state is permuted; a final partial chunk leaves the
/// rest of the rate as it was. The digest is the first 8 cells.
pub fn hash_rows<B: VerifierBackend>(b: &mut B, rows: &[&[B::F]]) -> Digest<B::F> {
    let zero = b.constant(Val::ZERO);
    let mut state: [B::F; WIDTH] = std::array::from_fn(|_| zero.clone());
    let mut filled = 0;
    for v in rows.iter().flat_map(|r| r.iter()) {
        state[filled] = v.clone();
        filled += 1;
        if filled == RATE {
            state = b.permute(state);
            filled = 0;
        }
    }
    if filled != 0 {
        state = b.permute(state);
    }
    std::array::from_fn(|i| state[i].clone())
}

/// The 2-to-1 compression: permute `left ‖ right`, keep the first 8 cells.
pub fn compress<B: VerifierBackend>(
    b: &mut B,
    left: &Digest<B::F>,
    right: &Digest<B::F>,
) -> Digest<B::F> {
    let state: [B::F; WIDTH] = std::array::from_fn(|i| {
        if i < RATE {
            left[i].clone()
        } else {
            right[i - RATE].clone()
        }
    });
    let out = b.permute(state);
    std::array::from_fn(|i| out[i].clone())
}

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
pub fn verify_path<B: VerifierBackend>(
    b: &mut B,
    roots: &[Digest<B::F>],
    rows: &[OpenedRow<'_, B::F>],
    index_bits: &[B::F],
    siblings: &[Digest<B::F>],
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
    let mut digest = hash_rows(b, &leaf);
    let mut height = max_height;
    for (bit, sibling) in index_bits.iter().zip(siblings) {
        digest = b.merkle_step(bit, &digest, sibling);
        height /= 2;
        let injected = take_height(height, &mut next);
        if !injected.is_empty() {
            let injected: Vec<&[B::F]> = injected.iter().map(|&i| rows[i].row).collect();
            let h = hash_rows(b, &injected);
            digest = compress(b, &digest, &h);
        }
    }
    match roots.first() {
        Some(root) => {
            for (d, r) in digest.iter().zip(root) {
                b.assert_eq(d, r, what);
            }
        }
        None => b.reject(format!("{what}: the commitment has no root")),
    }
}

/// Restores one full authentication path per query (sibling digests, leaf level first)
/// from a pruned multi-opening: the advice [`verify_path`] checks. `rows[q][m]` is the
/// row of matrix `m` opened by query `q` at `indices[q]`.
///
/// Fails where the multi-opening is malformed (wrong sibling count, duplicate queries
/// opening different rows, rows of the wrong width): no paths exist for it.
pub fn restore_paths(
    dims: &[Dimensions],
    indices: &[usize],
    rows: &[Vec<Vec<Val>>],
    proof: &PrunedMerklePaths<Val, RATE>,
) -> Result<Vec<Vec<[Val; RATE]>>, String> {
    let perm = default_babybear_poseidon2_16();
    let mmcs = NativeMmcs::new(
        PaddingFreeSponge::new(perm.clone()),
        TruncatedPermutation::new(perm),
        0,
    );
    let paths = mmcs
        .restore_and_recompute_paths(dims, indices, rows, proof)
        .map_err(|e| format!("{e:?}"))?;
    Ok(paths.into_iter().map(|p| p.siblings).collect())
}

/// The full authentication paths (sibling digests, leaf level first, one path per query)
/// the verifier checks for one commitment of matrices `dims`: restored from the pruned
/// multi-opening `proof` where the backend holds values ([`restore_paths`], at the leaf
/// indices `index_bits[q]` with the opened rows `rows[q][m]`), zero placeholders where it
/// does not (recording). A multi-opening that cannot be restored is a failed check (`what`
/// names the commitment); zero paths stand in for it, so the operations stay those of
/// the shape.
pub fn advice_paths<B: VerifierBackend>(
    b: &mut B,
    dims: &[Dimensions],
    index_bits: &[&[B::F]],
    rows: &[Vec<Vec<B::F>>],
    proof: &PrunedMerklePaths<Val, RATE>,
    what: &str,
) -> Vec<Vec<[Val; RATE]>> {
    let log_max = dims
        .iter()
        .map(|d| d.height.trailing_zeros() as usize)
        .max()
        .unwrap_or(0);
    let zero_paths = vec![vec![[Val::ZERO; RATE]; log_max]; index_bits.len()];
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
    match restore_paths(dims, &indices, &native_rows, proof) {
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
    use p3_commit::Mmcs;
    use p3_matrix::dense::RowMajorMatrix;

    use super::*;
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
        verify_path(
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
