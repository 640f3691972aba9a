//! Adapters: the operand fetch, register/memory traffic and execution-bus
//! bookkeeping that several cores share, one module per instruction shape.

pub mod alu;
#[cfg(test)]
pub(crate) mod testing;
