//! The gadgets against Plonky3 0.8.0's native code, value for value, plus negative tests
//! (a wrong witness leaves the constraint system unsatisfied) and a Groth16 round trip.

mod babybear;
mod challenger;
mod common;
mod ext5;
mod groth16;
mod poseidon2;
mod sha256;
mod sponge;
