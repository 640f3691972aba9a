//! A std guest using the `bytes` crate (shared buffers behind `Arc`-style
//! reference counts, which need atomic compare-and-swap).
//!
//! Input: a stream of frames, each a u16 big-endian length then that many
//! bytes (read from stdin).  The guest splits the stream into frames without
//! copying (`Bytes::split_to`), keeps clones of every frame, re-encodes them
//! reversed into a `BytesMut` and checks the round trip.
//!
//! Output: `N frames, M bytes` on stdout; public output: the frame count and
//! the FNV-1a hash of the re-encoded stream, each a u32 LE.  A truncated
//! frame panics (exit code 101).
use std::io::Read;

use bytes::{Buf, BufMut, Bytes, BytesMut};

fn fnv1a(data: &[u8]) -> u32 {
    data.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

fn main() {
    let mut raw = Vec::new();
    std::io::stdin().read_to_end(&mut raw).expect("stdin reads");
    let mut stream = Bytes::from(raw);

    let mut frames: Vec<Bytes> = Vec::new();
    while stream.has_remaining() {
        assert!(stream.remaining() >= 2, "truncated frame header");
        let len = usize::from(stream.get_u16());
        assert!(stream.remaining() >= len, "truncated frame: {len} bytes announced, {} left", stream.remaining());
        frames.push(stream.split_to(len));
    }
    let kept: Vec<Bytes> = frames.iter().cloned().collect();

    let mut out = BytesMut::with_capacity(kept.iter().map(|f| f.len() + 2).sum());
    for frame in kept.iter().rev() {
        out.put_u16(frame.len() as u16);
        out.put_slice(frame);
    }
    let out = out.freeze();

    // Decode the reversed stream again and compare with the original frames.
    let mut check = out.clone();
    for frame in frames.iter().rev() {
        let len = usize::from(check.get_u16());
        assert_eq!(&check.split_to(len), frame, "round trip");
    }
    assert!(!check.has_remaining());

    println!("{} frames, {} bytes", frames.len(), out.len());
    trellis_guest::reveal_u32(frames.len() as u32);
    trellis_guest::reveal_u32(fnv1a(&out));
}
