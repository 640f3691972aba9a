//! Consistent-forgery tests of the bigint chip: a lying `bigint`
//! extension ([`lying`]) whose executor writes a forged result (or skips
//! the pointer checks) and whose trace generator fills the honest chip's
//! columns with the witness a forger would solve for, proven with the
//! honest proving flow and checked by the honest verifier.

mod lying;
mod tests;
