//! The FRI low-degree test (Plonky3's `verify_fri` with two-adic folding): commit
//! rounds with their folding challenges, final polynomial, query grinding and indices,
//! then per query the input reductions folded round by round down to the final
//! polynomial, and every round's opened row checked against its commitment.

use p3_field::{Field, PrimeCharacteristicRing, TwoAdicField};
use p3_fri::{FriShape, fold_schedule};
use p3_matrix::Dimensions;
use trellis_stark::{ProofParams, Val};

use crate::backend::{EXT_DEGREE, VerifierBackend};
use crate::error::{RecursionVerifyError, shape};
use crate::family::{FriProofOf, VerifierFamily};
use crate::hash::VerifierHash;
use crate::merkle::{OpenedRow, advice_paths, verify_path};
use crate::opening::reduced_openings;
use crate::pcs::RoundClaim;
use crate::points::reversed_power;
use crate::seeds::fri_seed;
use crate::transcript::Challenger;

/// Runs FRI on the claims of `rounds`, batched with `alpha`.
pub fn verify_fri<H: VerifierFamily, B: VerifierHash<H>>(
    b: &mut B,
    ch: &mut Challenger<B, H>,
    params: &ProofParams,
    rounds: &[RoundClaim<B, H>],
    alpha: &B::EF,
    proof: &FriProofOf<H>,
) -> Result<(), RecursionVerifyError> {
    let mut heights: Vec<usize> = rounds
        .iter()
        .flat_map(|r| r.matrices.iter().map(|m| m.log_height + params.log_blowup))
        .collect();
    heights.sort_unstable_by(|a, b| b.cmp(a));
    heights.dedup();
    let Some(&log_max) = heights.first() else {
        return Err(shape("no committed matrices"));
    };
    let log_final_height = params.log_blowup + params.log_final_poly_len;
    let log_arities = fold_schedule(&heights, log_final_height, params.max_log_arity);
    let num_rounds = log_arities.len();
    let total: usize = log_arities.iter().sum();
    if log_max.checked_sub(total) != Some(log_final_height) {
        return Err(shape(
            "the folding schedule does not end at the final height",
        ));
    }
    if proof.commit_phase_commits.len() != num_rounds
        || proof.commit_phase_openings.len() != num_rounds
        || proof.commit_pow_witnesses.len() != num_rounds
    {
        return Err(shape(format!(
            "FRI proof does not have {num_rounds} rounds"
        )));
    }
    for (opening, &log_arity) in proof.commit_phase_openings.iter().zip(&log_arities) {
        if opening.sibling_values.len() != params.num_queries
            || opening
                .sibling_values
                .iter()
                .any(|s| s.len() != (1 << log_arity) - 1)
        {
            return Err(shape("FRI sibling values have the wrong shape"));
        }
    }
    if proof.final_poly.len() != 1 << params.log_final_poly_len {
        return Err(shape("the final polynomial has the wrong length"));
    }

    // Transcript.
    b.phase("transcript");
    let fri_shape = FriShape {
        log_arities: log_arities.clone(),
        final_poly_len: 1 << params.log_final_poly_len,
        commit_pow_bits: params.commit_pow_bits,
        query_pow_bits: params.query_pow_bits,
        num_queries: params.num_queries,
        index_bits: log_max,
        log_blowup: params.log_blowup,
        max_log_arity: params.max_log_arity,
    };
    ch.observe_constants(b, &fri_seed(&fri_shape));
    let mut commits: Vec<Vec<<B as VerifierHash<H>>::Digest>> = Vec::with_capacity(num_rounds);
    let mut betas = Vec::with_capacity(num_rounds);
    for (commit, &witness) in proof
        .commit_phase_commits
        .iter()
        .zip(&proof.commit_pow_witnesses)
    {
        let roots: Vec<<B as VerifierHash<H>>::Digest> = H::mmcs_roots(commit)
            .iter()
            .map(|d| b.digest_witness(d))
            .collect();
        ch.observe_cap(b, &roots);
        if params.commit_pow_bits > 0 {
            let w = b.witness(witness);
            ch.check_witness(
                b,
                params.commit_pow_bits,
                &w,
                "FRI commit-phase proof-of-work",
            );
        }
        betas.push(ch.sample_ext(b));
        commits.push(roots);
    }
    let final_poly: Vec<B::EF> = proof.final_poly.iter().map(|&c| b.witness_ext(c)).collect();
    for c in &final_poly {
        ch.observe_ext(b, c);
    }
    if params.query_pow_bits > 0 {
        let w = b.witness(proof.query_pow_witness);
        ch.check_witness(b, params.query_pow_bits, &w, "FRI query proof-of-work");
    }
    let query_bits: Vec<Vec<B::F>> = (0..params.num_queries)
        .map(|_| ch.sample_bits(b, log_max))
        .collect();

    let reductions = reduced_openings(b, params, rounds, proof, &query_bits, alpha, log_max)?;

    b.phase("FRI folding");
    // Each round's β^(2^t), computed once rather than per query: for t < log_arity what
    // the fold uses, and β^(2^log_arity) where a reduced opening is rolled in after the
    // round (the heights that have one are the same for every query).
    let rolled_in: Vec<usize> = reductions
        .first()
        .map(|r| r.iter().map(|(h, _)| *h).collect())
        .unwrap_or_default();
    let mut beta_powers: Vec<Vec<B::EF>> = Vec::with_capacity(num_rounds);
    let mut log_height = log_max;
    for (beta, &log_arity) in betas.iter().zip(&log_arities) {
        log_height -= log_arity;
        let squares = log_arity.saturating_sub(1) + usize::from(rolled_in.contains(&log_height));
        beta_powers.push(squarings(b, beta, squares));
    }
    // Fold every query; remember each round's opened row (as it enters the round).
    let mut round_rows: Vec<Vec<Vec<B::EF>>> =
        vec![Vec::with_capacity(params.num_queries); num_rounds];
    for (q, (bits, reduced)) in query_bits.iter().zip(reductions).enumerate() {
        let mut reduced = reduced.into_iter().peekable();
        let (first_height, mut folded) = reduced.next().expect("the tallest matrix reduces");
        debug_assert_eq!(first_height, log_max);
        let mut offset = 0; // index bits consumed by earlier rounds
        // The inverse point of the query's leaf in the tallest domain, squared once per
        // index bit consumed (`w_inv_exp` times): each round's coset from it.
        let mut w_inv = reversed_power(b, bits, true);
        let mut w_inv_exp = 0;
        let mut log_height = log_max;
        for (round, &log_arity) in log_arities.iter().enumerate() {
            let siblings: Vec<B::EF> = proof.commit_phase_openings[round].sibling_values[q]
                .iter()
                .map(|&s| b.witness_ext(s))
                .collect();
            let pos_bits = &bits[offset..offset + log_arity];
            let evals = place(b, pos_bits, &folded, &siblings);
            let log_folded = log_height - log_arity;
            while w_inv_exp < offset {
                w_inv = b.mul(&w_inv, &w_inv);
                w_inv_exp += 1;
            }
            let s_inv = coset_inverse(b, &w_inv, pos_bits);
            folded = fold_row_at(b, s_inv, log_arity, &beta_powers[round], &evals);
            round_rows[round].push(evals);
            if let Some((_, ro)) = reduced.next_if(|(h, _)| *h == log_folded) {
                let t = b.ext_mul(&beta_powers[round][log_arity], &ro);
                folded = b.ext_add(&folded, &t);
            }
            offset += log_arity;
            log_height = log_folded;
        }
        if reduced.next().is_some() {
            return Err(shape("a reduced opening below the final height"));
        }
        // The final polynomial at the point the remaining index stands for.
        let rest = &bits[offset..];
        let x = reversed_power(b, rest, false);
        let eval = b.ext_poly_at_base(&final_poly, &x);
        b.assert_eq_ext(
            &eval,
            &folded,
            "FRI: the folded value misses the final polynomial",
        );
    }

    // Every round's rows against its commitment.
    b.phase("FRI commit-phase Merkle paths");
    let mut offset = 0;
    let mut log_height = log_max;
    for (round, &log_arity) in log_arities.iter().enumerate() {
        offset += log_arity;
        log_height -= log_arity;
        let width = (1usize << log_arity) * EXT_DEGREE;
        let dims = [Dimensions {
            width,
            height: 1 << log_height,
        }];
        let flat: Vec<Vec<B::F>> = round_rows[round]
            .iter()
            .map(|evals| evals.iter().flat_map(|e| b.ext_to_coeffs(e)).collect())
            .collect();
        let leaf_bits: Vec<&[B::F]> = query_bits.iter().map(|bits| &bits[offset..]).collect();
        let flat_rows: Vec<Vec<Vec<B::F>>> = flat.iter().map(|row| vec![row.clone()]).collect();
        let paths = advice_paths::<H, B>(
            b,
            &dims,
            &leaf_bits,
            &flat_rows,
            &proof.commit_phase_openings[round].opening_proof,
            &format!("FRI round {round}"),
        );
        for (q, path) in paths.iter().enumerate() {
            let siblings: Vec<<B as VerifierHash<H>>::Digest> =
                path.iter().map(|d| b.digest_witness(d)).collect();
            let rows = [OpenedRow {
                height: 1 << log_height,
                row: &flat[q],
            }];
            verify_path::<H, B>(
                b,
                &commits[round],
                &rows,
                &query_bits[q][offset..],
                &siblings,
                "a FRI commit-phase Merkle path does not reach its commitment",
            );
        }
    }
    Ok(())
}

