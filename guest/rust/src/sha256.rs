//! SHA-256 through the `sha256compress` precompile (docs/isa.md, "SHA-256").
//!
//! [`compress`] runs one compression in one instruction; [`Sha256`] pads
//! and buffers in software (`new` / `update` / `finalize`); [`sha256`]
//! hashes a slice. The state is eight native `u32` words `H_0..H_7`; the
//! digest is their big-endian bytes. Outside riscv32 (host builds of the
//! crate) [`compress`] is a plain software compression.

/// A 64-byte message block, 4-aligned as the instruction requires.
#[derive(Clone, Copy)]
#[repr(C, align(4))]
pub struct Block(pub [u8; 64]);

/// The initial hash value `H^(0)` (FIPS 180-4).
pub const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Compresses the 64 bytes at `block` into `state` (`sha256compress`).
///
/// # Safety
/// `block` must point to 64 readable bytes and be 4-aligned.
#[inline(always)]
pub unsafe fn compress_raw(state: &mut [u32; 8], block: *const u8) {
    #[cfg(target_arch = "riscv32")]
    unsafe {
        core::arch::asm!(
            ".insn r 0x0B, 1, 0, x0, {state}, {block}",
            state = in(reg) state.as_mut_ptr(),
            block = in(reg) block,
            options(nostack),
        );
    }
    #[cfg(not(target_arch = "riscv32"))]
    unsafe {
        soft::compress(state, &*(block as *const [u8; 64]));
    }
}

/// Compresses one block into `state`.
#[inline(always)]
pub fn compress(state: &mut [u32; 8], block: &Block) {
    // SAFETY: a Block is 64 bytes and 4-aligned.
    unsafe { compress_raw(state, block.0.as_ptr()) }
}

/// An incremental SHA-256 hasher.
#[derive(Clone)]
pub struct Sha256 {
    state: [u32; 8],
    buffer: Block,
    buffered: usize,
    length: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    /// A hasher with nothing absorbed.
    pub fn new() -> Self {
        Self {
            state: IV,
            buffer: Block([0; 64]),
            buffered: 0,
            length: 0,
        }
    }

    /// Absorbs `data`. Whole blocks of a 4-aligned `data` are compressed in
    /// place, without copying.
    pub fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let take = (64 - self.buffered).min(data.len());
            self.buffer.0[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < 64 {
                return;
            }
            compress(&mut self.state, &self.buffer);
            self.buffered = 0;
        }
        let whole = data.len() / 64 * 64;
        let (blocks, rest) = data.split_at(whole);
        if blocks.as_ptr() as usize % 4 == 0 {
            for block in blocks.chunks_exact(64) {
                // SAFETY: 64 readable bytes, 4-aligned (64 keeps the alignment).
                unsafe { compress_raw(&mut self.state, block.as_ptr()) };
            }
        } else {
            for block in blocks.chunks_exact(64) {
                self.buffer.0.copy_from_slice(block);
                compress(&mut self.state, &self.buffer);
            }
        }
        self.buffer.0[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// Pads, compresses the last block(s) and returns the digest.
    pub fn finalize(mut self) -> [u8; 32] {
        let bits = self.length.wrapping_mul(8);
        let n = self.buffered;
        self.buffer.0[n] = 0x80;
        self.buffer.0[n + 1..].fill(0);
        if n >= 56 {
            compress(&mut self.state, &self.buffer);
            self.buffer.0 = [0; 64];
        }
        self.buffer.0[56..].copy_from_slice(&bits.to_be_bytes());
        compress(&mut self.state, &self.buffer);
        let mut out = [0u8; 32];
        for (i, word) in self.state.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(data);
    hasher.finalize()
}

#[cfg(not(target_arch = "riscv32"))]
mod soft {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];

    /// The compression function in software.
    pub fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = s1
                .wrapping_add(w[t - 7])
                .wrapping_add(s0)
                .wrapping_add(w[t - 16]);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for t in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }
}
