//! Reads one input of each kind the host can build (`trellis_sdk::Input`,
//! or the CLI's `--input*` options) and reveals what it read, so tests can
//! check both ends agree on the framing:
//!
//! 1. `read::<(u32, String)>()`: a postcard frame (`Input::write`);
//! 2. `read_vec()`: a frame of bytes (`Input::write_slice`, `--input-frame`);
//! 3. `read_exact` of 4 bytes: raw bytes (`Input::write_u32`, `--input-u32`,
//!    `--input-hex`, `--input FILE`).
//!
//! Public output: the u32 (4 LE bytes), the string's bytes, the frame's
//! bytes, the 4 raw bytes.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;

trellis_guest::entry!(main);

fn main() {
    let (number, text): (u32, String) = trellis_guest::read();
    let frame = trellis_guest::read_vec();
    let mut raw = [0u8; 4];
    if trellis_guest::read_exact(&mut raw) != 4 {
        panic!("the input ended before the 4 raw bytes");
    }
    trellis_guest::reveal_u32(number);
    trellis_guest::reveal(text.as_bytes());
    trellis_guest::reveal(&frame);
    trellis_guest::reveal(&raw);
    trellis_guest::exit(0);
}
