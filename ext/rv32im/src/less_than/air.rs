//! The LessThan AIR: slt, sltu, comparing from the most significant limb.
//!
//! The operands are compared as limbs `x = b`, `y = c`, except that for slt
//! the top limbs are signed: `x_3 = b_3 − 256·b_sign`, `y_3 = c_3 − 256·c_sign`,
//! with the sign bits proven by one byte-pair lookup of
//! `(2·(is_slt·b_3 − 128·b_sign), 2·(is_slt·c_3 − 128·c_sign))` (this also
//! forces both signs to 0 on sltu rows).
//!
//! A one-hot-or-zero marker `μ_i` points at the most significant limb where
//! `x` and `y` differ: limbs above it are equal (`(1 − Σ_{j≥i} μ_j)(y_i − x_i) = 0`),
//! and at the marker `diff = (y_i − x_i)·(2·result − 1)` is checked to lie in
//! `[1, 256]` (a range lookup of `diff − Σμ`), so `result` is the sign of the
//! difference. Without a marker the operands are equal and `result = 0`,
//! `diff = 0`.
//! The result is written as the word `(result, 0, 0, 0)`, a boolean.
//!
//! Columns: 18 adapter + `rs2_is_reg` + 2 opcode flags + result + 8 limbs +
//! 2 signs + 4 markers + diff = 37.

use crate::adapters::alu::{AluAdapterCols, AluIo, Rs2Source, eval_alu_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::LessThanOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Bits of `diff − 1` at the marked limb.
pub const DIFF_BITS: u32 = 8;

trellis_vm::columns! {
    /// One row of the LessThan chip.
    pub struct LessThanCols {
        /// Adapter columns.
        adapter: AluAdapterCols<T>,
        /// `e`: 1 if the second operand is a register, 0 for an immediate.
        rs2_is_reg: T,
        /// slt.
        is_slt: T,
        /// sltu.
        is_sltu: T,
        /// The result bit (limb 0 of rd; limbs 1..3 are 0).
        result: T,
        /// rs1 limbs.
        b: [T; 4],
        /// rs2 or immediate limbs.
        c: [T; 4],
        /// Top bit of `b` on slt rows.
        b_sign: T,
        /// Top bit of `c` on slt rows.
        c_sign: T,
        /// Marks the most significant differing limb (all 0 if equal).
        diff_marker: [T; 4],
        /// `|y_i − x_i|` at the marked limb.
        diff: T,
    }
}

/// Number of columns of [`LessThanCols`].
pub const LESS_THAN_WIDTH: usize = <LessThanCols<u8> as Columns<u8>>::WIDTH;

/// The LessThan AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct LessThanAir;

impl BaseAir<Val> for LessThanAir {
    fn width(&self) -> usize {
        LESS_THAN_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for LessThanAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&LessThanCols::<Domain> {
            adapter: AluAdapterCols::CONTRACT,
            rs2_is_reg: Domain::Bit,
            is_slt: Domain::Bit,
            is_sltu: Domain::Bit,
            result: Domain::Bit,
            b: [Domain::Determined("memory bus: rs1's bytes"); 4],
            c: [Domain::Determined(
                "memory bus: rs2's bytes, or the program's immediate (adapter's sign-extension checks)",
            ); 4],
            b_sign: Domain::Bit,
            c_sign: Domain::Bit,
            diff_marker: [Domain::Bit; 4],
            diff: Domain::Determined(
                "in [0, 256]: diff − Σμ < 2^8 on the range bus, and 0 without a marker",
            ),
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for LessThanAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = LessThanCols::<AB::Var>::read(main.current_slice());
        let e = |x: AB::Var| -> AB::Expr { x.into() };
        let num = |x: u32| AB::Expr::from_u32(x);
        let (is_slt, result, b_sign, c_sign) = (
            e(cols.is_slt),
            e(cols.result),
            e(cols.b_sign),
            e(cols.c_sign),
        );
        let b = cols.b.map(e);
        let c = cols.c.map(e);
        let marker = cols.diff_marker.map(e);

        for x in [
            cols.is_slt,
            cols.is_sltu,
            cols.result,
            cols.b_sign,
            cols.c_sign,
        ]
        .into_iter()
        .chain(cols.diff_marker)
        {
            builder.assert_bool(x);
        }
        let is_valid = is_slt.clone() + e(cols.is_sltu);
        builder.assert_bool(is_valid.clone());
        let marked: AB::Expr = marker.iter().cloned().sum();
        builder.assert_bool(marked.clone());

        let mut x = b.clone();
        let mut y = c.clone();
        x[3] = x[3].clone() - b_sign.clone() * num(256);
        y[3] = y[3].clone() - c_sign.clone() * num(256);
        let mut prefix = AB::Expr::ZERO;
        for i in (0..4).rev() {
            prefix += marker[i].clone();
            let difference = y[i].clone() - x[i].clone();
            builder.assert_zero((AB::Expr::ONE - prefix.clone()) * difference.clone());
            builder.assert_zero(
                marker[i].clone()
                    * (e(cols.diff)
                        - difference * (result.clone() * AB::Expr::TWO - AB::Expr::ONE)),
            );
        }
        // Equal operands: result 0, and no difference either (so that every
        // cell of the row is a function of the operands).
        builder.assert_zero((AB::Expr::ONE - marked.clone()) * result.clone());
        builder.assert_zero((AB::Expr::ONE - marked.clone()) * e(cols.diff));

        RANGE.lookup(
            builder,
            [e(cols.diff) - marked, num(DIFF_BITS)],
            once::<AB>(is_valid.clone()),
        );
        let top = |limb: AB::Expr, sign: AB::Expr| {
            (is_slt.clone() * limb - sign * num(128)) * AB::Expr::TWO
        };
        BITWISE.lookup(
            builder,
            [
                top(b[3].clone(), b_sign),
                top(c[3].clone(), c_sign),
                AB::Expr::ZERO,
                num(BITWISE_RANGE),
            ],
            once::<AB>(is_valid.clone()),
        );

        let opcode = AB::Expr::from_u16(LessThanOpcode::OFFSET) + e(cols.is_sltu);
        let a = [result, AB::Expr::ZERO, AB::Expr::ZERO, AB::Expr::ZERO];
        eval_alu_adapter(
            builder,
            &cols.adapter,
            Rs2Source::RegisterOrImmediate(cols.rs2_is_reg.into()),
            AluIo {
                is_valid,
                opcode,
                a,
                b,
                c,
            },
        );
    }
}
