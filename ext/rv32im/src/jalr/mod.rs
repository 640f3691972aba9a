//! Chip for jalr.

mod executor;
pub use executor::JalrExecutor;
