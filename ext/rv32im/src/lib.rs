//! The base RV32IM extension: the transpiler decoder for every RV32IM
//! instruction and the executors that run them.

pub mod decoder;
