//! Chip for mul (low 32 bits of the product).

mod executor;
pub use executor::MulExecutor;