/// The round's row: the value carried in from the last round at the position the index
/// bits `pos_bits` name, the proof's siblings in order around it.
fn place<B: VerifierBackend>(
    b: &mut B,
    pos_bits: &[B::F],
    folded: &B::EF,
    siblings: &[B::EF],
) -> Vec<B::EF> {
    let arity = siblings.len() + 1;
    let one = b.constant(Val::ONE);
    let not_bits: Vec<B::F> = pos_bits.iter().map(|bit| b.sub(&one, bit)).collect();
    // eq[j] = [pos == j]; lt[j] = [pos < j] = Σ_{m<j} eq[m].
    let eq: Vec<B::F> = (0..arity)
        .map(|j| {
            let mut acc: Option<B::F> = None;
            for (k, (bit, not_bit)) in pos_bits.iter().zip(&not_bits).enumerate() {
                let f = if (j >> k) & 1 == 1 { bit } else { not_bit };
                acc = Some(match acc {
                    None => f.clone(),
                    Some(a) => b.mul(&a, f),
                });
            }
            acc.unwrap_or_else(|| one.clone())
        })
        .collect();
    let mut lt = b.constant(Val::ZERO);
    let mut out = Vec::with_capacity(arity);
    for j in 0..arity {
        let sib = if j == 0 {
            siblings[0].clone()
        } else if j == arity - 1 {
            siblings[j - 1].clone()
        } else {
            b.select_ext(&lt, &siblings[j - 1], &siblings[j])
        };
        out.push(b.select_ext(&eq[j], folded, &sib));
        lt = b.add(&lt, &eq[j]);
    }
    out
}

