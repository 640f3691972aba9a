//! Chip for loads (lw, lh, lhu, lb, lbu) and stores (sw, sh, sb).

mod air;
mod executor;
#[cfg(test)]
mod forgery;
#[cfg(test)]
mod tests;
mod trace;

pub use air::{LOAD_STORE_WIDTH, LoadStoreAir, LoadStoreCols};
pub use executor::LoadStoreExecutor;
pub use trace::loaded_value;

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the LoadStore opcodes are registered under.
pub const CHIP: &str = "LoadStore";

/// The LoadStore chip: address gadget + load/store core.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadStoreChip;

impl Chip for LoadStoreChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(LoadStoreAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
