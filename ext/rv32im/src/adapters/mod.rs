//! Adapters: the operand fetch, register/memory traffic and execution-bus
//! bookkeeping that several cores share, one module per instruction shape.

pub mod alu;
pub mod branch;
pub mod jump;
pub mod loadstore;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
pub(crate) mod testing_forgery;
#[cfg(test)]
pub(crate) mod testing_rewrite;
#[cfg(test)]
pub(crate) mod testing_words;