/// Folds one row of `2^log_arity` values (bit-reversed over the coset
/// `s·⟨ω⟩`, `s = h^rev(group index)` with `h` of order `2^(log_folded + log_arity)`)
/// at `beta`: the interpolating polynomial's value, computed as `log_arity` halvings
/// `(lo + hi)/2 + β·(lo − hi)/(2x)` with `β, s` squared each time (exact wherever
/// Plonky3's Lagrange formula is, and equal to it).
#[cfg(test)]
fn fold_row<B: VerifierBackend>(
    b: &mut B,
    group_bits: &[B::F],
    log_folded: usize,
    log_arity: usize,
    beta: &B::EF,
    evals: &[B::EF],
) -> B::EF {
    debug_assert_eq!(group_bits.len(), log_folded);
    let s_inv = crate::points::reversed_power_in(b, group_bits, log_folded + log_arity, true);
    let beta_powers = squarings(b, beta, log_arity.saturating_sub(1));
    fold_row_at(b, s_inv, log_arity, &beta_powers, evals)
}

/// `[x, x², x⁴, …, x^(2^n)]`: `n` squarings.
fn squarings<B: VerifierBackend>(b: &mut B, x: &B::EF, n: usize) -> Vec<B::EF> {
    let mut out = Vec::with_capacity(n + 1);
    out.push(x.clone());
    for t in 0..n {
        let next = b.ext_mul(&out[t], &out[t]);
        out.push(next);
    }
    out
}

/// `s⁻¹` for the row a query folds in a round: `w_inv_pow = w⁻¹^(2^offset)` where `w` is
/// the point of the query's leaf in the tallest domain (`2^L` points) and `offset` the index
/// bits earlier rounds consumed; `pos_bits` are the `log_arity` bits of the leaf's
/// position in the row. The leaf's point in the round's domain is `w^(2^offset)`,
/// i.e. `s · Πᵢ ωᵢ₊₁^(−posᵢ)` with `ωₖ` of order `2^k` (bit reversal), so
/// `s⁻¹ = w⁻¹^(2^offset) · Πᵢ ωᵢ₊₁^posᵢ`.
fn coset_inverse<B: VerifierBackend>(b: &mut B, w_inv_pow: &B::F, pos_bits: &[B::F]) -> B::F {
    let one = b.constant(Val::ONE);
    let mut acc = w_inv_pow.clone();
    for (i, bit) in pos_bits.iter().enumerate() {
        let root = b.constant(Val::two_adic_generator(i + 1));
        let factor = b.select(bit, &root, &one);
        acc = b.mul(&acc, &factor);
    }
    acc
}

