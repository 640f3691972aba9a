//! Call numbers of the guest ABI (docs/guest-abi.md), passed in `a7`.

/// `exit(code)`: Linux number.
pub const EXIT: u32 = 93;
/// `write(fd, ptr, len)`: Linux number.
pub const WRITE: u32 = 64;
/// `trellis_read_input(ptr, capacity) -> copied`.
pub const READ_INPUT: u32 = 0x5452_0001;
/// `trellis_reveal(ptr, len) -> 0`.
pub const REVEAL: u32 = 0x5452_0003;

/// Guest stdout file descriptor.
pub const FD_STDOUT: u32 = 1;
/// Guest stderr file descriptor.
pub const FD_STDERR: u32 = 2;
/// `-EBADF`, returned by `write` for any other descriptor.
pub const EBADF: u32 = -9i32 as u32;

/// Register index of `a0`, the first argument and the result.
pub const A0: u32 = 10;
/// Register index of `a1`.
pub const A1: u32 = 11;
/// Register index of `a2`.
pub const A2: u32 = 12;
/// Register index of `a7`, the call number.
pub const A7: u32 = 17;
