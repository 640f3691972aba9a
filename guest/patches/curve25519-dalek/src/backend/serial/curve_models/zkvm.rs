// Trellis patch: this file is new (see TRELLIS.md at the crate root).

//! The point formulas of `mod.rs` written in place, and the variable-time
//! double-base scalar multiplication of `scalar_mul/vartime_double_base.rs`
//! on top of them, for the Trellis guest target only.
//!
//! With the field on the bigint precompile (`u32/field_zkvm.rs`) a field
//! operation is one instruction, and what remained of a verification were
//! the copies around it: each operation's result moved from its stack slot
//! into the point being built (8 loads, 8 stores), and whole points moved by
//! `memcpy` (the table entry `select` returns by value, the completed point
//! reassigned after an addition, the projective point reassigned at every
//! step): 44 % of the cycles of one `ed25519-dalek` verification. Here every
//! instruction writes its result where it is needed, table entries are
//! borrowed, and the loop updates three points in place.
//!
//! The arithmetic is upstream's, operation for operation (the same formulas
//! in the same order; field results are canonical, so equal inputs give
//! equal outputs), and so are the windows and the table (`NafLookupTable5`
//! of `A`, the precomputed `AFFINE_ODD_MULTIPLES_OF_BASEPOINT` of `B`).

#![allow(non_snake_case)]

#[cfg(feature = "precomputed-tables")]
use super::AffineNielsPoint;
use super::{CompletedPoint, ProjectiveNielsPoint, ProjectivePoint};
use crate::edwards::EdwardsPoint;
use crate::field::FieldElement;
use crate::scalar::Scalar;
use crate::traits::Identity;
use crate::window::NafLookupTable5;

impl CompletedPoint {
    /// `self = p.double()` (`ProjectivePoint::double`).
    #[inline(always)]
    fn set_double(&mut self, p: &ProjectivePoint) {
        let mut XX = FieldElement::ZERO;
        let mut YY = FieldElement::ZERO;
        XX.set_mul(&p.X, &p.X);
        YY.set_mul(&p.Y, &p.Y);
        // X = (X + Y)^2 - (YY + XX), Y = YY + XX, Z = YY - XX,
        // T = 2 Z^2 - (YY - XX).
        self.X.set_add(&p.X, &p.Y);
        self.X.square_assign();
        self.Y.set_add(&YY, &XX);
        self.Z.set_sub(&YY, &XX);
        self.X -= &self.Y;
        self.T.set_mul(&p.Z, &p.Z);
        self.T.double_assign();
        self.T -= &self.Z;
    }

    /// `self = e + q` (`sign = false`) or `e - q` (`sign = true`) for a
    /// projective Niels point `q` (`Add` / `Sub` for `&EdwardsPoint`).
    #[inline(always)]
    fn set_add_projective_niels(&mut self, e: &EdwardsPoint, q: &ProjectiveNielsPoint, sign: bool) {
        let (plus, minus) = if sign {
            (&q.Y_minus_X, &q.Y_plus_X)
        } else {
            (&q.Y_plus_X, &q.Y_minus_X)
        };
        let mut PP = FieldElement::ZERO;
        let mut MM = FieldElement::ZERO;
        let mut TT2d = FieldElement::ZERO;
        let mut ZZ2 = FieldElement::ZERO;
        PP.set_add(&e.Y, &e.X);
        PP *= plus;
        MM.set_sub(&e.Y, &e.X);
        MM *= minus;
        TT2d.set_mul(&e.T, &q.T2d);
        ZZ2.set_mul(&e.Z, &q.Z);
        ZZ2.double_assign();
        self.X.set_sub(&PP, &MM);
        self.Y.set_add(&PP, &MM);
        if sign {
            self.Z.set_sub(&ZZ2, &TT2d);
            self.T.set_add(&ZZ2, &TT2d);
        } else {
            self.Z.set_add(&ZZ2, &TT2d);
            self.T.set_sub(&ZZ2, &TT2d);
        }
    }

