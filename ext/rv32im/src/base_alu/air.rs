//! The BaseAlu AIR: add, sub, xor, or, and on four byte limbs.
//!
//! - add: `a_i + 256·carry_i = b_i + c_i + carry_{i-1}`, with each carry an
//!   expression of the limbs (no column) constrained boolean.
//! - sub: the same for `b = a + c` (borrows).
//! - xor / or / and: one xor lookup `(b_i, c_i, x_i)` per limb on the bitwise
//!   bus, with `x = a` (xor), `x = 2a - b - c` (or), `x = b + c - 2a` (and).
//! - For add / sub the result is range-checked as two byte pairs; the first
//!   two bitwise lookups carry those pairs on add/sub rows and xors on
//!   bitwise rows, so a row makes four bitwise lookups either way.
//!
//! Columns: 18 adapter + `rs2_is_reg` + 5 flags + 12 limbs = 36.

use crate::adapters::alu::{AluAdapterCols, AluIo, Rs2Source, eval_alu_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::BaseAluOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Field, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, BITWISE_XOR};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

trellis_vm::columns! {
    /// One row of the BaseAlu chip.
    pub struct BaseAluCols {
        /// Adapter columns.
        adapter: AluAdapterCols<T>,
        /// `e`: 1 if the second operand is a register, 0 for an immediate.
        rs2_is_reg: T,
        /// One flag per opcode, in local order (add, sub, xor, or, and).
        flags: [T; 5],
        /// Result limbs (written to rd).
        a: [T; 4],
        /// rs1 limbs.
        b: [T; 4],
        /// rs2 or immediate limbs.
        c: [T; 4],
    }
}

/// Number of columns of [`BaseAluCols`].
pub const BASE_ALU_WIDTH: usize = <BaseAluCols<u8> as Columns<u8>>::WIDTH;

/// The BaseAlu AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct BaseAluAir;

impl BaseAir<Val> for BaseAluAir {
    fn width(&self) -> usize {
        BASE_ALU_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for BaseAluAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BaseAluCols::<Domain> {
            adapter: AluAdapterCols::CONTRACT,
            rs2_is_reg: Domain::Bit,
            flags: [Domain::Bit; 5],
            a: [Domain::Byte; 4],
            b: [Domain::Determined("memory bus: rs1's bytes (byte-checked on bitwise rows)"); 4],
            c: [Domain::Determined(
                "memory bus: rs2's bytes, or the program's immediate (byte-checked on bitwise rows)",
            ); 4],
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for BaseAluAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = BaseAluCols::<AB::Var>::read(main.current_slice());
        let [add, sub, xor, or, and] = cols.flags.map(Into::<AB::Expr>::into);
        let a = cols.a.map(Into::<AB::Expr>::into);
        let b = cols.b.map(Into::<AB::Expr>::into);
        let c = cols.c.map(Into::<AB::Expr>::into);

        for flag in cols.flags {
            builder.assert_bool(flag);
        }
        let is_valid = add.clone() + sub.clone() + xor.clone() + or.clone() + and.clone();
        builder.assert_bool(is_valid.clone());
        let is_arith = add.clone() + sub.clone();
        let is_bitwise = xor.clone() + or.clone() + and.clone();

        // add / sub: carries (borrows) are boolean.
        let inv256 = AB::Expr::from(Val::from_u32(256).inverse());
        let (mut carry, mut borrow) = (AB::Expr::ZERO, AB::Expr::ZERO);
        for i in 0..4 {
            carry = (b[i].clone() + c[i].clone() + carry - a[i].clone()) * inv256.clone();
            borrow = (a[i].clone() + c[i].clone() + borrow - b[i].clone()) * inv256.clone();
            builder.assert_zero(add.clone() * carry.clone() * (carry.clone() - AB::Expr::ONE));
            builder.assert_zero(sub.clone() * borrow.clone() * (borrow.clone() - AB::Expr::ONE));
        }

        // Bitwise lookups: (b_i, c_i, b_i xor c_i) with the xor written from a.
        let two = AB::Expr::TWO;
        let x: [AB::Expr; 4] = std::array::from_fn(|i| {
            xor.clone() * a[i].clone()
                + or.clone() * (two.clone() * a[i].clone() - b[i].clone() - c[i].clone())
                + and.clone() * (b[i].clone() + c[i].clone() - two.clone() * a[i].clone())
        });
        let op_xor = AB::Expr::from_u32(BITWISE_XOR);
        let op_range = AB::Expr::from_u32(BITWISE_RANGE);
        for i in 0..2 {
            // Bitwise rows: (b_i, c_i, x_i, xor); add/sub rows: (a_2i, a_2i+1, 0, range).
            let first = is_bitwise.clone() * b[i].clone() + is_arith.clone() * a[2 * i].clone();
            let second =
                is_bitwise.clone() * c[i].clone() + is_arith.clone() * a[2 * i + 1].clone();
            let op = is_bitwise.clone() * op_xor.clone() + is_arith.clone() * op_range.clone();
            BITWISE.lookup(
                builder,
                [first, second, x[i].clone(), op],
                once::<AB>(is_valid.clone()),
            );
        }
        for i in 2..4 {
            BITWISE.lookup(
                builder,
                [b[i].clone(), c[i].clone(), x[i].clone(), op_xor.clone()],
                once::<AB>(is_bitwise.clone()),
            );
        }

        let opcode = BaseAluOpcode::ALL.iter().zip(cols.flags).fold(
            AB::Expr::from_u16(BaseAluOpcode::OFFSET),
            |acc, (op, flag)| acc + flag.into() * AB::Expr::from_u16(op.local()),
        );
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
