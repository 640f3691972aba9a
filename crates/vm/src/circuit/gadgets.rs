//! Constraint and trace-filling halves of the pieces every instruction chip
//! shares: the execution/program adapter and memory accesses.

use super::buses::{EXEC, MEMORY, PROGRAM, RANGE, TIMESTAMP_HIGH_BITS, TIMESTAMP_LOW_BITS};
use super::lookups::LookupCounters;
use crate::trace::MemoryAccess;
use trellis_stark::{BusBuilder, Count, Domain, PrimeCharacteristicRing, Val};

crate::columns! {
    /// The proof that one access's previous timestamp is older than its own.
    pub struct AccessCols {
        /// Timestamp of the previous access to the same word.
        prev_timestamp: T,
        /// Low 16 bits of `timestamp - prev_timestamp - 1`.
        gap_lo: T,
        /// High 13 bits of `timestamp - prev_timestamp - 1`.
        gap_hi: T,
    }
}

crate::columns! {
    /// A write: the timestamp proof and the word it overwrites.
    pub struct WriteCols {
        /// Timestamp proof.
        access: AccessCols<T>,
        /// The bytes before the write.
        prev_data: [T; 4],
    }
}

impl AccessCols<Domain> {
    /// Domains: the previous timestamp is whatever the memory bus received
    /// (the gap limbs prove it older); the gap limbs are range-checked.
    pub const CONTRACT: Self = Self {
        prev_timestamp: Domain::Timestamp,
        gap_lo: Domain::Limb {
            bits: TIMESTAMP_LOW_BITS,
        },
        gap_hi: Domain::Limb {
            bits: TIMESTAMP_HIGH_BITS,
        },
    };
}

impl WriteCols<Domain> {
    /// Domains: the timestamp proof, and the overwritten bytes, fixed by the
    /// memory bus receive (bytes on the bus are bytes by induction: every
    /// write and every initial value is byte-checked where it is sent).
    pub const CONTRACT: Self = Self {
        access: AccessCols::CONTRACT,
        prev_data: [Domain::Determined("memory bus: the previous write's bytes"); 4],
    };
}

/// A count of `enabled` (a boolean the chip constrains) with per-row bound 1.
pub fn once<AB: BusBuilder>(enabled: AB::Expr) -> Count<AB::Expr> {
    Count::bounded(enabled, 1)
}

/// Constrains one memory access when `enabled`: receives `prev_data` at the
/// previous timestamp, sends `data` at `timestamp`, and proves the previous
/// timestamp is older. For a read pass `data` as `prev_data`.
#[allow(clippy::too_many_arguments)]
pub fn eval_access<AB: BusBuilder>(
    builder: &mut AB,
    enabled: AB::Expr,
    address_space: AB::Expr,
    pointer: AB::Expr,
    prev_data: [AB::Expr; 4],
    data: [AB::Expr; 4],
    timestamp: AB::Expr,
    cols: &AccessCols<AB::Var>,
) {
    let gap = timestamp.clone() - cols.prev_timestamp.into() - AB::Expr::ONE;
    let limbs =
        cols.gap_lo.into() + cols.gap_hi.into() * AB::Expr::from_u32(1 << TIMESTAMP_LOW_BITS);
    builder.assert_zero(enabled.clone() * (gap - limbs));
    RANGE.lookup(
        builder,
        [cols.gap_lo.into(), AB::Expr::from_u32(TIMESTAMP_LOW_BITS)],
        once::<AB>(enabled.clone()),
    );
    RANGE.lookup(
        builder,
        [cols.gap_hi.into(), AB::Expr::from_u32(TIMESTAMP_HIGH_BITS)],
        once::<AB>(enabled.clone()),
    );
    let [p0, p1, p2, p3] = prev_data;
    MEMORY.receive(
        builder,
        [
            address_space.clone(),
            pointer.clone(),
            p0,
            p1,
            p2,
            p3,
            cols.prev_timestamp.into(),
        ],
        once::<AB>(enabled.clone()),
    );
    let [d0, d1, d2, d3] = data;
    MEMORY.send(
        builder,
        [address_space, pointer, d0, d1, d2, d3, timestamp],
        once::<AB>(enabled),
    );
}

/// Constrains the instruction's place in the run when `is_valid`: receives
/// `(pc, timestamp)` and sends `(next_pc, timestamp + delta)` on the
/// execution bus, and looks the instruction up in the program.
pub fn eval_exec<AB: BusBuilder>(
    builder: &mut AB,
    is_valid: AB::Expr,
    pc: AB::Expr,
    timestamp: AB::Expr,
    next_pc: AB::Expr,
    delta: AB::Expr,
    instruction: [AB::Expr; 8],
) {
    EXEC.receive(
        builder,
        [pc.clone(), timestamp.clone()],
        once::<AB>(is_valid.clone()),
    );
    EXEC.send(
        builder,
        [next_pc, timestamp + delta],
        once::<AB>(is_valid.clone()),
    );
    let [opcode, a, b, c, d, e, f, g] = instruction;
    PROGRAM.lookup(
        builder,
        [pc, opcode, a, b, c, d, e, f, g],
        once::<AB>(is_valid),
    );
}

/// The four little-endian bytes of a word, as field elements.
pub fn word_bytes(word: u32) -> [Val; 4] {
    word.to_le_bytes().map(Val::from_u8)
}

/// Fills an access's timestamp proof and records its range lookups.
pub fn fill_access(access: &MemoryAccess, counters: &LookupCounters) -> AccessCols<Val> {
    let (lo, hi) = counters.timestamp_gap(access.prev_timestamp, access.timestamp);
    AccessCols {
        prev_timestamp: Val::from_u32(access.prev_timestamp),
        gap_lo: Val::from_u32(lo),
        gap_hi: Val::from_u32(hi),
    }
}

/// Fills a write's columns and records its range lookups.
pub fn fill_write(access: &MemoryAccess, counters: &LookupCounters) -> WriteCols<Val> {
    WriteCols {
        access: fill_access(access, counters),
        prev_data: word_bytes(access.prev_value),
    }
}
