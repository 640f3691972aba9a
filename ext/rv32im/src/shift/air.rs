//! The Shift AIR: sll, srl, sra as one multiplication by a power of two.
//!
//! With `s` the low 5 bits of `c0`, every shift is a word of the 64-bit
//! product `B · 2^σ` (limbs `P_0..P_7`), where `B` is `b` extended by the
//! fill byte `f = 255 · sign` (`sign` = top bit of `b` for sra, else 0):
//!
//! - sll: `σ = s`, the result is the low word `P_0..P_3`;
//! - srl / sra: `σ = 32 − s`, the result is the high word `P_4..P_7`
//!   (`(B · 2^(32−s)) >> 32 = B >> s`, arithmetic when `B` is sign-extended).
//!
//! `σ = 8L + k` with `k < 8`. The bit shift multiplies each limb by
//! `m = 2^k` (a column, `m = (1+k0)(1+3k1)(1+15k2)` from the bits of `k`):
//! `b_i · m = lo_i + 256 · hi_i` with the carries `hi_i` as columns and both
//! `lo_i` and `hi_i` byte-checked, which makes them the exact quotient and
//! remainder. The limbs of `B · 2^k` are then `T_0 = lo_0`,
//! `T_i = lo_i + hi_{i−1}`, `T_4 = f·m mod 256 + hi_3 = sign·(256 − m) + hi_3`
//! and `T_5 = T_6 = T_7 = f` — all bytes, so the result needs no range check.
//! The limb shift selects `a_j = T_{j+d}` with the one-hot `δ_d`,
//! `d ∈ [−3, 4]`: `d = −L` for sll (`L ≤ 3`), `d = 4 − L` for right shifts
//! (`L ≤ 4`).
//!
//! The shift amount is tied to `c0`: with `D = Σ d·δ_d`,
//! `s = (k − 8D)·(1 − 2·is_right)` and `h = (c0 − s) / 32` is byte-checked,
//! so `s ≡ c0 (mod 32)`. Uniqueness: sll has `d ≤ 0`, right shifts `d ≥ 0`;
//! a right shift with `d = 0` (`σ = 32`, i.e. `s = 0`) has `k = 0`, and one
//! with `d = 4` has `k ≥ 1` (`m − 2δ_4` is byte-checked); so `s ∈ [0, 31]`
//! in every case and equals `c0 mod 32`.
//!
//! Columns: 18 adapter + `rs2_is_reg` + 2 opcode flags + 12 limbs + 8 limb
//! offsets + 3 shift bits + multiplier + 4 carries + sign = 50. Lookups: six
//! byte pairs (lo, hi, `(h, m − 2δ_4)`, the sign of `b3`).

use crate::adapters::alu::{AluAdapterCols, AluIo, Rs2Source, eval_alu_adapter};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::ShiftOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Field, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Number of limb offsets `d ∈ [−3, 4]`.
pub const LIMB_OFFSETS: usize = 8;
/// `limb_offset[i]` stands for `d = i − OFFSET_ZERO`.
pub const OFFSET_ZERO: usize = 3;

trellis_vm::columns! {
    /// One row of the Shift chip.
    pub struct ShiftCols {
        /// Adapter columns.
        adapter: AluAdapterCols<T>,
        /// `e`: 1 if the shift amount is in a register, 0 for an immediate.
        rs2_is_reg: T,
        /// srl or sra.
        is_right: T,
        /// sra.
        is_sra: T,
        /// Result limbs.
        a: [T; 4],
        /// rs1 limbs.
        b: [T; 4],
        /// rs2 or immediate limbs (only the low 5 bits of `c0` matter).
        c: [T; 4],
        /// One-hot limb offset `δ_d`, `d = index − 3`; sums to `is_valid`.
        limb_offset: [T; LIMB_OFFSETS],
        /// Bits of the bit shift `k`.
        bit_shift: [T; 3],
        /// `2^k` (0 on padding rows).
        multiplier: T,
        /// `hi_i = (b_i · 2^k) >> 8`.
        bit_carry: [T; 4],
        /// The fill bit: top bit of `b` on sra rows, 0 otherwise.
        sign: T,
    }
}

/// Number of columns of [`ShiftCols`].
pub const SHIFT_WIDTH: usize = <ShiftCols<u8> as Columns<u8>>::WIDTH;

/// The Shift AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShiftAir;

