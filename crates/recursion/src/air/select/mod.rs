//! The select table: one row per `Select` (base) and `SelectExt` (extension).
//!
//! **Columns.** Main `bit`, `x[4]` (chosen when the bit is 1), `y[4]` (when 0),
//! `out[4]`. Preprocessed `bit_slot`, `x_slot`, `y_slot`, `out_slot`, `base`, `ext`
//! (the row's kind; both 0 on padding), `base_reads`, `ext_reads` (the read count of
//! `out` on its bus; the other is 0).
//!
//! # Soundness
//!
//! `bit` is looked up (count `base + ext`) and asserted boolean, so the table does not
//! rely on the `Bits` chip to have made it one. `x`, `y` are looked up on the extension
//! bus (count `ext`) or as base slots `x[0]`, `y[0]` (count `base`, with
//! `base · x[i] = base · y[i] = 0` for `i ≥ 1`). The constraints
//! `out[i] = bit · (x[i] − y[i]) + y[i]` (degree 2) fix `out`, provided on the bus of its
//! kind with its read count.
//!
//! # Column contract
//!
//! `bit`: `Bit`; `x`, `y`: the witness bus; `out`: `Determined` by the select constraint.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{select_prep, select_trace};

use std::sync::Arc;

use crate::backend::EXT_DEGREE;
use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::layout;

use super::witness::{read_base, read_ext, write_base, write_ext};

trellis_vm::columns! {
    /// Main columns.
    pub struct SelectCols {
        /// The selector bit.
        bit: T,
        /// Chosen when the bit is 1.
        x: [T; EXT_DEGREE],
        /// Chosen when the bit is 0.
        y: [T; EXT_DEGREE],
        /// The result.
        out: [T; EXT_DEGREE],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct SelectPrep {
        /// Slot of the bit.
        bit_slot: T,
        /// Slot of `x`.
        x_slot: T,
        /// Slot of `y`.
        y_slot: T,
        /// Slot of `out`.
        out_slot: T,
        /// A base `Select` row.
        base: T,
        /// A `SelectExt` row.
        ext: T,
        /// Read count of a base `out`.
        base_reads: T,
        /// Read count of an extension `out`.
        ext_reads: T,
    }
}

/// The select table.
#[derive(Clone, Debug)]
pub struct SelectAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

super::single_row_table!(SelectAir, SelectCols, SelectPrep, select_prep);

impl<AB: BusBuilder> Air<AB> for SelectAir {
    fn eval(&self, builder: &mut AB) {
        let p = SelectPrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let c = SelectCols::<AB::Var>::read(builder.main().current_slice());
        builder.assert_bool(c.bit);
        for i in 0..EXT_DEGREE {
            let chosen = c.bit.into() * (c.x[i].into() - c.y[i].into()) + c.y[i].into();
            builder.assert_eq(c.out[i], chosen);
        }
        for i in 1..EXT_DEGREE {
            builder.assert_zero(p.base.into() * c.x[i].into());
            builder.assert_zero(p.base.into() * c.y[i].into());
        }
        read_base(builder, p.bit_slot, c.bit, p.base.into() + p.ext.into());
        read_ext(builder, p.x_slot, c.x, p.ext);
        read_ext(builder, p.y_slot, c.y, p.ext);
        read_base(builder, p.x_slot, c.x[0], p.base);
        read_base(builder, p.y_slot, c.y[0], p.base);
        write_ext(builder, p.out_slot, c.out, p.ext_reads);
        write_base(builder, p.out_slot, c.out[0], p.base_reads);
    }
}

impl ChipAir for SelectAir {
    fn chip_name(&self) -> String {
        super::Table::Select.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const OPERAND: Domain = Domain::Determined("witness bus: the operand slot's value");
        Some(layout(&SelectCols::<Domain> {
            bit: Domain::Bit,
            x: [OPERAND; EXT_DEGREE],
            y: [OPERAND; EXT_DEGREE],
            out: [Domain::Determined("out[i] = bit·(x[i] − y[i]) + y[i]"); EXT_DEGREE],
        }))
    }
}
