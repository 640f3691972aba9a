//! What one row of an AIR's trace costs the prover, in base-field columns of
//! each committed matrix: the numbers the segment sizer's memory model
//! multiplies by the trace height.

use p3_air::BaseAir;
use p3_air::symbolic::AirLayout;
use p3_batch_stark::symbolic::get_log_num_quotient_chunks;
use p3_field::BasedVectorSpace;
use p3_lookup::{LogUpGadget, Lookups};

use crate::air::StarkAir;
use crate::config::{Challenge, Val};

/// Base-field columns per trace row of each matrix the prover commits for
/// one AIR, as `p3-batch-stark` lays them out for this AIR (the same
/// quotient sizing and same-bus LogUp packing as keygen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowShape {
    /// Main trace columns.
    pub main: usize,
    /// Permutation (LogUp) trace columns: 4 per extension-field column,
    /// one per packed lookup column plus the shared accumulator; 0 for an
    /// AIR without lookups.
    pub permutation: usize,
    /// Quotient columns per trace row: 4 per quotient chunk (each chunk is
    /// one extension-field column as tall as the trace).
    pub quotient: usize,
}

/// The [`RowShape`] of `air`. Costs a symbolic evaluation of the AIR (and
/// its lookups): compute it once per AIR, not per row.
pub fn row_shape<A: StarkAir>(air: &A) -> RowShape {
    let ext = <Challenge as BasedVectorSpace<Val>>::DIMENSION;
    let gadget = LogUpGadget::new();
    let unpacked = Lookups::<Val>::from_air::<Challenge, A>(air);
    let layout = AirLayout::from_air::<Val>(air);
    // Two-adic domains: the quotient degree does not depend on the height.
    let log_chunks = get_log_num_quotient_chunks::<Val, Challenge, A, _>(
        air,
        layout,
        1 << 10,
        &unpacked,
        0,
        &gadget,
    );
    // Keygen's packing (`ProverData::from_airs_and_degrees`): same-bus
    // lookups share a column while the quotient chunk count stays the same.
    let packed = unpacked.pack_same_bus(&gadget, (1usize << log_chunks) + 1);
    let permutation = if packed.is_empty() {
        0
    } else {
        ext * (packed.len() + 1)
    };
    RowShape {
        main: <A as BaseAir<Val>>::width(air),
        permutation,
        quotient: ext << log_chunks,
    }
}
