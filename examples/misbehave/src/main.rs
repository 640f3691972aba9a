//! Misbehaves on request, after some honest work, so tests can check that
//! every way a guest goes wrong is reported clearly — by `run` and by
//! `prove` before it proves anything. Input: two little-endian u32s,
//! `mode` and `amount`:
//!
//! * 0: `amount` iterations of work, then exit 0 (behaves);
//! * 1: `amount` iterations, then recursion without end (stack overflow);
//! * 2: `amount` iterations, then a loop without end;
//! * 3: `amount` iterations, then a store outside guest memory;
//! * 4: reveals `amount` bytes, 100 at a time with work in between, then
//!   exits 0 (more than 1024 is over the public-output limit).
#![no_std]
#![no_main]

use core::hint::black_box;

trellis_guest::entry!(main);

/// Some honest work: a xorshift walk.
fn work(iterations: u32) -> u32 {
    let mut x = 0x9e37_79b9u32;
    for _ in 0..iterations {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
    }
    black_box(x)
}

/// Recurses until the stack runs out (each frame holds a 1 KiB buffer).
#[inline(never)]
fn descend(depth: u32) -> u32 {
    let mut frame = [0u8; 1024];
    frame[(depth % 1024) as usize] = depth as u8;
    let below = descend(black_box(depth + 1));
    black_box(&frame);
    below.wrapping_add(frame[0] as u32)
}

fn main() {
    let mut words = [0u8; 8];
    trellis_guest::read_exact(&mut words);
    let mode = u32::from_le_bytes(words[..4].try_into().unwrap());
    let amount = u32::from_le_bytes(words[4..].try_into().unwrap());
    if mode == 4 {
        let mut sent = 0;
        while sent < amount {
            let chunk = (amount - sent).min(100);
            let bytes = [(sent % 251) as u8; 100];
            trellis_guest::reveal(&bytes[..chunk as usize]);
            sent += chunk;
            work(1000);
        }
        trellis_guest::exit(0);
    }
    let x = work(amount);
    match mode {
        1 => {
            black_box(descend(x));
        }
        2 => loop {
            black_box(work(1));
        },
        3 => unsafe {
            let address = black_box(0x2000_0000usize) as *mut u32;
            address.write_volatile(x);
        },
        _ => {}
    }
    trellis_guest::exit(0);
}
