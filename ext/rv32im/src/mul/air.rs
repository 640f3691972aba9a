//! The Mul AIR: the low word of `b · c`.
//!
//! With limb products `S_i = Σ_{j+k=i} b_j c_k` (`i < 4`), the product is
//! checked in two 16-bit chunks:
//! `S_0 + 2^8 S_1 = (a_0 + 2^8 a_1) + 2^16 κ_0` and
//! `S_2 + 2^8 S_3 + κ_0 = (a_2 + 2^8 a_3) + 2^16 κ_1`,
//! where the carries `κ` are expressions (no columns) range-checked below
//! `2^9` and `2^10` (their largest values are 509 and 1019). Both sides stay
//! below `2^27 < p`, so the equations hold over the integers, and with the
//! result limbs byte-checked they determine `a` uniquely.
//!
//! Columns: 18 adapter + `is_valid` + 12 limbs = 31. Lookups: two byte
//! pairs, two range checks.

use crate::adapters::alu::{AluAdapterCols, AluIo, Rs2Source, eval_alu_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::MulOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Field, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Bits of the two 16-bit-chunk carries.
pub const CARRY_BITS: [u32; 2] = [9, 10];

trellis_vm::columns! {
    /// One row of the Mul chip.
    pub struct MulCols {
        /// Adapter columns.
        adapter: AluAdapterCols<T>,
        /// 1 on instruction rows.
        is_valid: T,
        /// Result limbs.
        a: [T; 4],
        /// rs1 limbs.
        b: [T; 4],
        /// rs2 limbs.
        c: [T; 4],
    }
}

/// Number of columns of [`MulCols`].
pub const MUL_WIDTH: usize = <MulCols<u8> as Columns<u8>>::WIDTH;

/// The Mul AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct MulAir;

impl BaseAir<Val> for MulAir {
    fn width(&self) -> usize {
        MUL_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for MulAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&MulCols::<Domain> {
            adapter: AluAdapterCols::CONTRACT,
            is_valid: Domain::Bit,
            a: [Domain::Byte; 4],
            b: [Domain::Determined("memory bus: rs1's bytes"); 4],
            c: [Domain::Determined("memory bus: rs2's bytes"); 4],
        }))
    }
}

/// `Σ_{j+k=i} x_j y_k` for every `i < N` (limbs of a product, before carries).
pub fn limb_products<E: PrimeCharacteristicRing + Clone, const N: usize>(
    x: &[E; N],
    y: &[E; N],
) -> [E; N] {
    std::array::from_fn(|i| (0..=i).map(|j| x[j].clone() * y[i - j].clone()).sum())
}

impl<AB: BusBuilder> Air<AB> for MulAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = MulCols::<AB::Var>::read(main.current_slice());
        let e = |x: AB::Var| -> AB::Expr { x.into() };
        let num = |x: u32| AB::Expr::from_u32(x);
        let (a, b, c) = (cols.a.map(e), cols.b.map(e), cols.c.map(e));
        let is_valid = e(cols.is_valid);
        builder.assert_bool(is_valid.clone());

        let s = limb_products(&b, &c);
        let inv = AB::Expr::from(Val::from_u32(1 << 16).inverse());
        let mut carry = AB::Expr::ZERO;
        for (i, bits) in CARRY_BITS.into_iter().enumerate() {
            let chunk = s[2 * i].clone() + s[2 * i + 1].clone() * num(256);
            let result = a[2 * i].clone() + a[2 * i + 1].clone() * num(256);
            carry = (chunk + carry - result) * inv.clone();
            RANGE.lookup(
                builder,
                [carry.clone(), num(bits)],
                once::<AB>(is_valid.clone()),
            );
        }
        for i in [0, 2] {
            BITWISE.lookup(
                builder,
                [
                    a[i].clone(),
                    a[i + 1].clone(),
                    AB::Expr::ZERO,
                    num(BITWISE_RANGE),
                ],
                once::<AB>(is_valid.clone()),
            );
        }

        let opcode = AB::Expr::from_u16(MulOpcode::Mul.global().as_u16());
        eval_alu_adapter(
            builder,
            &cols.adapter,
            Rs2Source::Register,
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