    /// `self = e + q` (`sign = false`) or `e - q` (`sign = true`) for an
    /// affine Niels point `q` (`Add` / `Sub` for `&EdwardsPoint`).
    #[cfg(feature = "precomputed-tables")]
    #[inline(always)]
    fn set_add_affine_niels(&mut self, e: &EdwardsPoint, q: &AffineNielsPoint, sign: bool) {
        let (plus, minus) = if sign {
            (&q.y_minus_x, &q.y_plus_x)
        } else {
            (&q.y_plus_x, &q.y_minus_x)
        };
        let mut PP = FieldElement::ZERO;
        let mut MM = FieldElement::ZERO;
        let mut Txy2d = FieldElement::ZERO;
        let mut Z2 = FieldElement::ZERO;
        PP.set_add(&e.Y, &e.X);
        PP *= plus;
        MM.set_sub(&e.Y, &e.X);
        MM *= minus;
        Txy2d.set_mul(&e.T, &q.xy2d);
        Z2.set_add(&e.Z, &e.Z);
        self.X.set_sub(&PP, &MM);
        self.Y.set_add(&PP, &MM);
        if sign {
            self.Z.set_sub(&Z2, &Txy2d);
            self.T.set_add(&Z2, &Txy2d);
        } else {
            self.Z.set_add(&Z2, &Txy2d);
            self.T.set_sub(&Z2, &Txy2d);
        }
    }
}

impl EdwardsPoint {
    /// `self = c.as_extended()`.
    #[inline(always)]
    fn set_from_completed(&mut self, c: &CompletedPoint) {
        self.X.set_mul(&c.X, &c.T);
        self.Y.set_mul(&c.Y, &c.Z);
        self.Z.set_mul(&c.Z, &c.T);
        self.T.set_mul(&c.X, &c.Y);
    }
}

impl ProjectivePoint {
    /// `self = c.as_projective()`.
    #[inline(always)]
    fn set_from_completed(&mut self, c: &CompletedPoint) {
        self.X.set_mul(&c.X, &c.T);
        self.Y.set_mul(&c.Y, &c.Z);
        self.Z.set_mul(&c.Z, &c.T);
    }
}

/// Compute \\(aA + bB\\) in variable time, where \\(B\\) is the Ed25519
/// basepoint: `scalar_mul::vartime_double_base::mul`, in place.
pub fn vartime_double_base_mul(a: &Scalar, A: &EdwardsPoint, b: &Scalar) -> EdwardsPoint {
    let a_naf = a.non_adjacent_form(5);

    #[cfg(feature = "precomputed-tables")]
    let b_naf = b.non_adjacent_form(8);
    #[cfg(not(feature = "precomputed-tables"))]
    let b_naf = b.non_adjacent_form(5);

    // Find starting index
    let mut i: usize = 255;
    for j in (0..256).rev() {
        i = j;
        if a_naf[i] != 0 || b_naf[i] != 0 {
            break;
        }
    }

    let table_A = NafLookupTable5::<ProjectiveNielsPoint>::from(A);
    #[cfg(feature = "precomputed-tables")]
    let table_B = &crate::constants::AFFINE_ODD_MULTIPLES_OF_BASEPOINT;
    #[cfg(not(feature = "precomputed-tables"))]
    let table_B =
        &NafLookupTable5::<ProjectiveNielsPoint>::from(&crate::constants::ED25519_BASEPOINT_POINT);

    let mut r = ProjectivePoint::identity();
    let mut t = CompletedPoint {
        X: FieldElement::ZERO,
        Y: FieldElement::ZERO,
        Z: FieldElement::ZERO,
        T: FieldElement::ZERO,
    };
    let mut e = EdwardsPoint::identity();
    loop {
        t.set_double(&r);

        let x = a_naf[i];
        if x != 0 {
            // `select(|x|)` of the table, by reference.
            let entry = &table_A.0[x.unsigned_abs() as usize / 2];
            e.set_from_completed(&t);
            t.set_add_projective_niels(&e, entry, x < 0);
        }

        let y = b_naf[i];
        if y != 0 {
            let entry = &table_B.0[y.unsigned_abs() as usize / 2];
            e.set_from_completed(&t);
            #[cfg(feature = "precomputed-tables")]
            t.set_add_affine_niels(&e, entry, y < 0);
            #[cfg(not(feature = "precomputed-tables"))]
            t.set_add_projective_niels(&e, entry, y < 0);
        }

        r.set_from_completed(&t);

        if i == 0 {
            break;
        }
        i -= 1;
    }

    r.as_extended()
}
