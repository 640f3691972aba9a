//! The MulH AIR: the high word of the 64-bit product, signed × signed
//! (mulh), signed × unsigned (mulhsu) or unsigned × unsigned (mulhu).
//!
//! Both operands are extended to eight limbs with `255 · sign` (the sign is
//! the top bit of `b` for mulh and mulhsu, of `c` for mulh, and 0 otherwise,
//! proven by one byte-pair lookup of `2·(flag·x_3 − 128·sign)`), so that
//! their product mod `2^64` is the two's-complement product. With
//! `S_i = Σ_{j+k=i} B_j C_k` (`i < 8`), the product is checked in four
//! 16-bit chunks `S_2i + 2^8 S_2i+1 + κ_{i−1} = w_i + 2^16 κ_i`, where `w_0`,
//! `w_1` (the low word, columns range-checked to 16 bits) are discarded and
//! `w_2 = a_0 + 2^8 a_1`, `w_3 = a_2 + 2^8 a_3` are the result (bytes). The
//! carries `κ_i` are expressions range-checked below `2^9, 2^10, 2^11, 2^11`
//! (largest values 509, 1019, 1529, 2039); both sides stay below `2^28 < p`,
//! so each equation holds over the integers and the chunks are unique.
//!
//! Columns: 18 adapter + 3 opcode flags + 12 limbs + 2 low chunks + 2 signs
//! = 37. Lookups: two byte pairs (result), one byte pair (signs), six range
//! checks (low chunks and carries).

use crate::adapters::alu::{AluAdapterCols, AluIo, Rs2Source, eval_alu_adapter};
use crate::mul::limb_products;
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::MulHOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Field, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Bits of the four 16-bit-chunk carries.
pub const CARRY_BITS: [u32; 4] = [9, 10, 11, 11];
/// Bits of a low chunk.
pub const LOW_BITS: u32 = 16;

trellis_vm::columns! {
    /// One row of the MulH chip.
    pub struct MulHCols {
        /// Adapter columns.
        adapter: AluAdapterCols<T>,
        /// One flag per opcode, in local order (mulh, mulhsu, mulhu).
        flags: [T; 3],
        /// Result limbs: the high word.
        a: [T; 4],
        /// rs1 limbs.
        b: [T; 4],
        /// rs2 limbs.
        c: [T; 4],
        /// The low word of the product, as two 16-bit chunks.
        low: [T; 2],
        /// Sign of `b` (mulh, mulhsu), else 0.
        b_sign: T,
        /// Sign of `c` (mulh), else 0.
        c_sign: T,
    }
}

/// Number of columns of [`MulHCols`].
pub const MULH_WIDTH: usize = <MulHCols<u8> as Columns<u8>>::WIDTH;

/// The MulH AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct MulHAir;

impl BaseAir<Val> for MulHAir {
    fn width(&self) -> usize {
        MULH_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for MulHAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&MulHCols::<Domain> {
            adapter: AluAdapterCols::CONTRACT,
            flags: [Domain::Bit; 3],
            a: [Domain::Byte; 4],
            b: [Domain::Determined("memory bus: rs1's bytes"); 4],
            c: [Domain::Determined("memory bus: rs2's bytes"); 4],
            low: [Domain::Limb { bits: LOW_BITS }; 2],
            b_sign: Domain::Bit,
            c_sign: Domain::Bit,
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for MulHAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = MulHCols::<AB::Var>::read(main.current_slice());
        let e = |x: AB::Var| -> AB::Expr { x.into() };
        let num = |x: u32| AB::Expr::from_u32(x);
        let [mulh, mulhsu, mulhu] = cols.flags.map(e);
        let (a, b, c) = (cols.a.map(e), cols.b.map(e), cols.c.map(e));
        let (b_sign, c_sign) = (e(cols.b_sign), e(cols.c_sign));

        for x in cols.flags.into_iter().chain([cols.b_sign, cols.c_sign]) {
            builder.assert_bool(x);
        }
        let is_valid = mulh.clone() + mulhsu.clone() + mulhu;
        builder.assert_bool(is_valid.clone());

        let extend = |x: &[AB::Expr; 4], sign: &AB::Expr| -> [AB::Expr; 8] {
            std::array::from_fn(|i| {
                if i < 4 {
                    x[i].clone()
                } else {
                    sign.clone() * num(255)
                }
            })
        };
        let s = limb_products(&extend(&b, &b_sign), &extend(&c, &c_sign));
        let chunks = [
            e(cols.low[0]),
            e(cols.low[1]),
            a[0].clone() + a[1].clone() * num(256),
            a[2].clone() + a[3].clone() * num(256),
        ];
        let inv = AB::Expr::from(Val::from_u32(1 << 16).inverse());
        let mut carry = AB::Expr::ZERO;
        for (i, bits) in CARRY_BITS.into_iter().enumerate() {
            let sum = s[2 * i].clone() + s[2 * i + 1].clone() * num(256);
            carry = (sum + carry - chunks[i].clone()) * inv.clone();
            RANGE.lookup(
                builder,
                [carry.clone(), num(bits)],
                once::<AB>(is_valid.clone()),
            );
        }
        for low in cols.low {
            RANGE.lookup(
                builder,
                [e(low), num(LOW_BITS)],
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
        let signed_b = mulh.clone() + mulhsu;
        let top = |flag: AB::Expr, limb: AB::Expr, sign: AB::Expr| {
            (flag * limb - sign * num(128)) * AB::Expr::TWO
        };
        BITWISE.lookup(
            builder,
            [
                top(signed_b, b[3].clone(), b_sign),
                top(mulh, c[3].clone(), c_sign),
                AB::Expr::ZERO,
                num(BITWISE_RANGE),
            ],
            once::<AB>(is_valid.clone()),
        );

        let opcode = MulHOpcode::ALL
            .iter()
            .zip(cols.flags)
            .fold(AB::Expr::from_u16(MulHOpcode::OFFSET), |acc, (op, flag)| {
                acc + e(flag) * AB::Expr::from_u16(op.local())
            });
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
