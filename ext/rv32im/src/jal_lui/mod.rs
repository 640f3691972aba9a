//! Chip for jal and lui.

mod executor;
pub use executor::JalLuiExecutor;
