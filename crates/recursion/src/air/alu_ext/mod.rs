//! The extension ALU table: one row per `ExtAdd`, `ExtSub`, `ExtMul` (both operands
//! extension slots) and `ExtAddBase`, `ExtMulBase` (`b` a base slot, embedded as
//! `(b, 0, …, 0)`), in the degree-5 binomial extension `F[X]/(X⁵ − W)`, `W = 2`.
//!
//! **Columns.** Main `a[5]`, `b[5]`, `out[5]`; preprocessed `a_slot`, `b_slot`,
//! `out_slot`, `is_add`, `is_sub`, `is_mul` (one-hot on real rows), `b_ext`, `b_base`
//! (how `b` is read; their sum is 1 on real rows, 0 on padding), `reads`.
//!
//! # Soundness
//!
//! `a` is looked up as an extension slot (count `b_ext + b_base`); `b` as an extension
//! slot (count `b_ext`) or, on `b_base` rows, as the base slot `b[0]` with
//! `b_base · b[i] = 0` for `i ≥ 1`, so `b` is the embedded base value. Five constraints
//! `out[k] = is_add·(a+b)[k] + is_sub·(a−b)[k] + is_mul·(a·b)[k]` (degree 3, the product
//! reduced by `X⁵ = W`) fix `out`, which the row provides with the slot's read count.
//! The hinted inverse needs no column here: `HintExtInverse` is an input row, and the
//! program's own check `a · a⁻¹ = 1` is an `ExtMul` row and an assert row.
//!
//! # Column contract
//!
//! `a`, `b`: the witness bus (`b[1..]` also the embedding constraint); `out`:
//! `Determined` by the ALU constraints.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{alu_ext_prep, alu_ext_trace};

use std::sync::Arc;

use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Domain, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::layout;

use super::witness::{read_base, read_ext, write_ext};
use crate::backend::EXT_DEGREE;

/// `X⁵ = W` in BabyBear's degree-5 extension (the challenge field; the test
/// `ext_mul_is_the_field_product` checks [`ext_mul`] against Plonky3's product).
pub const W: u32 = 2;

trellis_vm::columns! {
    /// Main columns.
    pub struct AluExtCols {
        /// Left operand.
        a: [T; EXT_DEGREE],
        /// Right operand (an embedded base value on `b_base` rows).
        b: [T; EXT_DEGREE],
        /// Result.
        out: [T; EXT_DEGREE],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct AluExtPrep {
        /// Slot of `a`.
        a_slot: T,
        /// Slot of `b` (base or extension).
        b_slot: T,
        /// Slot of `out`.
        out_slot: T,
        /// Addition row.
        is_add: T,
        /// Subtraction row.
        is_sub: T,
        /// Multiplication row.
        is_mul: T,
        /// `b` is an extension slot.
        b_ext: T,
        /// `b` is a base slot.
        b_base: T,
        /// Read count of `out`.
        reads: T,
    }
}

/// The product in `F[X]/(X⁵ − W)`, on expressions.
pub fn ext_mul<E: PrimeCharacteristicRing + Clone>(
    a: &[E; EXT_DEGREE],
    b: &[E; EXT_DEGREE],
) -> [E; EXT_DEGREE] {
    core::array::from_fn(|k| {
        let mut acc = E::ZERO;
        for (i, ai) in a.iter().enumerate() {
            for (j, bj) in b.iter().enumerate() {
                if i + j == k {
                    acc += ai.clone() * bj.clone();
                } else if i + j == k + EXT_DEGREE {
                    acc += ai.clone() * bj.clone() * E::from_u32(W);
                }
            }
        }
        acc
    })
}

/// The extension ALU table.
#[derive(Clone, Debug)]
pub struct AluExtAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

super::single_row_table!(AluExtAir, AluExtCols, AluExtPrep, alu_ext_prep);

impl<AB: BusBuilder> Air<AB> for AluExtAir {
    fn eval(&self, builder: &mut AB) {
        let p = AluExtPrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let c = AluExtCols::<AB::Var>::read(builder.main().current_slice());
        let a: [AB::Expr; EXT_DEGREE] = c.a.map(Into::into);
        let b: [AB::Expr; EXT_DEGREE] = c.b.map(Into::into);
        let product = ext_mul(&a, &b);
        for k in 0..EXT_DEGREE {
            let result = p.is_add.into() * (a[k].clone() + b[k].clone())
                + p.is_sub.into() * (a[k].clone() - b[k].clone())
                + p.is_mul.into() * product[k].clone();
            builder.assert_eq(c.out[k], result);
        }
        for &high in &c.b[1..] {
            builder.assert_zero(p.b_base.into() * high.into());
        }
        read_ext(builder, p.a_slot, c.a, p.b_ext.into() + p.b_base.into());
        read_ext(builder, p.b_slot, c.b, p.b_ext);
        read_base(builder, p.b_slot, c.b[0], p.b_base);
        write_ext(builder, p.out_slot, c.out, p.reads);
    }
}

impl ChipAir for AluExtAir {
    fn chip_name(&self) -> String {
        super::Table::AluExt.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const OPERAND: Domain = Domain::Determined("witness bus: the operand slot's value");
        const OUT: Domain =
            Domain::Determined("out[k] = is_add·(a+b)[k] + is_sub·(a−b)[k] + is_mul·(a·b)[k]");
        Some(layout(&AluExtCols::<Domain> {
            a: [OPERAND; EXT_DEGREE],
            b: [OPERAND; EXT_DEGREE],
            out: [OUT; EXT_DEGREE],
        }))
    }
}
