//! Column contracts of the VM's chips: the range vocabulary of the machine's
//! buses, the layout helper chips declare their domains with, and the test
//! assertion every chip's tests call.
//!
//! A chip declares its domains by writing its column struct with
//! [`Domain`] cells — `Cols::<Domain> { is_real: Domain::Bit, .. }` without
//! `..Default::default()`, so that a new field cannot be added without a
//! declaration — and returning [`layout`] of it from
//! `ChipAir::column_domains`.

use super::buses::{BITWISE, RANGE, RANGE_MAX_BITS};
use super::columns::Columns;
use trellis_stark::contract::base_value;
use trellis_stark::{Challenge, ContractViolation, DynAir, PrimeField32};

pub use trellis_stark::Domain;

/// The bits a field of a bus tuple proves: on [`RANGE`] `(x, bits)` the
/// field `x` is `< 2^bits` (when `bits` is a constant `≤ 16`); on
/// [`BITWISE`] `(x, y, z, op)` the fields `x`, `y` and `z` are bytes (the
/// table holds byte pairs and their xor only).
pub fn range_vocabulary(bus: &str, field: usize, fields: &[Challenge]) -> Option<u32> {
    if bus == RANGE.name() && field == 0 {
        let bits = base_value(fields.get(1)?)?.as_canonical_u32();
        (bits <= RANGE_MAX_BITS).then_some(bits)
    } else if bus == BITWISE.name() && field <= 2 {
        Some(8)
    } else {
        None
    }
}

/// The domains of a column struct, in column order.
pub fn layout<C: Columns<Domain>>(cols: &C) -> Vec<Domain> {
    let mut row = vec![Domain::Undeclared; C::WIDTH];
    cols.write(&mut row);
    row
}

/// Checks `air`'s column contract with the machine's range vocabulary.
pub fn check_contract(air: &DynAir) -> Result<(), Vec<ContractViolation>> {
    air.check_column_contract(&range_vocabulary)
}

/// Panics with every violation of `air`'s column contract (for tests).
pub fn assert_column_contract(air: &DynAir) {
    if let Err(violations) = check_contract(air) {
        let lines: Vec<String> = violations.iter().map(ToString::to_string).collect();
        panic!(
            "{air:?}: {} column contract violation(s):\n  {}",
            lines.len(),
            lines.join("\n  ")
        );
    }
}
