//! Chip for div, divu, rem, remu.

mod executor;
pub use executor::DivRemExecutor;
