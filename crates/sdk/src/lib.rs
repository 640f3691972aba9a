//! The library users call: build guests, transpile, execute.

pub mod build;