/// [`fold_row`] for a coset given by `s⁻¹`, with `beta_powers` = [`squarings`] of β (at
/// least `log_arity − 1` squarings): the halving of arity `2^t` folds at `β^(2^(log_arity − t))`.
fn fold_row_at<B: VerifierBackend>(
    b: &mut B,
    mut s_inv: B::F,
    log_arity: usize,
    beta_powers: &[B::EF],
    evals: &[B::EF],
) -> B::EF {
    let half = Val::TWO.inverse();
    let half_c = b.constant(half);
    let mut values = evals.to_vec();
    for t in (1..=log_arity).rev() {
        let beta = &beta_powers[log_arity - t];
        let arity = 1usize << t;
        let w_inv = Val::two_adic_generator(t).inverse();
        let mut next = Vec::with_capacity(arity / 2);
        for m in 0..arity / 2 {
            let (lo, hi) = (&values[2 * m], &values[2 * m + 1]);
            let rev_m = reverse_bits(m, t - 1);
            let c = b.constant(half * w_inv.exp_u64(rev_m as u64));
            let inv_2x = b.mul(&s_inv, &c);
            let sum = b.ext_add(lo, hi);
            let diff = b.ext_sub(lo, hi);
            let even = b.ext_mul_base(&sum, &half_c);
            let odd = b.ext_mul(&diff, beta);
            let odd = b.ext_mul_base(&odd, &inv_2x);
            next.push(b.ext_add(&even, &odd));
        }
        values = next;
        if t > 1 {
            s_inv = b.mul(&s_inv, &s_inv);
        }
    }
    values.pop().expect("one value remains")
}

fn reverse_bits(x: usize, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        x.reverse_bits() >> (usize::BITS as usize - n)
    }
}

#[cfg(test)]
mod tests {
    use std::marker::PhantomData;

    use p3_field::BasedVectorSpace;
    use p3_fri::{FriFoldingStrategy, TwoAdicFriFolding};
    use trellis_stark::Challenge;

    use super::*;
    use crate::native::NativeBackend;

    fn ext(seed: u32) -> Challenge {
        Challenge::from_basis_coefficients_fn(|i| Val::from_u32(seed * 31 + i as u32 * 7 + 1))
    }

    #[test]
    fn coset_inverse_matches_the_direct_one() {
        let log_max = 9;
        for index in [0usize, 1, 2, 5, 170, 300, 511] {
            let mut b = NativeBackend::new();
            let bits: Vec<Val> = (0..log_max)
                .map(|i| Val::from_bool((index >> i) & 1 == 1))
                .collect();
            for offset in 0..log_max {
                for log_arity in 1..=3.min(log_max - offset) {
                    let mut w_inv = reversed_power(&mut b, &bits, true);
                    for _ in 0..offset {
                        w_inv = b.mul(&w_inv, &w_inv);
                    }
                    let pos = &bits[offset..offset + log_arity];
                    let ours = coset_inverse(&mut b, &w_inv, pos);
                    let group = &bits[offset + log_arity..];
                    let log_folded = group.len();
                    let direct = crate::points::reversed_power_in(
                        &mut b,
                        group,
                        log_folded + log_arity,
                        true,
                    );
                    assert_eq!(
                        ours, direct,
                        "index {index}, offset {offset}, arity 2^{log_arity}"
                    );
                }
            }
        }
    }

    #[test]
    fn fold_row_matches_plonky3() {
        let folding = TwoAdicFriFolding::<(), ()>(PhantomData);
        for log_arity in 1..=3 {
            for log_folded in [0usize, 1, 5] {
                for index in [0usize, 1, 3, 17, 30] {
                    if log_folded < 6 && index >= 1 << log_folded {
                        continue;
                    }
                    let evals: Vec<Challenge> =
                        (0..1u32 << log_arity).map(|k| ext(k + 3)).collect();
                    let beta = ext(99 + index as u32);
                    let theirs = FriFoldingStrategy::<Val, Challenge>::fold_row(
                        &folding,
                        index,
                        log_folded,
                        log_arity,
                        beta,
                        evals.iter().copied(),
                    );
                    let mut b = NativeBackend::new();
                    let bits: Vec<Val> = (0..log_folded)
                        .map(|i| Val::from_bool((index >> i) & 1 == 1))
                        .collect();
                    let ours = fold_row(&mut b, &bits, log_folded, log_arity, &beta, &evals);
                    assert_eq!(
                        theirs, ours,
                        "arity 2^{log_arity}, height 2^{log_folded}, index {index}"
                    );
                }
            }
        }
    }
}
