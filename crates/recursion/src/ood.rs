//! What the constraint check at the out-of-domain point `zeta` needs besides the
//! constraints: the Lagrange selectors and vanishing polynomial of a trace domain, the
//! quotient recombined from its chunks, and extension values reassembled from
//! base-flattened openings.

use p3_field::{BasedVectorSpace, Field, PrimeCharacteristicRing, TwoAdicField};
use trellis_stark::{Challenge, Val};

use crate::backend::{EXT_DEGREE, VerifierBackend};

/// `zeta^(2^k)` for `k = 0..=max_log`.
pub fn square_powers<B: VerifierBackend>(b: &mut B, zeta: &B::EF, max_log: usize) -> Vec<B::EF> {
    let mut out = vec![zeta.clone()];
    for _ in 0..max_log {
        let last = out.last().expect("non-empty").clone();
        out.push(b.ext_mul(&last, &last));
    }
    out
}

/// Selectors of the trace domain `⟨ω⟩` of size `2^log_n` at `zeta` (given
/// `zeta_pow = zeta^(2^log_n)`): `[is_first_row, is_last_row, is_transition]` and the
/// inverse of the vanishing polynomial. Records a failed check if `zeta` is in the domain.
pub fn selectors<B: VerifierBackend>(
    b: &mut B,
    zeta: &B::EF,
    zeta_pow: &B::EF,
    log_n: usize,
) -> ([B::EF; 3], B::EF) {
    let one = b.constant(Val::ONE);
    let z_h = {
        let minus_one = b.constant(Val::NEG_ONE);
        b.ext_add_base(zeta_pow, &minus_one)
    };
    let inv_vanishing = b.ext_inverse(&z_h, "the out-of-domain point lies in a trace domain");
    let g_inv = b.constant(Val::two_adic_generator(log_n).inverse());
    let zeta_minus_one = {
        let e_one = b.ext_from_base(&one);
        b.ext_sub(zeta, &e_one)
    };
    let e_g_inv = b.ext_from_base(&g_inv);
    let is_transition = b.ext_sub(zeta, &e_g_inv);
    let inv_first = b.ext_inverse(
        &zeta_minus_one,
        "the out-of-domain point lies in a trace domain",
    );
    let inv_last = b.ext_inverse(
        &is_transition,
        "the out-of-domain point lies in a trace domain",
    );
    let is_first = b.ext_mul(&z_h, &inv_first);
    let is_last = b.ext_mul(&z_h, &inv_last);
    ([is_first, is_last, is_transition], inv_vanishing)
}

/// `Σ cᵢ·Xⁱ` for four extension values `c` (an extension column committed as four base
/// columns and opened at an extension point).
pub fn recompose<B: VerifierBackend>(b: &mut B, c: &[B::EF]) -> B::EF {
    debug_assert_eq!(c.len(), EXT_DEGREE);
    let mut acc = c[0].clone();
    for (k, ck) in c.iter().enumerate().skip(1) {
        let basis = b.constant_ext(
            <Challenge as BasedVectorSpace<Val>>::ith_basis_element(k).expect("k < EXT_DEGREE"),
        );
        let t = b.ext_mul(ck, &basis);
        acc = b.ext_add(&acc, &t);
    }
    acc
}

/// The quotient at `zeta` from its `2^log_chunks` chunks, each opened as four extension
/// values, for a trace domain of size `2^log_n` (`zeta_pow = zeta^(2^log_n)`): chunk
/// `i` lives on the coset `g·ω_Q^i·⟨ω⟩` (`g` the field generator, `ω_Q` of order
/// `2^(log_n + log_chunks)`) and is weighted by the product over the other chunks `j` of
/// `Z_j(zeta) / Z_j(g·ω_Q^i)`.
pub fn recompose_quotient<B: VerifierBackend>(
    b: &mut B,
    chunks: &[Vec<B::EF>],
    zeta_pow: &B::EF,
    log_n: usize,
) -> B::EF {
    let n_chunks = chunks.len();
    let log_q = log_n + n_chunks.trailing_zeros() as usize;
    let w_q = Val::two_adic_generator(log_q);
    let shifts: Vec<Val> = (0..n_chunks)
        .map(|i| Val::GENERATOR * w_q.exp_u64(i as u64))
        .collect();
    // Z_j(p) = (p / s_j)^(2^log_n) - 1.
    let vanish_const =
        |j: usize, p: Val| (p * shifts[j].inverse()).exp_power_of_2(log_n) - Val::ONE;
    let minus_one = b.constant(Val::NEG_ONE);
    let vanish_at_zeta: Vec<B::EF> = (0..n_chunks)
        .map(|j| {
            let c = b.constant(shifts[j].inverse().exp_power_of_2(log_n));
            let t = b.ext_mul_base(zeta_pow, &c);
            b.ext_add_base(&t, &minus_one)
        })
        .collect();
    let mut total: Option<B::EF> = None;
    for (i, chunk) in chunks.iter().enumerate() {
        let mut weight: Option<B::EF> = None;
        for (j, vz) in vanish_at_zeta.iter().enumerate() {
            if j == i {
                continue;
            }
            let c = b.constant(vanish_const(j, shifts[i]).inverse());
            let t = b.ext_mul_base(vz, &c);
            weight = Some(match weight {
                None => t,
                Some(w) => b.ext_mul(&w, &t),
            });
        }
        let value = recompose(b, chunk);
        let term = match weight {
            None => value,
            Some(w) => b.ext_mul(&w, &value),
        };
        total = Some(match total {
            None => term,
            Some(t) => b.ext_add(&t, &term),
        });
    }
    total.unwrap_or_else(|| b.constant_ext(Challenge::ZERO))
}
