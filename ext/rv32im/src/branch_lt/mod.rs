//! Chip for blt, bltu, bge, bgeu.

mod executor;
pub use executor::BranchLtExecutor;
