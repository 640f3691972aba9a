//! Product of two degree-4 polynomials with 9 multiplications (Toom–Cook evaluation and
//! interpolation), the core of the extension-field multiplication.
//!
//! In R1CS a product of two linear combinations is one constraint whatever their length,
//! so `c = a · b` (9 coefficients) costs 9 constraints rather than 25: evaluate `a` and `b`
//! at the points `0..9` (linear, free), multiply the 9 pairs (9 constraints), and recover
//! `c`'s coefficients with the inverse Vandermonde matrix over `Fr` (linear, free). The
//! recovered coefficients equal the integer coefficients `Σ aᵢ·bⱼ` as long as those are below
//! `Fr`'s order (the caller's bounds guarantee it), since interpolation over `Fr` is exact
//! modulo `r` and an integer in `[0, r)` is its own residue.

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{Field, One, Zero};
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::SynthesisError;

use super::lincomb::lincomb;

/// Number of coefficients of each factor.
const N: usize = 5;
/// Number of coefficients of the product (and of evaluation points).
const M: usize = 2 * N - 1;

/// `V⁻¹` for the Vandermonde matrix `V[k][i] = kⁱ`, `k, i < 9`, over `Fr`.
fn inverse_vandermonde() -> &'static [[Fr; M]; M] {
    static INV: OnceLock<[[Fr; M]; M]> = OnceLock::new();
    INV.get_or_init(|| {
        // Gauss–Jordan elimination on [V | I]. V is invertible (distinct points), so every
        // pivot is found.
        let mut a: Vec<Vec<Fr>> = (0..M)
            .map(|k| {
                let mut row: Vec<Fr> = (0..M).map(|i| Fr::from(k as u64).pow([i as u64])).collect();
                row.extend((0..M).map(|j| if j == k { Fr::one() } else { Fr::zero() }));
                row
            })
            .collect();
        for col in 0..M {
            let pivot = (col..M).find(|&r| !a[r][col].is_zero()).unwrap_or(col);
            a.swap(col, pivot);
            let inv = a[col][col].inverse().unwrap_or_default();
            for x in a[col].iter_mut() {
                *x *= inv;
            }
            for r in 0..M {
                if r != col && !a[r][col].is_zero() {
                    let f = a[r][col];
                    let pivot_row = a[col].clone();
                    for (x, y) in a[r].iter_mut().zip(pivot_row) {
                        *x -= f * y;
                    }
                }
            }
        }
        std::array::from_fn(|i| std::array::from_fn(|j| a[i][M + j]))
    })
}

/// `a(k)` for `a = Σ aᵢ Xⁱ` at the integer point `k` (a linear combination).
fn eval(a: &[FpVar<Fr>; N], k: u64) -> FpVar<Fr> {
    let mut pow = Fr::one();
    let terms: Vec<(Fr, &FpVar<Fr>)> = a
        .iter()
        .map(|ai| {
            let t = (pow, ai);
            pow *= Fr::from(k);
            t
        })
        .collect();
    lincomb(terms, Fr::zero())
}

/// The 9 coefficients of `a · b` (as polynomials in `X`), using 9 constraints.
pub(crate) fn poly_mul(
    a: &[FpVar<Fr>; N],
    b: &[FpVar<Fr>; N],
) -> Result<[FpVar<Fr>; M], SynthesisError> {
    let products: Vec<FpVar<Fr>> = (0..M as u64).map(|k| eval(a, k) * eval(b, k)).collect();
    let inv = inverse_vandermonde();
    Ok(std::array::from_fn(|i| {
        lincomb(inv[i].iter().copied().zip(&products), Fr::zero())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_vandermonde_inverts() {
        let inv = inverse_vandermonde();
        for k in 0..M {
            for j in 0..M {
                let s: Fr = inv
                    .iter()
                    .enumerate()
                    .map(|(i, row)| Fr::from(k as u64).pow([i as u64]) * row[j])
                    .sum();
                assert_eq!(s, if k == j { Fr::one() } else { Fr::zero() }, "({k},{j})");
            }
        }
    }
}
