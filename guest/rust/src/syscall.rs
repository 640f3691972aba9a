//! Raw `ecall` wrappers and call numbers (docs/guest-abi.md).

/// Linux `read`; used only as the fallback for [`READ_INPUT`] outside Trellis.
pub const READ: u32 = 63;
/// `write(fd, ptr, len)`.
pub const WRITE: u32 = 64;
/// `exit(code)`.
pub const EXIT: u32 = 93;
/// `trellis_read_input(ptr, capacity) -> copied`.
pub const READ_INPUT: u32 = 0x5452_0001;
/// `trellis_reveal(ptr, len) -> 0`.
pub const REVEAL: u32 = 0x5452_0003;

/// What Linux (`qemu-riscv32`) answers to the Trellis calls.
pub const ENOSYS: isize = -38;
/// Where revealed bytes go when the guest runs under Linux.
pub const REVEAL_FALLBACK_FD: usize = 3;
/// Where input comes from when the guest runs under Linux.
pub const INPUT_FALLBACK_FD: usize = 0;

/// `ecall` with one argument.
///
/// # Safety
/// The call `n` must accept the argument (pointers must be valid for it).
#[inline(always)]
pub unsafe fn ecall1(n: u32, a0: usize) -> isize {
    #[cfg(target_arch = "riscv32")]
    {
        let ret: isize;
        unsafe {
            core::arch::asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret,
                options(nostack));
        }
        ret
    }
    #[cfg(not(target_arch = "riscv32"))]
    {
        let _ = (n, a0);
        unimplemented!("Trellis calls exist only on riscv32")
    }
}

/// `ecall` with two arguments.
///
/// # Safety
/// The call `n` must accept the arguments (pointers must be valid for it).
#[inline(always)]
pub unsafe fn ecall2(n: u32, a0: usize, a1: usize) -> isize {
    #[cfg(target_arch = "riscv32")]
    {
        let ret: isize;
        unsafe {
            core::arch::asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret,
                in("a1") a1, options(nostack));
        }
        ret
    }
    #[cfg(not(target_arch = "riscv32"))]
    {
        let _ = (n, a0, a1);
        unimplemented!("Trellis calls exist only on riscv32")
    }
}

/// `ecall` with three arguments.
///
/// # Safety
/// The call `n` must accept the arguments (pointers must be valid for it).
#[inline(always)]
pub unsafe fn ecall3(n: u32, a0: usize, a1: usize, a2: usize) -> isize {
    #[cfg(target_arch = "riscv32")]
    {
        let ret: isize;
        unsafe {
            core::arch::asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret,
                in("a1") a1, in("a2") a2, options(nostack));
        }
        ret
    }
    #[cfg(not(target_arch = "riscv32"))]
    {
        let _ = (n, a0, a1, a2);
        unimplemented!("Trellis calls exist only on riscv32")
    }
}

/// `exit(code)`: stops the machine.
#[inline(always)]
pub fn sys_exit(code: i32) -> ! {
    loop {
        // SAFETY: exit takes no pointer.
        unsafe { ecall1(EXIT, code as usize) };
    }
}

/// `write(fd, bytes)`: returns the number of bytes written or a negative error.
#[inline(always)]
pub fn sys_write(fd: usize, bytes: &[u8]) -> isize {
    // SAFETY: the pointer and length describe a live slice.
    unsafe { ecall3(WRITE, fd, bytes.as_ptr() as usize, bytes.len()) }
}

/// `trellis_read_input(buf)`, falling back to `read(0, buf)` under Linux.
/// Returns the number of bytes copied, 0 at end of input.
#[inline]
pub fn sys_read_input(buf: &mut [u8]) -> usize {
    if buf.is_empty() {
        return 0;
    }
    let (ptr, cap) = (buf.as_mut_ptr() as usize, buf.len());
    // SAFETY: the pointer and capacity describe a live, writable slice.
    let mut n = unsafe { ecall2(READ_INPUT, ptr, cap) };
    if n == ENOSYS {
        // SAFETY: as above.
        n = unsafe { ecall3(READ, INPUT_FALLBACK_FD, ptr, cap) };
    }
    if n < 0 { 0 } else { n as usize }
}

/// `trellis_reveal(bytes)`, falling back to `write(3, bytes)` under Linux.
#[inline]
pub fn sys_reveal(bytes: &[u8]) {
    // SAFETY: the pointer and length describe a live slice.
    let r = unsafe { ecall2(REVEAL, bytes.as_ptr() as usize, bytes.len()) };
    if r == ENOSYS {
        let mut rest = bytes;
        while !rest.is_empty() {
            // SAFETY: as above.
            let n = unsafe {
                ecall3(
                    WRITE,
                    REVEAL_FALLBACK_FD,
                    rest.as_ptr() as usize,
                    rest.len(),
                )
            };
            if n <= 0 {
                break;
            }
            rest = &rest[n as usize..];
        }
    }
}
