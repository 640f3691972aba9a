//! Helpers shared by the SDK integration tests.

pub mod programs;
