//! The witness bus: how slot values travel between the op tables.
//!
//! Two buses, one per slot kind: [`BASE_WITNESS`] carries `(slot, value)` and
//! [`EXT_WITNESS`] carries `(slot, c0, c1, c2, c3)`. The row of the op that defines a slot
//! *provides* its tuple with a preprocessed multiplicity, the number of times the program
//! reads the slot; every row that reads a slot *looks it up* once (a preprocessed 0/1
//! count, 0 on padding rows). Slot indices and counts are preprocessed, so the verifying
//! key fixes them.

use trellis_stark::{Bus, BusBuilder, Count};

use crate::backend::EXT_DEGREE;

/// `(slot, value)` of base-field slots.
pub const BASE_WITNESS: Bus = Bus::new("recursion/base-witness");
/// `(slot, c0, c1, c2, c3)` of extension slots.
pub const EXT_WITNESS: Bus = Bus::new("recursion/ext-witness");

/// Looks base slot `slot` up with value `value`, `count` (0 or 1, preprocessed) times.
pub fn read_base<AB: BusBuilder>(
    builder: &mut AB,
    slot: impl Into<AB::Expr>,
    value: impl Into<AB::Expr>,
    count: impl Into<AB::Expr>,
) {
    BASE_WITNESS.lookup(
        builder,
        [slot.into(), value.into()],
        Count::bounded(count.into(), 1),
    );
}

/// Looks extension slot `slot` up with coordinates `value`, `count` (0 or 1) times.
pub fn read_ext<AB: BusBuilder, E: Into<AB::Expr>>(
    builder: &mut AB,
    slot: impl Into<AB::Expr>,
    value: [E; EXT_DEGREE],
    count: impl Into<AB::Expr>,
) {
    let fields = core::iter::once(slot.into()).chain(value.map(Into::into));
    EXT_WITNESS.lookup(builder, fields, Count::bounded(count.into(), 1));
}

/// Defines base slot `slot` as `value`, read `reads` times (preprocessed).
pub fn write_base<AB: BusBuilder>(
    builder: &mut AB,
    slot: impl Into<AB::Expr>,
    value: impl Into<AB::Expr>,
    reads: impl Into<AB::Expr>,
) {
    BASE_WITNESS.provide(builder, [slot.into(), value.into()], reads);
}

/// Defines extension slot `slot` as `value`, read `reads` times (preprocessed).
pub fn write_ext<AB: BusBuilder, E: Into<AB::Expr>>(
    builder: &mut AB,
    slot: impl Into<AB::Expr>,
    value: [E; EXT_DEGREE],
    reads: impl Into<AB::Expr>,
) {
    let fields = core::iter::once(slot.into()).chain(value.map(Into::into));
    EXT_WITNESS.provide(builder, fields, reads);
}
