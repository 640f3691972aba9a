//! Forgery tests of the compression chip (issue #10 item 1.1): a lying
//! `sha256` extension ([`lying`]) whose executor writes a forged state and
//! whose trace generator makes the rows agree with it ([`solve`]), proven
//! with the honest proving flow and checked by the honest verifier.

mod lying;
mod solve;
mod tests;
