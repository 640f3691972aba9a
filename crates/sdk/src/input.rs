//! Building a guest's private input on the host, in the framing the guest
//! library reads (docs/guest-abi.md, "Reading the input"):
//!
//! | host ([`Input`]) | bytes | guest (`trellis_guest`) |
//! |---|---|---|
//! | [`Input::write`]`(&value)` | u32 LE length, then the postcard encoding of `value` | `read::<T>()` |
//! | [`Input::write_slice`]`(bytes)` | u32 LE length, then `bytes` | `read_vec()` |
//! | [`Input::write_raw`]`(bytes)` | `bytes` as they are | `read_exact(&mut buf)`, `read_to_end()` |
//! | [`Input::write_u32`]`(n)` | the 4 LE bytes of `n` | `read_exact(&mut [u8; 4])` |
//!
//! ```
//! use trellis_sdk::Input;
//! let input = Input::new()
//!     .write(&(7u32, "seven".to_string()))
//!     .write_slice(b"frame")
//!     .write_u32(42)
//!     .into_bytes();
//! // The first frame: its length (postcard of (7, "seven") is 7 bytes), then the bytes.
//! assert_eq!(&input[..4], &7u32.to_le_bytes());
//! assert_eq!(input.len(), 4 + 7 + 4 + 5 + 4);
//! ```

use serde::Serialize;

/// A guest's private input, built part by part (see the module docs for
/// what the guest calls to read each part).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    bytes: Vec<u8>,
}

impl Input {
    /// An empty input.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `value` as one frame holding its postcard encoding: the
    /// guest reads it back with `trellis_guest::read::<T>()`.
    pub fn write<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let encoded = postcard::to_allocvec(value).expect("postcard encodes every serde value");
        self.write_slice(&encoded)
    }

    /// Appends one frame (u32 little-endian length, then the bytes): the
    /// guest reads it back with `trellis_guest::read_vec()`.
    ///
    /// # Panics
    /// If `bytes` is 4 GiB or longer (no guest could read it).
    pub fn write_slice(mut self, bytes: &[u8]) -> Self {
        let len = u32::try_from(bytes.len()).expect("an input frame is shorter than 4 GiB");
        self.bytes.extend_from_slice(&len.to_le_bytes());
        self.bytes.extend_from_slice(bytes);
        self
    }

    /// Appends bytes without framing: the guest reads them with
    /// `read_exact` / `read_to_end` / `read_input`.
    pub fn write_raw(mut self, bytes: &[u8]) -> Self {
        self.bytes.extend_from_slice(bytes);
        self
    }

    /// Appends the 4 little-endian bytes of `value` without framing (what
    /// `examples/fibonacci` reads).
    pub fn write_u32(self, value: u32) -> Self {
        self.write_raw(&value.to_le_bytes())
    }

    /// The bytes built so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The input's bytes, for [`crate::Trellis::execute`] and
    /// [`crate::Trellis::prove`].
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl From<Input> for Vec<u8> {
    fn from(input: Input) -> Self {
        input.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_as_the_guest_reads_them() {
        let bytes = Input::new()
            .write(&300u32)
            .write_slice(b"abc")
            .write_raw(b"xy")
            .write_u32(0x0102_0304)
            .into_bytes();
        let expected: Vec<u8> = [
            &2u32.to_le_bytes()[..],
            &[0xac, 0x02], // postcard varint of 300
            &3u32.to_le_bytes(),
            b"abc",
            b"xy",
            &[4, 3, 2, 1],
        ]
        .concat();
        assert_eq!(bytes, expected);
    }
}
