//! The DivRem AIR: div, divu, rem, remu on four byte limbs.
//!
//! Witness: rs1 `b`, rs2 `c`, quotient `q`, remainder `r` (bytes), the sign
//! bits `b_sign`, `c_sign` (top bits for div/rem, 0 for divu/remu), `r_sign`,
//! a free sign bit `q_sign`, the division-by-zero flag `zero` and
//! `d = |C| - |R| - 1` (bytes). The integers the row speaks about are
//! `B = b - 2^32 b_sign`, `C = c - 2^32 c_sign`, `Q = q - 2^32 q_sign`,
//! `R = r - 2^32 r_sign`.
//!
//! Constraints (every count is `is_valid`; padding rows are all zero):
//!
//! 1. **Signs.** One byte-pair lookup `(2 (s b3 - 128 b_sign), 2 (s c3 - 128 c_sign))`
//!    with `s = is_signed`: for div/rem `b3 - 128 b_sign ∈ [0, 128)`, so
//!    `b_sign` is the top bit of the byte `b3` (same for `c`); for divu/remu
//!    the signs are constrained to 0. `r_sign ≤ b_sign`, and
//!    `(b_sign - r_sign) r_i = 0`: `r_sign = b_sign` unless `r = 0`.
//! 2. **Product.** `C·Q + R = B` over the 8-limb sign extensions (limbs 4..7
//!    are `255·sign`), with one carry per pair of limbs: `carry_k` is the
//!    expression `(raw_2k + 256 raw_2k+1 + carry_k-1) / 2^16`, range-checked
//!    to `[0, 2^12)`, where `raw_i = Σ_{j+l=i} C_j Q_l + R_i - B_i`. Each
//!    carry equation is an integer equation (both sides below 2^29 in
//!    absolute value), so `CQ + R ≡ B (mod 2^64)`.
//! 3. **Remainder bound.** When `c ≠ 0` (`is_valid - zero = 1`):
//!    `|C| - |R| - 1 = d` with `|X| = 2^32 x_sign + (1 - 2 x_sign) x`, checked
//!    with two 16-bit carries range-checked to `[-4, 4)` and the last one equal
//!    to `r_sign - c_sign`. `d` is bytes, so `|R| < |C|`.
//! 4. **Division by zero.** `zero · Σ c_i = 0` and `zero · (q_i - 255) = 0`:
//!    `zero = 1` forces `c = 0` and `q = 0xffff_ffff`. Conversely `c = 0`
//!    forces `zero = 1`, since with `zero = 0` the bound `|R| < |C| = 0` has
//!    no witness: no inverse column is needed. With `zero = 1` the cells
//!    nothing else reaches are pinned: `q_sign = 0` and `d = 0`, so every
//!    cell of a row is a function of the operands and the opcode.
//! 5. `q`, `r`, `d` are byte-checked in pairs; rd gets `q` (div, divu) or
//!    `r` (rem, remu) through the ALU adapter (register form only).
//!
//! # Soundness
//!
//! `|B|, |R| ≤ 2^32`, `|Q| ≤ 2^32`. Signed: `|C| ≤ 2^31`, so
//! `|CQ + R - B| ≤ 2^63 + 2^33 < 2^64`; unsigned: `B, C, R ∈ [0, 2^32)`,
//! `Q ∈ [-2^32, 2^32)`, and `CQ + R - B ∈ (-2^64, 2^64)`. Either way (2)
//! gives `CQ + R = B` exactly, for any `q_sign`.
//!
//! * `c ≠ 0`: `R` has the sign of `B` or is 0 (1), `|R| < |C|` (3), so `Q`
//!   is the quotient truncated towards zero: `Q = trunc(B / C)`, an integer
//!   in `[-2^31, 2^31]` (signed) or `[0, 2^32)` (unsigned). `Q = q - 2^32 q_sign`
//!   with `q ∈ [0, 2^32)` then gives `q = Q mod 2^32`: the RISC-V quotient,
//!   including `i32::MIN / -1`, where `Q = 2^31` (`q_sign = 0`, `q = 0x8000_0000`,
//!   `r = 0`): the equation holds exactly with `Q = +2^31` although
//!   `q` read as an i32 is `i32::MIN` — that is the only input whose quotient
//!   does not fit an i32. `r = R mod 2^32` is the RISC-V remainder
//!   (`|R| < |C| ≤ 2^31` makes `r_sign` the top bit of `r`).
//! * `c = 0`: then `zero = 1` (4), `q = 0xffff_ffff`, and `CQ = 0` gives
//!   `R = B`. `R = 0` is impossible when `b_sign = 1`, so `r_sign = b_sign`
//!   and `r = b`.
//!
//! Columns: 18 adapter + 4 flags + 16 limbs (b, c, q, r) + 4 (d) + 5 = 47.
//! Lookups per row: 7 byte pairs, 4 + 2 range checks.

