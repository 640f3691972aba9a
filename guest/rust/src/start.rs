//! `_start`: set `gp` (relaxation off, so the linker cannot rewrite this very
//! load against `gp`), `sp` and `tp`, call `main(0, NULL)`, then `exit` with
//! what it returns.  Same sequence as `guest/c/crt0.S`.
//!
//! `main` is the C-ABI entry point: in a std program with an ordinary
//! `fn main()`, the one rustc emits (it runs std's start-up and returns the
//! exit code); in a `#![no_main]` program, the one [`entry!`](crate::entry)
//! defines.

#[cfg(all(target_arch = "riscv32", any(target_os = "none", target_os = "zkvm")))]
core::arch::global_asm!(
    ".pushsection .text.trellis.start, \"ax\", @progbits",
    ".globl _start",
    ".type _start, @function",
    "_start:",
    ".option push",
    ".option norelax",
    "    la gp, __global_pointer$",
    ".option pop",
    "    la sp, _stack_top",
    "    la tp, __tls_base",
    "    li a0, 0",
    "    li a1, 0",
    "    call main",
    "    li a7, 93",
    "    ecall",
    "1:  j 1b",
    ".size _start, . - _start",
    ".popsection",
);

