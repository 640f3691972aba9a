//! Iterative Fibonacci modulo 2^32.
//!
//! Input (optional): n as 4 little-endian bytes; default 1000.
//! Output: prints `fibonacci(n) = F(n) mod 2^32`, reveals F(n) mod 2^32 as
//! 4 little-endian bytes.  F(0) = 0, F(1) = 1.  The loop costs a few
//! instructions per step, so n scales a benchmark to any length.
#![no_std]
#![no_main]

use trellis_guest::{println, read_exact, reveal_u32};

trellis_guest::entry!(main);

const DEFAULT_N: u32 = 1000;

fn main() {
    let mut buf = [0u8; 4];
    let n = match read_exact(&mut buf) {
        0 => DEFAULT_N,
        4 => u32::from_le_bytes(buf),
        k => panic!("input must be empty or n as 4 little-endian bytes, got {k} bytes"),
    };
    let (mut a, mut b) = (0u32, 1u32);
    for _ in 0..n {
        let c = a.wrapping_add(b);
        a = b;
        b = c;
    }
    println!("fibonacci({n}) = {a}");
    reveal_u32(a);
}
