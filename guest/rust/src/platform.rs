//! The `sys_*` functions that Rust's std calls on the `zkvm` platform
//! (`riscv32im-risc0-zkvm-elf`, see `library/std/src/sys/pal/zkvm/abi.rs` in
//! the Rust sources), implemented with the Trellis calls of
//! docs/guest-abi.md.  Only built for that target.
//!
//! | std calls            | Trellis does                                          |
//! |----------------------|-------------------------------------------------------|
//! | `sys_write(1/2, ..)` | `write` (call 64): the guest's stdout / stderr        |
//! | `sys_write(3, ..)`   | `trellis_reveal`: fd 3 is the public output, as under Linux |
//! | `sys_read(0, ..)`    | `trellis_read_input`: stdin is the private input      |
//! | `sys_alloc_*`        | the guest heap ([`crate::heap`])                      |
//! | `sys_rand`           | a fixed pseudo-random stream (see below)              |
//! | `sys_getenv`         | no variables                                          |
//! | `sys_argc/argv`      | no arguments                                          |
//! | `sys_panic`          | exit code 101 (std has already printed the message)   |
//! | `sys_halt`           | exit code 0                                           |
//!
//! Randomness: a proven program has no secret the prover does not know, so
//! there is no entropy to give.  `sys_rand` returns the same xorshift stream
//! in every run, which makes `HashMap`'s default hasher deterministic (a fixed
//! seed) and every run reproducible.  Never derive keys from it.
#![cfg(all(target_arch = "riscv32", target_os = "zkvm"))]

use crate::syscall;
use core::alloc::{GlobalAlloc, Layout};

/// File descriptor of the public output (std's `fileno::JOURNAL`).
const PUBLIC_OUTPUT_FD: u32 = 3;

#[unsafe(no_mangle)]
extern "C" fn sys_write(fd: u32, buf: *const u8, nbytes: usize) {
    // SAFETY: std passes a live buffer of `nbytes` bytes.
    let bytes = unsafe { core::slice::from_raw_parts(buf, nbytes) };
    if fd == PUBLIC_OUTPUT_FD {
        crate::io::reveal(bytes);
    } else {
        crate::io::write(fd, bytes);
    }
}

#[unsafe(no_mangle)]
extern "C" fn sys_read(fd: u32, recv_buf: *mut u8, nrequested: usize) -> usize {
    if fd != 0 || nrequested == 0 {
        return 0;
    }
    // SAFETY: std passes a writable buffer of `nrequested` bytes.
    let buf = unsafe { core::slice::from_raw_parts_mut(recv_buf, nrequested) };
    crate::io::read_input(buf)
}

#[unsafe(no_mangle)]
extern "C" fn sys_alloc_aligned(nbytes: usize, align: usize) -> *mut u8 {
    match Layout::from_size_align(nbytes, align.max(1)) {
        // SAFETY: the layout is valid; a zero size is raised to one byte.
        Ok(layout) => unsafe {
            crate::heap::HEAP.alloc(Layout::from_size_align_unchecked(
                layout.size().max(1),
                layout.align(),
            ))
        },
        Err(_) => core::ptr::null_mut(),
    }
}

#[unsafe(no_mangle)]
extern "C" fn sys_alloc_words(nwords: usize) -> *mut u32 {
    sys_alloc_aligned(nwords.saturating_mul(4), 4).cast()
}

/// State of the fixed xorshift stream behind `sys_rand`.
static mut RAND_STATE: u32 = 0x2545_f491;

#[unsafe(no_mangle)]
extern "C" fn sys_rand(recv_buf: *mut u32, words: usize) {
    for i in 0..words {
        // SAFETY: single-threaded guest; std passes `words` writable words.
        unsafe {
            let mut x = RAND_STATE;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            RAND_STATE = x;
            recv_buf.add(i).write(x);
        }
    }
}

#[unsafe(no_mangle)]
extern "C" fn sys_getenv(
    _recv_buf: *mut u32,
    _words: usize,
    _varname: *const u8,
    _varname_len: usize,
) -> usize {
    usize::MAX
}

#[unsafe(no_mangle)]
extern "C" fn sys_argc() -> usize {
    0
}

#[unsafe(no_mangle)]
extern "C" fn sys_argv(_out_words: *mut u32, _out_nwords: usize, _arg_index: usize) -> usize {
    0
}

#[unsafe(no_mangle)]
extern "C" fn sys_panic(_msg_ptr: *const u8, _len: usize) -> ! {
    // std's panic hook has printed "thread 'main' panicked at ..." already.
    syscall::sys_exit(101)
}

#[unsafe(no_mangle)]
extern "C" fn sys_halt() -> ! {
    syscall::sys_exit(0)
}

#[unsafe(no_mangle)]
extern "C" fn sys_log(msg_ptr: *const u8, len: usize) {
    sys_write(2, msg_ptr, len);
}

#[unsafe(no_mangle)]
extern "C" fn sys_cycle_count() -> usize {
    0
}
