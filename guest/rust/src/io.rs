//! Output, input, public output and exit (docs/guest-abi.md).

use alloc::vec::Vec;
use core::fmt;
use core::mem::MaybeUninit;

use crate::syscall;

/// Stops the machine with `code` (call 93).  Under Linux only the low 8 bits
/// survive; Trellis reports all 32.
pub fn exit(code: i32) -> ! {
    syscall::sys_exit(code)
}

/// Writes all of `bytes` to `fd` (1 stdout, 2 stderr) with call 64.
pub fn write(fd: u32, bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let n = syscall::sys_write(fd as usize, rest);
        if n <= 0 {
            return;
        }
        rest = &rest[(n as usize).min(rest.len())..];
    }
}

/// Writes a string to stdout, unformatted.
pub fn print_str(s: &str) {
    write(1, s.as_bytes());
}

/// Writes a string to stderr, unformatted.
pub fn eprint_str(s: &str) {
    write(2, s.as_bytes());
}

/// A `fmt::Write` sink that collects output in a stack buffer and writes it
/// with as few calls as possible.  Allocates nothing (the panic handler uses
/// it when the heap is exhausted).
pub(crate) struct FdWriter {
    fd: u32,
    len: usize,
    /// `buf[..len]` is initialized; the rest is left uninitialized so that
    /// creating a writer costs no memset.
    buf: MaybeUninit<[u8; 256]>,
}

impl FdWriter {
    const CAPACITY: usize = 256;

    pub(crate) const fn new(fd: u32) -> Self {
        Self {
            fd,
            len: 0,
            buf: MaybeUninit::uninit(),
        }
    }

    pub(crate) fn flush(&mut self) {
        if self.len > 0 {
            // SAFETY: the first `len` bytes were written by `write_str`.
            let bytes =
                unsafe { core::slice::from_raw_parts(self.buf.as_ptr().cast::<u8>(), self.len) };
            write(self.fd, bytes);
            self.len = 0;
        }
    }
}

impl fmt::Write for FdWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        if self.len + bytes.len() > Self::CAPACITY {
            self.flush();
            if bytes.len() > Self::CAPACITY {
                write(self.fd, bytes);
                return Ok(());
            }
        }
        // SAFETY: `len + bytes.len() <= CAPACITY`, checked above.
        unsafe {
            let dst = self.buf.as_mut_ptr().cast::<u8>().add(self.len);
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, bytes.len());
        }
        self.len += bytes.len();
        Ok(())
    }
}

fn print_to(fd: u32, args: fmt::Arguments<'_>) {
    if let Some(s) = args.as_str() {
        write(fd, s.as_bytes());
        return;
    }
    let mut w = FdWriter::new(fd);
    let _ = fmt::write(&mut w, args);
    w.flush();
}

#[doc(hidden)]
pub fn _print(args: fmt::Arguments<'_>) {
    print_to(1, args);
}

#[doc(hidden)]
pub fn _eprint(args: fmt::Arguments<'_>) {
    print_to(2, args);
}

/// Copies the next bytes of the private input into `buf` (at most
/// `buf.len()`).  Returns the number of bytes copied, 0 at end of input.
/// May return fewer bytes than asked for before the end; see [`read_exact`].
pub fn read_input(buf: &mut [u8]) -> usize {
    syscall::sys_read_input(buf)
}

/// Fills `buf` from the input, stopping early only at end of input.
/// Returns the number of bytes read (`buf.len()` unless the input ended).
pub fn read_exact(buf: &mut [u8]) -> usize {
    let mut done = 0;
    while done < buf.len() {
        let n = read_input(&mut buf[done..]);
        if n == 0 {
            break;
        }
        done += n;
    }
    done
}

/// Reads the rest of the input.
pub fn read_to_end() -> Vec<u8> {
    const CHUNK: usize = 4096;
    let mut out: Vec<u8> = Vec::new();
    loop {
        if out.capacity() - out.len() < CHUNK {
            out.reserve(CHUNK);
        }
        let len = out.len();
        let cap = out.capacity();
        // SAFETY: `read_input` only writes into the spare capacity; the
        // length is raised to cover exactly the bytes written.
        let n = unsafe {
            let spare = core::slice::from_raw_parts_mut(out.as_mut_ptr().add(len), cap - len);
            read_input(spare)
        };
        if n == 0 {
            return out;
        }
        unsafe { out.set_len(len + n) };
    }
}

/// Reads one frame: a `u32` little-endian length, then that many bytes.
///
/// Panics when the input ends inside the frame.
pub fn read_vec() -> Vec<u8> {
    let mut len = [0u8; 4];
    if read_exact(&mut len) != 4 {
        panic!("input ended before a frame length (4 bytes)");
    }
    let len = u32::from_le_bytes(len) as usize;
    let mut out = alloc::vec![0u8; len];
    let got = read_exact(&mut out);
    if got != len {
        panic!("input ended inside a frame: expected {len} bytes, got {got}");
    }
    out
}

/// Reads one frame (see [`read_vec`]) and decodes its bytes with postcard.
///
/// Panics when the input ends early or the bytes do not decode as `T`.
#[cfg(feature = "serde")]
pub fn read<T: serde::de::DeserializeOwned>() -> T {
    let bytes = read_vec();
    match postcard::from_bytes(&bytes) {
        Ok(value) => value,
        Err(e) => panic!("cannot decode input frame ({} bytes): {e}", bytes.len()),
    }
}

/// Appends `bytes` to the public output.
pub fn reveal(bytes: &[u8]) {
    syscall::sys_reveal(bytes)
}

/// Appends the 4 little-endian bytes of `value` to the public output.
pub fn reveal_u32(value: u32) {
    reveal(&value.to_le_bytes())
}