impl BaseAir<Val> for ShiftAir {
    fn width(&self) -> usize {
        SHIFT_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for ShiftAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&ShiftCols::<Domain> {
            adapter: AluAdapterCols::CONTRACT,
            rs2_is_reg: Domain::Bit,
            is_right: Domain::Bit,
            is_sra: Domain::Bit,
            a: [Domain::Determined(
                "a_j = Σ_d δ_d · T_(j+d): the limb of B · 2^k the one-hot offset selects (each T a byte)",
            ); 4],
            b: [Domain::Determined("memory bus: rs1's bytes"); 4],
            c: [Domain::Determined(
                "memory bus: rs2's bytes, or the program's immediate (adapter's sign-extension checks)",
            ); 4],
            limb_offset: [Domain::Bit; LIMB_OFFSETS],
            bit_shift: [Domain::Bit; 3],
            multiplier: Domain::Determined(
                "m = (1 + k0)(1 + 3 k1)(1 + 15 k2) − 1 + is_valid = 2^k from the bit-shift bits",
            ),
            bit_carry: [Domain::Byte; 4],
            sign: Domain::Bit,
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for ShiftAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = ShiftCols::<AB::Var>::read(main.current_slice());
        let e = |x: AB::Var| -> AB::Expr { x.into() };
        let num = |x: u32| AB::Expr::from_u32(x);
        let delta = cols.limb_offset.map(e);
        let [k0, k1, k2] = cols.bit_shift.map(e);
        let (is_right, is_sra, sign, m) = (
            e(cols.is_right),
            e(cols.is_sra),
            e(cols.sign),
            e(cols.multiplier),
        );
        let b = cols.b.map(e);
        let hi = cols.bit_carry.map(e);

        for x in cols.limb_offset.into_iter().chain(cols.bit_shift) {
            builder.assert_bool(x);
        }
        for x in [cols.is_right, cols.is_sra, cols.sign] {
            builder.assert_bool(x);
        }
        let is_valid = delta.iter().cloned().sum::<AB::Expr>();
        builder.assert_bool(is_valid.clone());
        builder.assert_zero(is_sra.clone() * (AB::Expr::ONE - is_right.clone()));

        // sll shifts limbs up (d ≤ 0), right shifts down (d ≥ 0).
        let down: AB::Expr = delta[OFFSET_ZERO + 1..].iter().cloned().sum();
        let up: AB::Expr = delta[..OFFSET_ZERO].iter().cloned().sum();
        builder.assert_zero(down * (AB::Expr::ONE - is_right.clone()));
        builder.assert_zero(up * is_right.clone());
        let k = k0.clone() + k1.clone() * AB::Expr::TWO + k2.clone() * num(4);
        // A right shift by a whole word (σ = 32) has no bit shift.
        builder.assert_zero(is_right.clone() * delta[OFFSET_ZERO].clone() * k.clone());
        // m = 2^k on instruction rows, 0 on (all-zero) padding rows.
        builder.assert_eq(
            m.clone(),
            (AB::Expr::ONE + k0) * (AB::Expr::ONE + k1 * num(3)) * (AB::Expr::ONE + k2 * num(15))
                - AB::Expr::ONE
                + is_valid.clone(),
        );

        // Limbs of B · 2^k.
        let lo: [AB::Expr; 4] =
            std::array::from_fn(|i| b[i].clone() * m.clone() - hi[i].clone() * num(256));
        let fill = sign.clone() * num(255);
        let t: [AB::Expr; 8] = std::array::from_fn(|i| match i {
            0 => lo[0].clone(),
            1..=3 => lo[i].clone() + hi[i - 1].clone(),
            4 => sign.clone() * (num(256) - m.clone()) + hi[3].clone(),
            _ => fill.clone(),
        });
        for j in 0..4 {
            let selected = (0..LIMB_OFFSETS)
                .filter_map(|i| {
                    (j + i)
                        .checked_sub(OFFSET_ZERO)
                        .map(|at| delta[i].clone() * t[at].clone())
                })
                .sum::<AB::Expr>();
            builder.assert_eq(cols.a[j], selected);
        }

        // The shift amount is c0 mod 32.
        let d = (0..LIMB_OFFSETS)
            .map(|i| delta[i].clone() * AB::Expr::from_i32(i as i32 - OFFSET_ZERO as i32))
            .sum::<AB::Expr>();
        let s = (k - d * num(8)) * (AB::Expr::ONE - is_right.clone() * AB::Expr::TWO);
        let inv32 = AB::Expr::from(Val::from_u32(32).inverse());
        let h = (e(cols.c[0]) - s) * inv32;

        let pairs = [
            [lo[0].clone(), lo[1].clone()],
            [lo[2].clone(), lo[3].clone()],
            [hi[0].clone(), hi[1].clone()],
            [hi[2].clone(), hi[3].clone()],
            [h, m - delta[LIMB_OFFSETS - 1].clone() * AB::Expr::TWO],
            // sign = top bit of b3 on sra rows (and 0 elsewhere: −256·sign is no byte).
            [
                (is_sra.clone() * b[3].clone() - sign * num(128)) * AB::Expr::TWO,
                AB::Expr::ZERO,
            ],
        ];
        for [x, y] in pairs {
            BITWISE.lookup(
                builder,
                [x, y, AB::Expr::ZERO, num(BITWISE_RANGE)],
                once::<AB>(is_valid.clone()),
            );
        }

        let opcode = AB::Expr::from_u16(ShiftOpcode::OFFSET) + is_right + is_sra;
        eval_alu_adapter(
            builder,
            &cols.adapter,
            Rs2Source::RegisterOrImmediate(cols.rs2_is_reg.into()),
            AluIo {
                is_valid,
                opcode,
                a: cols.a.map(e),
                b,
                c: cols.c.map(e),
            },
        );
    }
}
