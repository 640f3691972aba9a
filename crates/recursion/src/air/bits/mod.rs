//! The bits table: one row per `Bits`, the hinted canonical decomposition of a base
//! value into 31 bits, of which the op defines its `out.len()` low ones.
//!
//! **Columns.** Main `x`, `bits[31]` (least significant first), `top_hi = b29·b30`,
//! `top = b27·b28·top_hi`. Preprocessed `x_slot`, `bit_slot[31]`, `bit_reads[31]` (0
//! for the bits the op does not define), `is_real`.
//!
//! # Soundness
//!
//! `x` is looked up at its slot (count `is_real`). Every bit is boolean and
//! `Σ bits[i]·2ⁱ = x` (the sum is below `2³¹ < 2p`, so it is one of the two
//! representatives of `x` below `2³¹`). Canonicity: `p = 2³¹ − 2²⁷ + 1`, so a 31-bit
//! integer is `≥ p` exactly when its top four bits are all one and its low 27 bits are
//! not all zero; `top` is 1 exactly when the top four are one (two degree-3 products),
//! and `top · Σ_{i<27} bits[i]·2ⁱ = 0` (that sum is below `2²⁷ < p`, zero only when all
//! 27 bits are) forces the representative below `p`. So the bits are *the* canonical
//! decomposition; the defined ones are provided with their read counts. Padding rows
//! decompose 0 and read and define nothing.
//!
//! # Column contract
//!
//! `x`: the witness bus; `bits`: `Bit`; `top_hi`, `top`: `Determined` by their products.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{bits_prep, bits_trace};

use std::sync::Arc;

use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Domain, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::layout;

use super::witness::{read_base, write_base};

/// Bits of a canonical BabyBear value.
pub const NUM_BITS: usize = 31;
/// The low bits that must be zero when the top `NUM_BITS − LOW_BITS` are all one.
pub const LOW_BITS: usize = 27;

trellis_vm::columns! {
    /// Main columns.
    pub struct BitsCols {
        /// The decomposed value.
        x: T,
        /// Its bits, least significant first.
        bits: [T; 31],
        /// `bits[29] · bits[30]`.
        top_hi: T,
        /// `bits[27] · bits[28] · top_hi`: the top four bits are all one.
        top: T,
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct BitsPrep {
        /// Slot of `x`.
        x_slot: T,
        /// Slots of the defined bits (0 for the others).
        bit_slot: [T; 31],
        /// Read counts of the defined bits (0 for the others).
        bit_reads: [T; 31],
        /// A `Bits` row (0 on padding).
        is_real: T,
    }
}

/// The bits table.
#[derive(Clone, Debug)]
pub struct BitsAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

super::single_row_table!(BitsAir, BitsCols, BitsPrep, bits_prep);

impl<AB: BusBuilder> Air<AB> for BitsAir {
    fn eval(&self, builder: &mut AB) {
        let p = BitsPrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let c = BitsCols::<AB::Var>::read(builder.main().current_slice());
        let weighted = |range: core::ops::Range<usize>| {
            range.fold(AB::Expr::ZERO, |acc, i| {
                acc + c.bits[i].into() * AB::Expr::from_u32(1 << i)
            })
        };
        for &b in &c.bits {
            builder.assert_bool(b);
        }
        builder.assert_eq(c.x, weighted(0..NUM_BITS));
        builder.assert_eq(c.top_hi, c.bits[29].into() * c.bits[30].into());
        builder.assert_eq(
            c.top,
            c.bits[27].into() * c.bits[28].into() * c.top_hi.into(),
        );
        builder.assert_zero(c.top.into() * weighted(0..LOW_BITS));
        read_base(builder, p.x_slot, c.x, p.is_real);
        for i in 0..NUM_BITS {
            write_base(builder, p.bit_slot[i], c.bits[i], p.bit_reads[i]);
        }
    }
}

impl ChipAir for BitsAir {
    fn chip_name(&self) -> String {
        super::Table::Bits.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BitsCols::<Domain> {
            x: Domain::Determined("witness bus: the decomposed slot's value"),
            bits: [Domain::Bit; NUM_BITS],
            top_hi: Domain::Determined("top_hi = bits[29]·bits[30]"),
            top: Domain::Determined("top = bits[27]·bits[28]·top_hi"),
        }))
    }
}
