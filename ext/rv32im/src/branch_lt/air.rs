//! The BranchLt AIR: blt, bltu, bge, bgeu.
//!
//! `lt` (boolean) is `rs1 < rs2` (signed for blt/bge, unsigned for
//! bltu/bgeu); `taken = lt` for blt/bltu and `1 - lt` for bge/bgeu.
//!
//! The comparison looks at the most significant differing limb. For signed
//! comparisons the top limbs are read as `x_3 - 256 · sign_x` with `sign_x`
//! the top bit of `x_3`, proven by the byte-pair lookup
//! `(2 (x_3 - 128 sign_x), 2 (y_3 - 128 sign_y))` (both below 2^7: `x_3` is a
//! byte, so `2 (x_3 - 128 sign_x)` is an integer in `[-256, 512)` and is a
//! byte only when `sign_x` is the top bit). Unsigned rows have zero signs.
//! With `X, Y` these limbs and `δ_i = Y_i - X_i`, one-hot `marker` flags
//! the most significant `i` with `δ_i ≠ 0`:
//!
//! - `(1 - Σ_{j ≥ i} marker_j) · δ_i = 0`: no difference above the marker
//!   (and none at all without a marker);
//! - `diff = (2 lt - 1) · Σ marker_i δ_i` with `diff - 1 < 2^8` when a
//!   marker is set: the marked limb differs, in the direction `lt` says;
//! - `(1 - Σ marker_i) · lt = 0`: equal operands are not less.
//!
//! Columns: 19 adapter + 4 flags + taken, lt + 2 signs + 4 markers + diff
//! = 32. Degree 3.

use crate::adapters::branch::{BranchAdapterCols, eval_branch_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::BranchLtOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Bits of `diff - 1` (a nonzero limb difference).
pub const DIFF_BITS: u32 = 8;

trellis_vm::columns! {
    /// One row of the BranchLt chip.
    pub struct BranchLtCols {
        /// Adapter columns.
        adapter: BranchAdapterCols<T>,
        /// One flag per opcode, in local order (blt, bltu, bge, bgeu).
        flags: [T; 4],
        /// 1 if the branch is taken.
        taken: T,
        /// 1 if rs1 < rs2 (signed or unsigned, by opcode).
        lt: T,
        /// Top bits of rs1 and rs2 (signed comparisons only).
        signs: [T; 2],
        /// One-hot: the most significant differing limb.
        marker: [T; 4],
        /// `|Y_i - X_i|` at the marked limb.
        diff: T,
    }
}

/// Number of columns of [`BranchLtCols`].
pub const BRANCH_LT_WIDTH: usize = <BranchLtCols<u8> as Columns<u8>>::WIDTH;

/// The BranchLt AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct BranchLtAir;

impl BaseAir<Val> for BranchLtAir {
    fn width(&self) -> usize {
        BRANCH_LT_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for BranchLtAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BranchLtCols::<Domain> {
            adapter: BranchAdapterCols::CONTRACT,
            flags: [Domain::Bit; 4],
            taken: Domain::Bit,
            lt: Domain::Bit,
            signs: [Domain::Bit; 2],
            marker: [Domain::Bit; 4],
            diff: Domain::Determined(
                "diff = (2 lt - 1) · Σ marker_i δ_i, and RANGE (diff - 1, 8) when a marker is set: \
                 |δ| at the most significant differing limb, in 1..=256",
            ),
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for BranchLtAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = BranchLtCols::<AB::Var>::read(main.current_slice());
        let c = |x: u32| AB::Expr::from_u32(x);
        let [blt, bltu, bge, bgeu] = cols.flags.map(Into::<AB::Expr>::into);
        for flag in cols.flags {
            builder.assert_bool(flag);
        }
        let is_valid = blt.clone() + bltu.clone() + bge.clone() + bgeu.clone();
        builder.assert_bool(is_valid.clone());
        let opcode = cols
            .flags
            .iter()
            .enumerate()
            .fold(AB::Expr::ZERO, |acc, (i, &flag)| {
                acc + flag.into() * c(u32::from(BranchLtOpcode::OFFSET) + i as u32)
            });
        let signed = blt + bge.clone();
        let unsigned = bltu + bgeu.clone();
        let ge = bge + bgeu;

        let (taken, lt): (AB::Expr, AB::Expr) = (cols.taken.into(), cols.lt.into());
        builder.assert_bool(taken.clone());
        builder.assert_bool(lt.clone());
        builder.assert_eq(
            taken.clone(),
            lt.clone() + ge * (AB::Expr::ONE - lt.clone() * c(2)),
        );

        let [sign_x, sign_y] = cols.signs.map(Into::<AB::Expr>::into);
        for sign in [&sign_x, &sign_y] {
            builder.assert_bool(sign.clone());
            builder.assert_zero(sign.clone() * unsigned.clone());
        }
        let x = cols.adapter.rs1.map(Into::<AB::Expr>::into);
        let y = cols.adapter.rs2.map(Into::<AB::Expr>::into);
        BITWISE.lookup(
            builder,
            [
                (x[3].clone() - sign_x.clone() * c(128)) * c(2),
                (y[3].clone() - sign_y.clone() * c(128)) * c(2),
                AB::Expr::ZERO,
                c(BITWISE_RANGE),
            ],
            once::<AB>(signed),
        );

        let marker = cols.marker.map(Into::<AB::Expr>::into);
        let mut any_marker = AB::Expr::ZERO;
        let mut marked_delta = AB::Expr::ZERO;
        for i in (0..4).rev() {
            builder.assert_bool(marker[i].clone());
            any_marker += marker[i].clone();
            let mut delta = y[i].clone() - x[i].clone();
            if i == 3 {
                delta += (sign_x.clone() - sign_y.clone()) * c(256);
            }
            builder.assert_zero((AB::Expr::ONE - any_marker.clone()) * delta.clone());
            marked_delta += marker[i].clone() * delta;
        }
        builder.assert_bool(any_marker.clone());
        builder.assert_eq(
            cols.diff.into(),
            (lt.clone() * c(2) - AB::Expr::ONE) * marked_delta,
        );
        builder.assert_zero((AB::Expr::ONE - any_marker.clone()) * lt);
        RANGE.lookup(
            builder,
            [cols.diff.into() - AB::Expr::ONE, c(DIFF_BITS)],
            once::<AB>(any_marker),
        );

        eval_branch_adapter(builder, &cols.adapter, is_valid, opcode, taken);
    }
}
