//! The JalLui AIR: jal (rd = pc + 4, jump by the signed offset `c`) and lui
//! (rd = c << 12, `c` the 20-bit upper immediate).
//!
//! Operands (docs/isa.md): `a = 4·rd`, `b = 0`, `c`, `d = 1`, `e = 0`,
//! `f = rd ≠ x0`, `g = 0`. The only access is the rd write at `t` when
//! `f = 1`; the timestamp advances by 1. The next pc is `pc + c` (jal, field
//! arithmetic) or `pc + 4` (lui).
//!
//! rd limbs (byte-checked by the write gadget when written):
//!
//! - jal: `Σ rd_i 256^i = pc + 4` and `rd_3 < 2^6`, so the limbs are the
//!   integer `pc + 4 < 2^30` ([`crate::adapters::jump`]);
//! - lui: `rd_0 = 0`, `16 c = rd_1 + 256 rd_2 + 65536 rd_3` and
//!   `rd_1 / 16 < 2^4`, so `rd_1` holds the low 4 bits of `c` shifted up.
//!
//! Both bounds are one range lookup `(jal · rd_3 + lui · rd_1 / 16,
//! 6 - 2 · lui)` when rd is written.
//!
//! Columns: 2 flags + pc, timestamp + c + 13 (rd write) = 18. Degree 2.

use crate::adapters::jump::{PC_TOP_LIMB_BITS, RdWriteCols, eval_rd_write, pack};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_REGISTER, JalLuiOpcode};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, Field, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::RANGE;
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{eval_exec, once};

/// Bits of `rd_1 / 16` for lui (the low 4 bits of the immediate).
pub const LUI_LOW_BITS: u32 = 4;

trellis_vm::columns! {
    /// One row of the JalLui chip.
    pub struct JalLuiCols {
        /// One flag per opcode, in local order (jal, lui).
        flags: [T; 2],
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `c`: the signed offset (jal) or the upper immediate (lui).
        imm: T,
        /// The rd write (operands `a` and `f`).
        rd: RdWriteCols<T>,
    }
}

/// Number of columns of [`JalLuiCols`].
pub const JAL_LUI_WIDTH: usize = <JalLuiCols<u8> as Columns<u8>>::WIDTH;

/// The JalLui AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct JalLuiAir;

impl BaseAir<Val> for JalLuiAir {
    fn width(&self) -> usize {
        JAL_LUI_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for JalLuiAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&JalLuiCols::<Domain> {
            flags: [Domain::Bit; 2],
            pc: Domain::Pointer,
            timestamp: Domain::Timestamp,
            imm: Domain::Determined("program bus: operand c of the committed instruction"),
            rd: RdWriteCols::CONTRACT,
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for JalLuiAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = JalLuiCols::<AB::Var>::read(main.current_slice());
        let c = |x: u32| AB::Expr::from_u32(x);
        let [jal, lui] = cols.flags.map(Into::<AB::Expr>::into);
        builder.assert_bool(jal.clone());
        builder.assert_bool(lui.clone());
        let is_valid = jal.clone() + lui.clone();
        builder.assert_bool(is_valid.clone());
        let opcode = jal.clone() * c(JalLuiOpcode::Jal.global().as_u16().into())
            + lui.clone() * c(JalLuiOpcode::Lui.global().as_u16().into());

        let pc: AB::Expr = cols.pc.into();
        let imm: AB::Expr = cols.imm.into();
        let rd = cols.rd.rd.map(Into::<AB::Expr>::into);
        builder.assert_zero(jal.clone() * (pack::<AB>(&rd) - pc.clone() - c(4)));
        builder.assert_zero(lui.clone() * rd[0].clone());
        builder.assert_zero(
            lui.clone()
                * (imm.clone() * c(16)
                    - rd[1].clone()
                    - rd[2].clone() * c(256)
                    - rd[3].clone() * c(1 << 16)),
        );
        let sixteenth = AB::Expr::from(Val::from_u32(16).inverse());
        RANGE.lookup(
            builder,
            [
                jal.clone() * rd[3].clone() + lui.clone() * rd[1].clone() * sixteenth,
                c(PC_TOP_LIMB_BITS) - lui * c(PC_TOP_LIMB_BITS - LUI_LOW_BITS),
            ],
            once::<AB>(cols.rd.enabled.into()),
        );

        let timestamp: AB::Expr = cols.timestamp.into();
        eval_rd_write(builder, is_valid.clone(), &cols.rd, timestamp.clone());
        eval_exec(
            builder,
            is_valid,
            pc.clone(),
            timestamp,
            pc + c(4) + jal * (imm.clone() - c(4)),
            AB::Expr::ONE,
            [
                opcode,
                cols.rd.rd_ptr.into(),
                AB::Expr::ZERO,
                imm,
                c(AS_REGISTER),
                AB::Expr::ZERO,
                cols.rd.enabled.into(),
                AB::Expr::ZERO,
            ],
        );
    }
}
