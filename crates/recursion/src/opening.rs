//! FRI's input layer (Plonky3's `open_inputs`): authenticate every query's opened rows
//! against the commitments, then reduce them to one value per height,
//! `Σ αⁱ·(fᵢ(z) − fᵢ(x))/(z − x)` over every matrix and opening point of that height,
//! the powers of `α` counting up per height across all commitments.

use std::collections::BTreeMap;

use p3_field::{Field, PrimeCharacteristicRing};
use p3_matrix::Dimensions;
use trellis_stark::{Challenge, ProofParams, Val};

use crate::backend::VerifierBackend;
use crate::error::{RecursionVerifyError, shape};
use crate::family::{FriProofOf, VerifierFamily};
use crate::hash::VerifierHash;
use crate::merkle::{OpenedRow, advice_paths, verify_path};
use crate::pcs::RoundClaim;
use crate::points::reversed_power;

/// The reduced openings of one query, tallest height first: `(log2 LDE height, value)`.
pub type QueryReductions<B> = Vec<(usize, <B as VerifierBackend>::EF)>;

/// Checks the input openings of every query (`query_bits[q]`: the index bits, least
/// significant first, `log_global_max_height` of them) and returns their reductions.
pub fn reduced_openings<H: VerifierFamily, B: VerifierHash<H>>(
    b: &mut B,
    params: &ProofParams,
    rounds: &[RoundClaim<B, H>],
    proof: &FriProofOf<H>,
    query_bits: &[Vec<B::F>],
    alpha: &B::EF,
    log_global_max_height: usize,
) -> Result<Vec<QueryReductions<B>>, RecursionVerifyError> {
    let openings = &proof.input_openings;
    if openings.len() != rounds.len() {
        return Err(shape(format!(
            "{} input openings for {} commitments",
            openings.len(),
            rounds.len()
        )));
    }
    let num_queries = query_bits.len();
    b.phase("input Merkle paths");
    // The opened rows, as backend values: rows[round][query][matrix].
    let mut rows: Vec<Vec<Vec<Vec<B::F>>>> = Vec::with_capacity(rounds.len());
    for (r, (opening, round)) in openings.iter().zip(rounds).enumerate() {
        if opening.opened_values.len() != num_queries {
            return Err(shape(format!(
                "commitment {r}: {} opened row sets for {num_queries} queries",
                opening.opened_values.len()
            )));
        }
        if round.matrices.is_empty() {
            return Err(shape(format!("commitment {r} has no matrices")));
        }
        let widths: Vec<usize> = round
            .matrices
            .iter()
            .map(|m| m.points.first().map_or(0, |(_, v)| v.len()))
            .collect();
        for (q, query_rows) in opening.opened_values.iter().enumerate() {
            let ok = query_rows.len() == widths.len()
                && query_rows
                    .iter()
                    .zip(&widths)
                    .all(|(row, &w)| row.len() == w);
            if !ok {
                return Err(shape(format!(
                    "commitment {r}, query {q}: opened rows do not match the committed widths"
                )));
            }
        }
        let dims: Vec<Dimensions> = round
            .matrices
            .iter()
            .zip(&widths)
            .map(|(m, &width)| Dimensions {
                width,
                height: 1 << (m.log_height + params.log_blowup),
            })
            .collect();
        let log_max = round
            .matrices
            .iter()
            .map(|m| m.log_height + params.log_blowup)
            .max()
            .unwrap_or(0);
        let bits_reduced = log_global_max_height - log_max;
        let leaf_bits: Vec<&[B::F]> = query_bits.iter().map(|q| &q[bits_reduced..]).collect();
        let round_rows: Vec<Vec<Vec<B::F>>> = opening
            .opened_values
            .iter()
            .map(|q| {
                q.iter()
                    .map(|row| row.iter().map(|&v| b.witness(v)).collect())
                    .collect()
            })
            .collect();
        let paths = advice_paths::<H, B>(
            b,
            &dims,
            &leaf_bits,
            &round_rows,
            &opening.opening_proof,
            &format!("commitment {r}"),
        );
        for (q, path) in paths.iter().enumerate() {
            let siblings: Vec<<B as VerifierHash<H>>::Digest> =
                path.iter().map(|d| b.digest_witness(d)).collect();
            let opened: Vec<OpenedRow<'_, B::F>> = round_rows[q]
                .iter()
                .zip(&dims)
                .map(|(row, d)| OpenedRow {
                    height: d.height,
                    row,
                })
                .collect();
            verify_path::<H, B>(
                b,
                &round.roots,
                &opened,
                leaf_bits[q],
                &siblings,
                "an input Merkle path does not reach its commitment",
            );
        }
        rows.push(round_rows);
    }

    b.phase("DEEP reduced openings");
    // Powers of alpha, as many as the longest ladder (all columns at one height).
    let mut ladder_lens = BTreeMap::<usize, usize>::new();
    for round in rounds {
        for m in &round.matrices {
            for (_, values) in &m.points {
                *ladder_lens
                    .entry(m.log_height + params.log_blowup)
                    .or_insert(0) += values.len();
            }
        }
    }
    let max_len = ladder_lens.values().copied().max().unwrap_or(0);
    let alpha_powers = b.ext_powers(alpha, max_len);

    // Per opening point: its offset in its height's ladder and Σ αⁱ·fᵢ(z).
    let mut offsets = BTreeMap::<usize, usize>::new();
    let mut point_sums: Vec<(usize, B::EF)> = Vec::new();
    for round in rounds {
        for m in &round.matrices {
            for (_, values) in &m.points {
                let offset = offsets.entry(m.log_height + params.log_blowup).or_insert(0);
                let start = *offset;
                *offset += values.len();
                let mut sum = b.constant_ext(Challenge::ZERO);
                for (a, v) in alpha_powers[start..].iter().zip(values) {
                    let t = b.ext_mul(a, v);
                    sum = b.ext_add(&sum, &t);
                }
                point_sums.push((start, sum));
            }
        }
    }

    let generator = Val::GENERATOR;
    let mut out = Vec::with_capacity(num_queries);
    for (q, bits) in query_bits.iter().enumerate() {
        let mut reduced = BTreeMap::<usize, B::EF>::new();
        let mut xs = BTreeMap::<usize, B::F>::new();
        // `w_pows[k]`: the point of leaf `index >> k` in the subgroup of `2^(L−k)` points
        // (`L` the tallest height), which is the `2^k`-th power of the point of leaf `index`
        // (bit reversal over `L − k` bits keeps the low bits of the reversal over `L`):
        // one point from the index bits per query, the others by squaring.
        let mut w_pows: Vec<B::F> = Vec::new();
        let mut sums = point_sums.iter();
        for (r, round) in rounds.iter().enumerate() {
            for (m, matrix) in round.matrices.iter().enumerate() {
                let log_h = matrix.log_height + params.log_blowup;
                let x = match xs.get(&log_h) {
                    Some(x) => x.clone(),
                    None => {
                        let k = log_global_max_height - log_h;
                        if w_pows.is_empty() {
                            w_pows.push(reversed_power(b, bits, false));
                        }
                        while w_pows.len() <= k {
                            let last = w_pows.last().expect("non-empty").clone();
                            w_pows.push(b.mul(&last, &last));
                        }
                        let g = b.constant(generator);
                        let x = b.mul(&g, &w_pows[k]);
                        xs.insert(log_h, x.clone());
                        x
                    }
                };
                for (z, _) in &matrix.points {
                    let (start, sum_at_z) = sums.next().expect("one sum per opening point");
                    let row = &rows[r][q][m];
                    let term = b.reduced_opening_row(
                        &alpha_powers[*start..*start + row.len()],
                        row,
                        sum_at_z,
                        &x,
                        z,
                    );
                    let acc = match reduced.remove(&log_h) {
                        Some(acc) => b.ext_add(&acc, &term),
                        None => term,
                    };
                    reduced.insert(log_h, acc);
                }
            }
        }
        if let Some(ro) = reduced.get(&params.log_blowup) {
            b.assert_zero_ext(ro, "the reduced opening of height-1 matrices is not zero");
        }
        out.push(reduced.into_iter().rev().collect());
    }
    Ok(out)
}
