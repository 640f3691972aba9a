//! Differential testing of Trellis against `qemu-riscv32`.
//!
//! A seeded generator ([`generator`]) writes random RV32IM programs as GNU
//! assembly inside a fixed frame ([`frame`]): the frame initializes every
//! register, runs the body, dumps `x1..x31` and a 4 KiB scratch buffer to
//! stdout and exits with one register's low byte. [`assemble`] turns the text
//! into an ELF with the RISC-V cross compiler; [`qemu`] and [`trellis`] run
//! it; [`compare`] checks that both agree byte for byte and that Trellis's
//! final registers match what the program dumped. [`harness`] ties these
//! together for one program, [`batch`] runs many seeds in parallel, and
//! [`seeds`] reads which ones from the environment.

pub mod asm;
pub mod assemble;
pub mod batch;
pub mod compare;
pub mod frame;
pub mod generator;
pub mod harness;
pub mod qemu;
pub mod reg;
pub mod seeds;
pub mod toolchain;
pub mod trellis;
pub mod values;
