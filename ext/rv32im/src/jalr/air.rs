//! The Jalr AIR: jump to `(rs1 + imm) & !1`, rd = pc + 4.
//!
//! Operands (docs/isa.md): `a = 4·rd`, `b = 4·rs1`, `c` = the immediate's
//! low 16 bits, `d = 1`, `e = 0`, `f = rd ≠ x0`, `g` = the immediate's sign.
//! Accesses (`jalr/executor.rs`): rs1 read at `t`, rd write at `t + 1` when
//! `f = 1` (rd may be rs1: the write comes after the read); the timestamp
//! advances by `1 + f`.
//!
//! The target is computed in two 16-bit halves with boolean carries:
//!
//! ```text
//! rs1_0 + 2^8 rs1_1 + c                     = bit0 + 4 q + 2^16 carry_lo
//! rs1_2 + 2^8 rs1_3 + 0xffff g + carry_lo   = hi + 2^16 carry_hi
//! ```
//!
//! with `bit0` boolean (cleared: the target is `4 q + 2^16 hi`), `q < 2^14`
//! and `hi < 2^14`. So the target is the exact integer, below 2^30 and
//! 4-aligned (bit 1 is zero): a run whose jalr lands anywhere else faults and
//! has no proof. rd is `pc + 4` as in jal ([`crate::adapters::jump`]).
//!
//! Columns: is_valid + pc, timestamp + b, c, g + 7 (rs1) + 13 (rd write)
//! + carry_lo, carry_hi, bit0, q, hi = 31. Degree 2.

use crate::adapters::jump::{PC_TOP_LIMB_BITS, RdWriteCols, eval_rd_write, pack};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_REGISTER, JalrOpcode};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::RANGE;
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{AccessCols, eval_access, eval_exec, once};

/// Bits of the target's word index within its low half (target bits 2..16).
pub const TARGET_LO_BITS: u32 = 14;
/// Bits of the target's high half (targets stay below 2^30).
pub const TARGET_HI_BITS: u32 = 14;

trellis_vm::columns! {
    /// One row of the Jalr chip.
    pub struct JalrCols {
        /// 1 on instruction rows.
        is_valid: T,
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `b`: 4·rs1.
        rs1_ptr: T,
        /// Operand `c`: the immediate's low 16 bits.
        imm: T,
        /// Operand `g`: the immediate's sign.
        imm_sign: T,
        /// Limbs of rs1.
        rs1: [T; 4],
        /// Timestamp proof of the rs1 read.
        rs1_read: AccessCols<T>,
        /// The rd write (operands `a` and `f`).
        rd: RdWriteCols<T>,
        /// Carry out of the low half of `rs1 + imm`.
        carry_lo: T,
        /// Carry out of the high half (dropped).
        carry_hi: T,
        /// Bit 0 of `rs1 + imm` (cleared).
        bit0: T,
        /// Bits 2..16 of the target.
        q: T,
        /// Bits 16..32 of the target.
        hi: T,
    }
}

/// Number of columns of [`JalrCols`].
pub const JALR_WIDTH: usize = <JalrCols<u8> as Columns<u8>>::WIDTH;

/// The Jalr AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct JalrAir;

impl BaseAir<Val> for JalrAir {
    fn width(&self) -> usize {
        JALR_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for JalrAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&JalrCols::<Domain> {
            is_valid: Domain::Bit,
            pc: Domain::Pointer,
            timestamp: Domain::Timestamp,
            rs1_ptr: Domain::Determined("program bus: operand b of the committed instruction"),
            imm: Domain::Determined("program bus: operand c of the committed instruction"),
            imm_sign: Domain::Bit,
            rs1: [Domain::Determined(
                "memory bus: the bytes of rs1 (the read receives and re-sends them)",
            ); 4],
            rs1_read: AccessCols::CONTRACT,
            rd: RdWriteCols::CONTRACT,
            carry_lo: Domain::Bit,
            carry_hi: Domain::Bit,
            bit0: Domain::Bit,
            q: Domain::Limb {
                bits: TARGET_LO_BITS,
            },
            hi: Domain::Limb {
                bits: TARGET_HI_BITS,
            },
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for JalrAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = JalrCols::<AB::Var>::read(main.current_slice());
        let c = |x: u32| AB::Expr::from_u32(x);
        let is_valid: AB::Expr = cols.is_valid.into();
        builder.assert_bool(is_valid.clone());
        for bit in [cols.imm_sign, cols.carry_lo, cols.carry_hi, cols.bit0] {
            builder.assert_bool(bit);
        }

        let [r0, r1, r2, r3] = cols.rs1.map(Into::<AB::Expr>::into);
        builder.assert_eq(
            r0 + r1 * c(256) + cols.imm.into(),
            cols.bit0.into() + cols.q.into() * c(4) + cols.carry_lo.into() * c(1 << 16),
        );
        builder.assert_eq(
            r2 + r3 * c(256) + cols.imm_sign.into() * c(0xffff) + cols.carry_lo.into(),
            cols.hi.into() + cols.carry_hi.into() * c(1 << 16),
        );
        for (x, bits) in [(cols.q, TARGET_LO_BITS), (cols.hi, TARGET_HI_BITS)] {
            RANGE.lookup(builder, [x.into(), c(bits)], once::<AB>(is_valid.clone()));
        }
        let target = cols.q.into() * c(4) + cols.hi.into() * c(1 << 16);

        let pc: AB::Expr = cols.pc.into();
        let rd = cols.rd.rd.map(Into::<AB::Expr>::into);
        builder.assert_eq(pack::<AB>(&rd), pc.clone() + is_valid.clone() * c(4));
        RANGE.lookup(
            builder,
            [rd[3].clone(), c(PC_TOP_LIMB_BITS)],
            once::<AB>(cols.rd.enabled.into()),
        );

        let timestamp: AB::Expr = cols.timestamp.into();
        let rs1 = cols.rs1.map(Into::<AB::Expr>::into);
        eval_access(
            builder,
            is_valid.clone(),
            c(AS_REGISTER),
            cols.rs1_ptr.into(),
            rs1.clone(),
            rs1,
            timestamp.clone(),
            &cols.rs1_read,
        );
        eval_rd_write(
            builder,
            is_valid.clone(),
            &cols.rd,
            timestamp.clone() + AB::Expr::ONE,
        );
        eval_exec(
            builder,
            is_valid.clone(),
            pc,
            timestamp,
            target,
            AB::Expr::ONE + cols.rd.enabled.into(),
            [
                is_valid * c(JalrOpcode::Jalr.global().as_u16().into()),
                cols.rd.rd_ptr.into(),
                cols.rs1_ptr.into(),
                cols.imm.into(),
                c(AS_REGISTER),
                AB::Expr::ZERO,
                cols.rd.enabled.into(),
                cols.imm_sign.into(),
            ],
        );
    }
}
