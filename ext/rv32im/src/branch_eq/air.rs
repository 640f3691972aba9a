//! The BranchEq AIR: beq, bne.
//!
//! `taken` (boolean) is the branch decision; `eq = beq · taken + bne · (1 -
//! taken)` must be 1 exactly when rs1 = rs2:
//!
//! - `eq · (rs1_i - rs2_i) = 0` for each limb: equal when `eq`;
//! - `(Σ (rs1_i - rs2_i)^2) · inv = is_valid - eq`: some limb differs when
//!   not `eq`. The limbs are bytes, so the sum of squares is below
//!   `4 · 255^2 < p` and vanishes only when every difference does.
//! - `(1 - is_valid + eq) · inv = 0`: `inv` is 0 when it is not needed, so
//!   every instruction row has one witness.
//!
//! Columns: 19 adapter + 2 flags + taken + inv = 23. Degree 3.

use crate::adapters::branch::{BranchAdapterCols, eval_branch_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::BranchEqOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};

trellis_vm::columns! {
    /// One row of the BranchEq chip.
    pub struct BranchEqCols {
        /// Adapter columns.
        adapter: BranchAdapterCols<T>,
        /// One flag per opcode, in local order (beq, bne).
        flags: [T; 2],
        /// 1 if the branch is taken.
        taken: T,
        /// Inverse of `Σ (rs1_i - rs2_i)^2` when the operands differ.
        inv: T,
    }
}

/// Number of columns of [`BranchEqCols`].
pub const BRANCH_EQ_WIDTH: usize = <BranchEqCols<u8> as Columns<u8>>::WIDTH;

/// The BranchEq AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct BranchEqAir;

impl BaseAir<Val> for BranchEqAir {
    fn width(&self) -> usize {
        BRANCH_EQ_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for BranchEqAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BranchEqCols::<Domain> {
            adapter: BranchAdapterCols::CONTRACT,
            flags: [Domain::Bit; 2],
            taken: Domain::Bit,
            inv: Domain::Determined(
                "Σ (rs1_i - rs2_i)^2 · inv = is_valid - eq and (1 - is_valid + eq) · inv = 0: \
                 the inverse of the sum of squares when the operands differ, else 0",
            ),
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for BranchEqAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = BranchEqCols::<AB::Var>::read(main.current_slice());
        let [beq, bne] = cols.flags.map(Into::<AB::Expr>::into);
        builder.assert_bool(beq.clone());
        builder.assert_bool(bne.clone());
        let is_valid = beq.clone() + bne.clone();
        builder.assert_bool(is_valid.clone());
        let opcode = beq.clone() * AB::Expr::from_u16(BranchEqOpcode::Beq.global().as_u16())
            + bne.clone() * AB::Expr::from_u16(BranchEqOpcode::Bne.global().as_u16());

        let taken: AB::Expr = cols.taken.into();
        builder.assert_bool(taken.clone());
        let eq = beq * taken.clone() + bne * (AB::Expr::ONE - taken.clone());
        let mut squares = AB::Expr::ZERO;
        for (x, y) in cols.adapter.rs1.into_iter().zip(cols.adapter.rs2) {
            let diff = x.into() - y.into();
            builder.assert_zero(eq.clone() * diff.clone());
            squares += diff.clone() * diff;
        }
        let differ = is_valid.clone() - eq;
        builder.assert_eq(squares * cols.inv.into(), differ.clone());
        // Equal operands (and padding) have no inverse: inv = 0.
        builder.assert_zero((AB::Expr::ONE - differ) * cols.inv.into());

        eval_branch_adapter(builder, &cols.adapter, is_valid, opcode, taken);
    }
}
