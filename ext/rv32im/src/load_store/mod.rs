//! Chip for loads (lw, lh, lhu, lb, lbu) and stores (sw, sh, sb).

mod executor;
pub use executor::LoadStoreExecutor;
