//! Panics on purpose: the runtime prints
//! `panicked at panic/src/main.rs:LINE:COL:\nthis guest panics on purpose (code 42)`
//! to stderr and exits with code 101.  Used by tests.
#![no_std]
#![no_main]

use trellis_guest::println;

trellis_guest::entry!(main);

fn main() {
    println!("about to panic");
    let code = core::hint::black_box(42);
    panic!("this guest panics on purpose (code {code})");
}
