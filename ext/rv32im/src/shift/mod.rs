//! Chip for sll, srl, sra (register and immediate forms).

mod executor;
pub use executor::ShiftExecutor;
