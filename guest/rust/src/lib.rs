//! Trellis guest runtime for Rust (RV32IM, `riscv32im-risc0-zkvm-elf`, no_std or std).
//!
//! Implements the contract of `docs/guest-abi.md`: start code, the calls
//! (`exit`, `write`, `trellis_read_input`, `trellis_reveal`), a bump
//! allocator over `_heap_start.._heap_end`, and a panic handler that prints
//! `panicked at FILE:LINE:COL:\nMESSAGE` to stderr and exits with 101.
//!
//! A guest program:
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//!
//! use trellis_guest::println;
//!
//! trellis_guest::entry!(main);
//!
//! fn main() {
//!     let n: u32 = trellis_guest::read();
//!     println!("n = {n}");
//!     trellis_guest::reveal_u32(n);
//! }
//! ```
//!
//! Build it with `trellis build` (or `trellis_sdk::build::build_guest`),
//! which links with `guest/trellis.ld`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(all(feature = "std", target_arch = "riscv32", not(target_os = "zkvm")))]
compile_error!(
    "trellis-guest: the `std` feature needs the std-capable target riscv32im-risc0-zkvm-elf; \
     `trellis build` selects it (see docs/guest-abi.md, \"std and atomics\")"
);

mod heap;
mod io;
pub mod bigint;
pub mod keccak;
mod panic;
mod platform;
mod start;
pub mod sha256;
pub mod syscall;

pub use io::{
    eprint_str, exit, print_str, read_exact, read_input, read_to_end, read_vec, reveal, reveal_u32,
    write,
};

#[cfg(feature = "serde")]
pub use io::read;

#[doc(hidden)]
pub use io::{_eprint, _print};

/// Declares the guest's main function in a `#![no_main]` program:
/// `trellis_guest::entry!(main);`.
///
/// It defines the C-ABI `main` symbol that the start code calls after
/// setting up `gp` and `sp`; when the function returns, the guest exits with
/// code 0.  A std program (feature `std`) may instead have an ordinary
/// `fn main()` and no `entry!`.
#[macro_export]
macro_rules! entry {
    ($path:path) => {
        #[doc(hidden)]
        #[unsafe(export_name = "main")]
        pub extern "C" fn __trellis_main(_argc: i32, _argv: *const *const u8) -> i32 {
            let main: fn() = $path;
            main();
            0
        }
    };
}

/// Prints to stdout (call 64, fd 1).
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::_print(::core::format_args!($($arg)*)) };
}

/// Prints to stdout with a newline.
#[macro_export]
macro_rules! println {
    () => { $crate::print_str("\n") };
    ($($arg:tt)*) => { $crate::_print(::core::format_args!("{}\n", ::core::format_args!($($arg)*))) };
}

/// Prints to stderr (call 64, fd 2).
#[macro_export]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::_eprint(::core::format_args!($($arg)*)) };
}

/// Prints to stderr with a newline.
#[macro_export]
macro_rules! eprintln {
    () => { $crate::eprint_str("\n") };
    ($($arg:tt)*) => { $crate::_eprint(::core::format_args!("{}\n", ::core::format_args!($($arg)*))) };
}
