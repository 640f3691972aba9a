//! The base ALU table: one row per `Add`, `Sub`, `Mul` over base slots.
//!
//! **Columns.** Main `a`, `b`, `out`; preprocessed `a_slot`, `b_slot`, `out_slot`,
//! `is_add`, `is_sub`, `is_mul` (one-hot on real rows, zero on padding), `reads`.
//!
//! # Soundness
//!
//! `a` and `b` are looked up on the witness bus at their preprocessed slots (count
//! `is_add + is_sub + is_mul`), so they are the slots' defined values; the constraint
//! `out = is_add·(a + b) + is_sub·(a − b) + is_mul·a·b` (degree 3) fixes `out`, which
//! the row provides with the slot's read count. The selectors are preprocessed.
//!
//! # Column contract
//!
//! `a`, `b`: looked up (the witness bus). `out`: `Determined` by the ALU constraint.

mod trace;

#[cfg(test)]
mod tests;

pub use trace::{alu_base_prep, alu_base_trace};

use std::sync::Arc;

use trellis_stark::{Air, BaseAir, BusBuilder, ChipAir, Domain, RowMajorMatrix, Val, WindowAccess};
use trellis_vm::circuit::contracts::layout;

use super::witness::{read_base, write_base};

trellis_vm::columns! {
    /// Main columns.
    pub struct AluBaseCols {
        /// Left operand.
        a: T,
        /// Right operand.
        b: T,
        /// Result.
        out: T,
    }
}

trellis_vm::columns! {
    /// Preprocessed columns.
    pub struct AluBasePrep {
        /// Slot of `a`.
        a_slot: T,
        /// Slot of `b`.
        b_slot: T,
        /// Slot of `out`.
        out_slot: T,
        /// `Add` row.
        is_add: T,
        /// `Sub` row.
        is_sub: T,
        /// `Mul` row.
        is_mul: T,
        /// Read count of `out`.
        reads: T,
    }
}

use trellis_vm::circuit::columns::Columns;

/// The base ALU table.
#[derive(Clone, Debug)]
pub struct AluBaseAir {
    prep: Arc<RowMajorMatrix<Val>>,
}

super::single_row_table!(AluBaseAir, AluBaseCols, AluBasePrep, alu_base_prep);

impl<AB: BusBuilder> Air<AB> for AluBaseAir {
    fn eval(&self, builder: &mut AB) {
        let p = AluBasePrep::<AB::Var>::read(builder.preprocessed().current_slice());
        let c = AluBaseCols::<AB::Var>::read(builder.main().current_slice());
        let (a, b): (AB::Expr, AB::Expr) = (c.a.into(), c.b.into());
        let result = p.is_add.into() * (a.clone() + b.clone())
            + p.is_sub.into() * (a.clone() - b.clone())
            + p.is_mul.into() * a * b;
        builder.assert_eq(c.out, result);
        let real = p.is_add.into() + p.is_sub.into() + p.is_mul.into();
        read_base(builder, p.a_slot, c.a, real.clone());
        read_base(builder, p.b_slot, c.b, real);
        write_base(builder, p.out_slot, c.out, p.reads);
    }
}

impl ChipAir for AluBaseAir {
    fn chip_name(&self) -> String {
        super::Table::AluBase.name().into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const OPERAND: Domain = Domain::Determined("witness bus: the operand slot's value");
        Some(layout(&AluBaseCols::<Domain> {
            a: OPERAND,
            b: OPERAND,
            out: Domain::Determined("out = is_add·(a+b) + is_sub·(a−b) + is_mul·a·b"),
        }))
    }
}
