//! Differential testing support.
