//! The coordinates table: one row per `ExtFromBase`, `ExtFromCoeffs` and `ExtToCoeffs`,
//! which move values between base and extension slots.
//!
//! **Columns.** Main `c[4]` (the extension value's coordinates). Preprocessed
//! `ext_slot`, `ext_read` (the extension slot is read: `ExtToCoeffs`), `ext_reads` (its
//! read count when the row defines it), `base_slot[4]`, `base_read[4]` (coordinate `i`
//! is read from a base slot: `ExtFromCoeffs`, or `i = 0` of `ExtFromBase`),
//! `base_reads[4]` (read counts of the base slots `ExtToCoeffs` defines), `zero_high`
//! (`ExtFromBase`).
//!
//! # Soundness
//!
//! The row has one value, `c`, seen on both buses: on a reading side it is looked up (so
//! it is the read slots' values), on the defining side it is provided. `ExtFromBase`
//! rows also assert `c[i] = 0` for `i ≥ 1`, so the defined extension slot is the
//! embedded base value. No other constraint is needed: each op is a pure re-labelling.
//!
//! # Column contract
//!
//! `c`: the witness bus (looked up on the reading side).

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{coeffs_prep, coeffs_trace};

use std::sync::Arc;

use crate::backend::EXT_DEGREE;
use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::layout;

use super::witness::{read_base, read_ext, write_base, write_ext};

trellis_vm::columns! {
    /// Main columns.
    pub struct CoeffsCols {
        /// The coordinates.
        c: [T; EXT_DEGREE],
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct CoeffsPrep {
        /// The extension slot.
        ext_slot: T,
        /// The extension slot is read.
        ext_read: T,
        /// Its read count when this row defines it.
        ext_reads: T,
        /// The base slots (one per coordinate).
        base_slot: [T; EXT_DEGREE],
        /// Coordinate `i` is read from its base slot.
        base_read: [T; EXT_DEGREE],
        /// Read counts of the base slots this row defines.
        base_reads: [T; EXT_DEGREE],
        /// The high coordinates are zero (`ExtFromBase`).
        zero_high: T,
    }
}

/// The coordinates table.
#[derive(Clone, Debug)]
pub struct CoeffsAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

super::single_row_table!(CoeffsAir, CoeffsCols, CoeffsPrep, coeffs_prep);

impl<AB: BusBuilder> Air<AB> for CoeffsAir {
    fn eval(&self, builder: &mut AB) {
        let p = CoeffsPrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let c = CoeffsCols::<AB::Var>::read(builder.main().current_slice()).c;
        for &high in &c[1..] {
            builder.assert_zero(p.zero_high.into() * high.into());
        }
        read_ext(builder, p.ext_slot, c, p.ext_read);
        write_ext(builder, p.ext_slot, c, p.ext_reads);
        for (i, &ci) in c.iter().enumerate() {
            read_base(builder, p.base_slot[i], ci, p.base_read[i]);
            write_base(builder, p.base_slot[i], ci, p.base_reads[i]);
        }
    }
}

impl ChipAir for CoeffsAir {
    fn chip_name(&self) -> String {
        super::Table::Coeffs.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&CoeffsCols::<Domain> {
            c: [Domain::Determined("witness bus: the read slot(s)' value"); EXT_DEGREE],
        }))
    }
}
