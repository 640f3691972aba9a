//! `_start`: set `gp` (relaxation off, so the linker cannot rewrite this very
//! load against `gp`), `sp` and `tp`, call `__trellis_main` (defined by
//! [`entry!`](crate::entry)), then `exit(0)`.  Same sequence as
//! `guest/c/crt0.S`.

#[cfg(all(target_arch = "riscv32", target_os = "none"))]
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
    "    call __trellis_main",
    "    li a0, 0",
    "    li a7, 93",
    "    ecall",
    "1:  j 1b",
    ".size _start, . - _start",
    ".popsection",
);
