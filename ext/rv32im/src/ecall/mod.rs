//! Chip for ecall: the guest ABI (docs/guest-abi.md).

pub mod abi;
mod executor;
pub use executor::EcallExecutor;
