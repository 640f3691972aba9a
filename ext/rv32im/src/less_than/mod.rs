//! Chip for slt, sltu (register and immediate forms).

mod executor;
pub use executor::LessThanExecutor;
