//! Chip for add, sub, xor, or, and (register and immediate forms).

mod executor;
pub use executor::BaseAluExecutor;
