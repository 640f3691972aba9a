/*
 * Trellis guest start code for C (the same sequence as the Rust runtime's
 * `_start` in guest/rust/src/start.rs).
 *
 * Sets gp (with relaxation disabled, so the linker cannot turn this very
 * load into a gp-relative one), sp and tp, calls __trellis_main (defined in
 * trellis.c: runs constructors, calls main, exits with its result), and, if
 * that ever returns, exits with code 0.
 */
    .section .text.trellis.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, _stack_top
    la      tp, __tls_base
    call    __trellis_main
    li      a0, 0
    li      a7, 93
    ecall
1:  j       1b
    .size _start, . - _start
