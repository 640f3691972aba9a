//! Chip for auipc.

mod executor;
pub use executor::AuipcExecutor;