use crate::adapters::alu::{AluAdapterCols, AluIo, Rs2Source, eval_alu_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::DivRemOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Field, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Bits of a product carry (`carry_k < 2^12`).
pub const CARRY_BITS: u32 = 12;
/// Bits of a shifted remainder-bound carry (`carry + 4 < 2^3`).
pub const BOUND_CARRY_BITS: u32 = 3;
/// Offset added to a remainder-bound carry before its range check.
pub const BOUND_CARRY_OFFSET: i64 = 4;

trellis_vm::columns! {
    /// One row of the DivRem chip.
    pub struct DivRemCols {
        /// Adapter columns.
        adapter: AluAdapterCols<T>,
        /// One flag per opcode, in local order (div, divu, rem, remu).
        flags: [T; 4],
        /// rs1 limbs (dividend).
        b: [T; 4],
        /// rs2 limbs (divisor).
        c: [T; 4],
        /// Quotient limbs.
        q: [T; 4],
        /// Remainder limbs.
        r: [T; 4],
        /// `|C| - |R| - 1` when `c ≠ 0` (else 0).
        d: [T; 4],
        /// Top bit of `b` for div/rem, 0 otherwise.
        b_sign: T,
        /// Top bit of `c` for div/rem, 0 otherwise.
        c_sign: T,
        /// Sign of the quotient as an integer (see the module docs).
        q_sign: T,
        /// Sign of the remainder: `b_sign` unless `r = 0`.
        r_sign: T,
        /// 1 when `c = 0`.
        zero: T,
    }
}

/// Number of columns of [`DivRemCols`].
pub const DIVREM_WIDTH: usize = <DivRemCols<u8> as Columns<u8>>::WIDTH;

/// The DivRem AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct DivRemAir;

impl BaseAir<Val> for DivRemAir {
    fn width(&self) -> usize {
        DIVREM_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for DivRemAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&DivRemCols::<Domain> {
            adapter: AluAdapterCols::CONTRACT,
            flags: [Domain::Bit; 4],
            b: [Domain::Determined("memory bus: rs1's bytes"); 4],
            c: [Domain::Determined("memory bus: rs2's bytes"); 4],
            q: [Domain::Byte; 4],
            r: [Domain::Byte; 4],
            d: [Domain::Byte; 4],
            b_sign: Domain::Bit,
            c_sign: Domain::Bit,
            q_sign: Domain::Bit,
            r_sign: Domain::Bit,
            zero: Domain::Bit,
        }))
    }
}

/// Limb `i` (0..8) of the sign extension of `x` with sign bit `sign`.
fn extended<E: PrimeCharacteristicRing + Clone>(x: &[E; 4], sign: &E, i: usize) -> E {
    if i < 4 {
        x[i].clone()
    } else {
        sign.clone() * E::from_u32(255)
    }
}

