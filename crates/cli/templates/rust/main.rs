//! {{name}}: a Trellis guest program.
//!
//! Input: n as 4 little-endian bytes (`trellis run ... --input-u32 N`,
//! `Input::new().write_u32(n)` on the host); 10 without input.
//! Prints the sum of the squares 1² + … + n² (mod 2^32) and reveals it as
//! the public output (4 little-endian bytes).
#![no_std]
#![no_main]

use trellis_guest::{println, read_exact, reveal_u32};

trellis_guest::entry!(main);

fn main() {
    let mut buf = [0u8; 4];
    let n = match read_exact(&mut buf) {
        0 => 10,
        4 => u32::from_le_bytes(buf),
        k => panic!("input must be empty or n as 4 little-endian bytes, got {k} bytes"),
    };
    let sum = (1..=n).fold(0u32, |sum, i| sum.wrapping_add(i.wrapping_mul(i)));
    println!("sum of squares 1..={n} = {sum}");
    reveal_u32(sum);
}
