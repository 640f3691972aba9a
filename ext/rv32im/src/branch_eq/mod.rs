//! Chip for beq, bne.

mod executor;
pub use executor::BranchEqExecutor;
pub(crate) use executor::{branch, pre_decode_branch};
