//! Allocates 64 MiB blocks until the heap is exhausted.  The allocator then
//! returns null and the runtime panics with
//! "memory allocation of 67108864 bytes failed" (exit code 101).  The blocks
//! are never touched, so this is cheap to run.  Used by tests.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use trellis_guest::println;

trellis_guest::entry!(main);

const BLOCK: usize = 64 << 20;

fn main() {
    println!(
        "allocating {} MiB blocks until the heap is exhausted",
        BLOCK >> 20
    );
    let mut blocks = 0usize;
    loop {
        let block: Vec<u8> = Vec::with_capacity(BLOCK);
        core::hint::black_box(block.as_ptr());
        core::mem::forget(block);
        blocks += 1;
        println!("{} MiB allocated", blocks * (BLOCK >> 20));
    }
}
