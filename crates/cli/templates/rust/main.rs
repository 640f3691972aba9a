//! {{name}}: a Trellis guest program, with Rust's `std`.
//!
//! Input: n as 4 little-endian bytes on stdin, the private input
//! (`trellis run ... --input-u32 N`, `Input::new().write_u32(n)` on the
//! host); 10 without input.
//! Prints the sum of the squares 1² + … + n² (mod 2^32) and reveals it as
//! the public output (4 little-endian bytes).
//!
//! `std` works as in any Rust program (Vec, String, HashMap, println!,
//! stdin), without threads, files, clocks or randomness; crates that need
//! atomics build too. See docs/guest-abi.md in the Trellis sources, "std
//! and atomics". For a `#![no_std]` guest, drop the `std` feature of
//! trellis-guest in Cargo.toml and use `trellis_guest::entry!(main)`.
use std::io::Read;

fn main() {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .expect("the private input reads");
    let n = match <[u8; 4]>::try_from(input.as_slice()) {
        Ok(bytes) => u32::from_le_bytes(bytes),
        Err(_) if input.is_empty() => 10,
        Err(_) => panic!(
            "input must be empty or n as 4 little-endian bytes, got {} bytes",
            input.len()
        ),
    };
    let sum = (1..=n).fold(0u32, |sum, i| sum.wrapping_add(i.wrapping_mul(i)));
    println!("sum of squares 1..={n} = {sum}");
    trellis_guest::reveal_u32(sum);
}
