//! The Auipc AIR: rd = pc + (c << 12) (mod 2^32), `c` the 20-bit upper
//! immediate.
//!
//! Operands (docs/isa.md): `a = 4·rd`, `b = 0`, `c`, `d = 1`, `e = f = g = 0`.
//! The only access is the rd write at `t`; the timestamp advances by 1. The
//! transpiler turns `auipc x0` into `nop`, but a hand-written program may
//! hold one and the executor then writes nothing: the write is enabled
//! exactly when `a ≠ 0` (`a · a_inv = enabled`, `(1 - enabled) · a = 0`,
//! and `(1 - enabled) · a_inv = 0`: the inverse is 0 when unused).
//!
//! The pc is split as `pc = pc_lo + 2^16 pc_hi` (`pc_lo < 2^16`,
//! `pc_hi < 2^14`: the exact integer, below 2^30), and `c = n + 16 c_hi`
//! with `n < 2^4`. Then, with rd's limbs byte-checked by the write gadget:
//!
//! ```text
//! rd_0 + 2^8 rd_1 + 2^16 carry_lo          = pc_lo + 2^12 n
//! 16 (rd_2 + 2^8 rd_3) + 2^20 carry_hi     = 16 pc_hi + (c - n) + 16 carry_lo
//! ```
//!
//! Every term is far below p, so both hold over the integers; the second
//! forces `c - n` to be a multiple of 16 (so `n = c mod 16`) and gives the
//! high half of the sum mod 2^16 (`carry_hi` is the dropped carry).
//!
//! Columns: is_valid + pc, timestamp + c + 13 (rd write) + a_inv + pc_hi
//! + n + 2 carries = 22. Degree 2.

use crate::adapters::jump::{RdWriteCols, eval_rd_write};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_REGISTER, AuipcOpcode};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::RANGE;
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{eval_exec, once};

/// Bits of the pc's low half.
pub const PC_LO_BITS: u32 = 16;
/// Bits of the pc's high half (pcs stay below 2^30).
pub const PC_HI_BITS: u32 = 14;
/// Bits of the immediate's low nibble.
pub const IMM_LO_BITS: u32 = 4;

trellis_vm::columns! {
    /// One row of the Auipc chip.
    pub struct AuipcCols {
        /// 1 on instruction rows.
        is_valid: T,
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `c`: the upper immediate.
        imm: T,
        /// The rd write (operand `a`; enabled when `a ≠ 0`).
        rd: RdWriteCols<T>,
        /// Inverse of `a` (0 when `a = 0`).
        rd_ptr_inv: T,
        /// Bits 16..30 of the pc.
        pc_hi: T,
        /// The immediate's low 4 bits.
        imm_lo: T,
        /// Carry out of the low half of rd.
        carry_lo: T,
        /// Carry out of the high half (dropped).
        carry_hi: T,
    }
}

/// Number of columns of [`AuipcCols`].
pub const AUIPC_WIDTH: usize = <AuipcCols<u8> as Columns<u8>>::WIDTH;

/// The Auipc AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuipcAir;

impl BaseAir<Val> for AuipcAir {
    fn width(&self) -> usize {
        AUIPC_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for AuipcAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&AuipcCols::<Domain> {
            is_valid: Domain::Bit,
            pc: Domain::Pointer,
            timestamp: Domain::Timestamp,
            imm: Domain::Determined("program bus: operand c of the committed instruction"),
            rd: RdWriteCols::CONTRACT,
            rd_ptr_inv: Domain::Determined(
                "a · a_inv = enabled and (1 - enabled) · a_inv = 0: the inverse of a, or 0",
            ),
            pc_hi: Domain::Limb { bits: PC_HI_BITS },
            imm_lo: Domain::Limb { bits: IMM_LO_BITS },
            carry_lo: Domain::Bit,
            carry_hi: Domain::Bit,
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for AuipcAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = AuipcCols::<AB::Var>::read(main.current_slice());
        let c = |x: u32| AB::Expr::from_u32(x);
        let is_valid: AB::Expr = cols.is_valid.into();
        builder.assert_bool(is_valid.clone());
        let enabled: AB::Expr = cols.rd.enabled.into();
        let rd_ptr: AB::Expr = cols.rd.rd_ptr.into();
        builder.assert_eq(rd_ptr.clone() * cols.rd_ptr_inv.into(), enabled.clone());
        builder.assert_zero((AB::Expr::ONE - enabled.clone()) * rd_ptr.clone());
        // Without a write the inverse is unused: 0, so every row has one witness.
        builder.assert_zero((AB::Expr::ONE - enabled.clone()) * cols.rd_ptr_inv.into());
        builder.assert_bool(cols.carry_lo);
        builder.assert_bool(cols.carry_hi);

        let pc: AB::Expr = cols.pc.into();
        let pc_hi: AB::Expr = cols.pc_hi.into();
        let pc_lo = pc.clone() - pc_hi.clone() * c(1 << 16);
        let imm_lo: AB::Expr = cols.imm_lo.into();
        let [rd0, rd1, rd2, rd3] = cols.rd.rd.map(Into::<AB::Expr>::into);
        let carry_lo: AB::Expr = cols.carry_lo.into();
        builder.assert_eq(
            rd0 + rd1 * c(256) + carry_lo.clone() * c(1 << 16),
            pc_lo.clone() + imm_lo.clone() * c(1 << 12),
        );
        builder.assert_eq(
            (rd2 + rd3 * c(256)) * c(16) + cols.carry_hi.into() * c(1 << 20),
            pc_hi.clone() * c(16) + cols.imm.into() - imm_lo.clone() + carry_lo * c(16),
        );
        for (x, bits) in [
            (pc_lo, PC_LO_BITS),
            (pc_hi, PC_HI_BITS),
            (imm_lo, IMM_LO_BITS),
        ] {
            RANGE.lookup(builder, [x, c(bits)], once::<AB>(enabled.clone()));
        }

        let timestamp: AB::Expr = cols.timestamp.into();
        eval_rd_write(builder, is_valid.clone(), &cols.rd, timestamp.clone());
        eval_exec(
            builder,
            is_valid.clone(),
            pc.clone(),
            timestamp,
            pc + c(4),
            AB::Expr::ONE,
            [
                is_valid * c(AuipcOpcode::Auipc.global().as_u16().into()),
                rd_ptr,
                AB::Expr::ZERO,
                cols.imm.into(),
                c(AS_REGISTER),
                AB::Expr::ZERO,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
        );
    }
}
