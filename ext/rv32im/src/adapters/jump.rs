//! The optional rd write of jal, lui, jalr and auipc, and the range facts
//! about pcs those chips rely on.
//!
//! A write is enabled by a boolean column (operand `f` for jal, lui and
//! jalr; `rd ≠ x0` for auipc) that is 0 on padding rows. The limbs written
//! are byte-checked as two byte pairs on the bitwise bus whenever the write
//! happens; a row that writes nothing makes no lookups.
//!
//! Pcs are below [`PC_LIMIT`]: the code of a provable program lies below
//! 2^30 (guest memory ends at 2^29), so `pc + 4` as four byte limbs has a
//! top limb below 2^6, and that bound makes the limbs the only integer
//! representation of the field element `pc + 4` (2^30 < p).

use trellis_isa::rv32im::AS_REGISTER;
use trellis_stark::{AirBuilder, BusBuilder, Domain, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::LookupCounters;
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE};
use trellis_vm::circuit::gadgets::{WriteCols, eval_access, fill_write, once, word_bytes};
use trellis_vm::trace::MemoryAccess;

/// Every provable pc is below `2^PC_BITS`.
pub const PC_BITS: u32 = 30;
/// Every provable pc is below this.
pub const PC_LIMIT: u32 = 1 << PC_BITS;
/// Bits of the top byte limb of a value below [`PC_LIMIT`].
pub const PC_TOP_LIMB_BITS: u32 = PC_BITS - 24;

trellis_vm::columns! {
    /// An optional rd write (13 columns).
    pub struct RdWriteCols {
        /// Operand `a`: `4 · rd`.
        rd_ptr: T,
        /// 1 if the instruction writes rd.
        enabled: T,
        /// The limbs written (also filled when nothing is written).
        rd: [T; 4],
        /// Timestamp proof and previous value of the write.
        write: WriteCols<T>,
    }
}

impl RdWriteCols<Domain> {
    /// Domains of the write: `enabled` is boolean (and, by the chip, the
    /// program's operand `f` or `a ≠ 0`); the limbs are byte-checked as two
    /// pairs whenever they are written (the chip pins them to its result).
    pub const CONTRACT: Self = Self {
        rd_ptr: Domain::Determined("program bus: operand a of the committed instruction"),
        enabled: Domain::Bit,
        rd: [Domain::Byte; 4],
        write: WriteCols::CONTRACT,
    };
}

/// Constrains the write at `timestamp`: `enabled` is boolean and implies
/// `is_valid`; when enabled, the register access happens and the limbs are
/// byte-checked.
pub fn eval_rd_write<AB: BusBuilder>(
    builder: &mut AB,
    is_valid: AB::Expr,
    cols: &RdWriteCols<AB::Var>,
    timestamp: AB::Expr,
) {
    let enabled: AB::Expr = cols.enabled.into();
    builder.assert_bool(enabled.clone());
    builder.assert_zero(enabled.clone() * (AB::Expr::ONE - is_valid));
    let rd = cols.rd.map(Into::<AB::Expr>::into);
    for pair in [[0, 1], [2, 3]] {
        BITWISE.lookup(
            builder,
            [
                rd[pair[0]].clone(),
                rd[pair[1]].clone(),
                AB::Expr::ZERO,
                AB::Expr::from_u32(BITWISE_RANGE),
            ],
            once::<AB>(enabled.clone()),
        );
    }
    eval_access(
        builder,
        enabled,
        AB::Expr::from_u32(AS_REGISTER),
        cols.rd_ptr.into(),
        cols.write.prev_data.map(Into::into),
        rd,
        timestamp,
        &cols.write.access,
    );
}

/// `Σ limbs[i] · 256^i`.
pub fn pack<AB: AirBuilder>(limbs: &[AB::Expr; 4]) -> AB::Expr {
    limbs.iter().rev().fold(AB::Expr::ZERO, |acc, limb| {
        acc * AB::Expr::from_u32(256) + limb.clone()
    })
}

/// Fills the write columns: `value` is what the instruction computes for rd;
/// `access` is the run's write (`None` when rd is x0). Records the lookups.
pub fn fill_rd_write(
    rd_ptr: Val,
    value: u32,
    access: Option<&MemoryAccess>,
    counters: &LookupCounters,
) -> RdWriteCols<Val> {
    let mut cols = RdWriteCols {
        rd_ptr,
        rd: word_bytes(value),
        ..Default::default()
    };
    if let Some(access) = access {
        debug_assert_eq!(access.value, value, "rd value disagrees with the run");
        let [b0, b1, b2, b3] = value.to_le_bytes().map(u32::from);
        counters.byte_pair(b0, b1);
        counters.byte_pair(b2, b3);
        cols.enabled = Val::ONE;
        cols.write = fill_write(access, counters);
    }
    cols
}