impl<AB: BusBuilder> Air<AB> for DivRemAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = DivRemCols::<AB::Var>::read(main.current_slice());
        let [div, divu, rem, remu] = cols.flags.map(Into::<AB::Expr>::into);
        let [b, c, q, r, d] =
            [cols.b, cols.c, cols.q, cols.r, cols.d].map(|x| x.map(Into::<AB::Expr>::into));
        let [b_sign, c_sign, q_sign, r_sign, zero] = [
            cols.b_sign,
            cols.c_sign,
            cols.q_sign,
            cols.r_sign,
            cols.zero,
        ]
        .map(Into::<AB::Expr>::into);

        for flag in cols.flags {
            builder.assert_bool(flag);
        }
        let is_valid = div.clone() + divu.clone() + rem.clone() + remu.clone();
        builder.assert_bool(is_valid.clone());
        let is_signed = div.clone() + rem.clone();
        for bit in [&b_sign, &c_sign, &q_sign, &r_sign, &zero] {
            builder.assert_bool(bit.clone());
        }

        // 1. Signs.
        let not_signed = AB::Expr::ONE - is_signed.clone();
        builder.assert_zero(b_sign.clone() * not_signed.clone());
        builder.assert_zero(c_sign.clone() * not_signed);
        builder.assert_zero(r_sign.clone() * (AB::Expr::ONE - b_sign.clone()));
        for limb in &r {
            builder.assert_zero((b_sign.clone() - r_sign.clone()) * limb.clone());
        }
        let low7 = |top: &AB::Expr, sign: &AB::Expr| {
            (is_signed.clone() * top.clone() - sign.clone() * AB::Expr::from_u32(128))
                * AB::Expr::TWO
        };
        let range_op = AB::Expr::from_u32(BITWISE_RANGE);
        BITWISE.lookup(
            builder,
            [
                low7(&b[3], &b_sign),
                low7(&c[3], &c_sign),
                AB::Expr::ZERO,
                range_op.clone(),
            ],
            once::<AB>(is_valid.clone()),
        );

        // 2. C·Q + R = B modulo 2^64, one carry per pair of limbs.
        let inv_2_16 = AB::Expr::from(Val::from_u32(1 << 16).inverse());
        let raw = |i: usize| -> AB::Expr {
            let mut sum = extended(&r, &r_sign, i) - extended(&b, &b_sign, i);
            for j in 0..=i {
                sum += extended(&c, &c_sign, j) * extended(&q, &q_sign, i - j);
            }
            sum
        };
        let mut carry = AB::Expr::ZERO;
        for k in 0..4 {
            carry =
                (raw(2 * k) + raw(2 * k + 1) * AB::Expr::from_u32(256) + carry) * inv_2_16.clone();
            RANGE.lookup(
                builder,
                [carry.clone(), AB::Expr::from_u32(CARRY_BITS)],
                once::<AB>(is_valid.clone()),
            );
        }

        // 3. |C| - |R| - 1 = d when c ≠ 0.
        let nonzero = is_valid.clone() - zero.clone();
        let one_minus_2 = |sign: &AB::Expr| AB::Expr::ONE - sign.clone() * AB::Expr::TWO;
        let u: [AB::Expr; 4] = std::array::from_fn(|i| {
            one_minus_2(&c_sign) * c[i].clone() - one_minus_2(&r_sign) * r[i].clone() - d[i].clone()
        });
        let mut bound_carry = -AB::Expr::ONE;
        for k in 0..2 {
            bound_carry =
                (u[2 * k].clone() + u[2 * k + 1].clone() * AB::Expr::from_u32(256) + bound_carry)
                    * inv_2_16.clone();
            RANGE.lookup(
                builder,
                [
                    bound_carry.clone() + AB::Expr::from_u32(BOUND_CARRY_OFFSET as u32),
                    AB::Expr::from_u32(BOUND_CARRY_BITS),
                ],
                once::<AB>(nonzero.clone()),
            );
        }
        builder.assert_zero(nonzero * (bound_carry + c_sign - r_sign));

        // 4. Division by zero.
        builder.assert_zero(zero.clone() * (AB::Expr::ONE - is_valid.clone()));
        builder.assert_zero(
            zero.clone() * (c[0].clone() + c[1].clone() + c[2].clone() + c[3].clone()),
        );
        for limb in &q {
            builder.assert_zero(zero.clone() * (limb.clone() - AB::Expr::from_u32(255)));
        }
        // The cells C·Q = 0 and the gated-off bound leave free are pinned
        // too (`d` is bytes, so a zero sum makes every limb 0).
        builder.assert_zero(zero.clone() * q_sign.clone());
        builder.assert_zero(
            zero.clone() * (d[0].clone() + d[1].clone() + d[2].clone() + d[3].clone()),
        );

        // 5. Byte checks and the adapter.
        for x in [&q, &r, &d] {
            for pair in [[0, 1], [2, 3]] {
                BITWISE.lookup(
                    builder,
                    [
                        x[pair[0]].clone(),
                        x[pair[1]].clone(),
                        AB::Expr::ZERO,
                        range_op.clone(),
                    ],
                    once::<AB>(is_valid.clone()),
                );
            }
        }
        let writes_q = div + divu;
        let writes_r = rem + remu;
        let a: [AB::Expr; 4] = std::array::from_fn(|i| {
            writes_q.clone() * q[i].clone() + writes_r.clone() * r[i].clone()
        });
        let opcode = DivRemOpcode::ALL.iter().zip(cols.flags).fold(
            AB::Expr::from_u16(DivRemOpcode::OFFSET),
            |acc, (op, flag)| acc + flag.into() * AB::Expr::from_u16(op.local()),
        );
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
