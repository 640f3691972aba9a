//! Chip for mulh, mulhsu, mulhu (high 32 bits of the product).

mod executor;
pub use executor::MulHExecutor;
