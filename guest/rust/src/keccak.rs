//! Keccak-256 (original Keccak padding, as Ethereum uses it) on the
//! `keccakf` precompile: the guest absorbs and pads, the instruction
//! permutes (docs/guest-abi.md, "Precompiles: Keccak-256").
//!
//! ```ignore
//! let digest = trellis_guest::keccak::keccak256(b"abc");
//! let mut h = trellis_guest::keccak::Keccak256::new();
//! h.update(b"a");
//! h.update(b"bc");
//! assert_eq!(h.finalize(), digest);
//! ```
//!
//! The instruction exists only in Trellis: under `qemu-riscv32` it is an
//! illegal instruction.

/// Bytes absorbed per permutation (1088-bit rate of Keccak-256).
pub const RATE: usize = 136;

/// Applies Keccak-f\[1600\] in place (lane `x + 5y` at index `x + 5y`,
/// little-endian in memory): one `keccakf` instruction.
#[inline(always)]
pub fn keccakf(state: &mut [u64; 25]) {
    #[cfg(target_arch = "riscv32")]
    unsafe {
        // keccakf rs1: custom-0 (0x0b), funct3 0, rd = rs2 = x0, funct7 0.
        core::arch::asm!(
            ".insn r 0x0b, 0, 0, x0, {0}, x0",
            in(reg) state.as_mut_ptr(),
            options(nostack),
        );
    }
    #[cfg(not(target_arch = "riscv32"))]
    {
        let _ = state;
        unimplemented!("keccakf exists only on Trellis (riscv32)")
    }
}

/// Xors one 136-byte block into the rate and permutes.
#[inline(always)]
fn absorb(state: &mut [u64; 25], block: &[u8]) {
    // SAFETY: [u64; 25] and [u32; 50] have the same size, and u32's
    // alignment is smaller; lane i is words 2i (low) and 2i + 1 (high) on
    // this little-endian target.
    let words = unsafe { &mut *(state as *mut [u64; 25] as *mut [u32; 50]) };
    if (block.as_ptr() as usize).is_multiple_of(4) {
        let src = block.as_ptr() as *const u32;
        for (i, w) in words[..RATE / 4].iter_mut().enumerate() {
            // SAFETY: the block has RATE bytes and is word-aligned.
            *w ^= unsafe { src.add(i).read() };
        }
    } else {
        for (w, b) in words[..RATE / 4].iter_mut().zip(block.chunks_exact(4)) {
            *w ^= u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
    }
    keccakf(state);
}

/// Incremental Keccak-256.
#[derive(Clone)]
pub struct Keccak256 {
    state: [u64; 25],
    buf: [u32; RATE / 4],
    len: usize,
}

impl Default for Keccak256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Keccak256 {
    /// An empty hasher.
    pub const fn new() -> Self {
        Self {
            state: [0; 25],
            buf: [0; RATE / 4],
            len: 0,
        }
    }

    fn buf_bytes(&mut self) -> &mut [u8; RATE] {
        // SAFETY: [u32; 34] and [u8; 136] have the same size.
        unsafe { &mut *(&mut self.buf as *mut [u32; RATE / 4] as *mut [u8; RATE]) }
    }

    /// Absorbs `data`.
    pub fn update(&mut self, mut data: &[u8]) {
        if self.len > 0 {
            let take = (RATE - self.len).min(data.len());
            let at = self.len;
            self.buf_bytes()[at..at + take].copy_from_slice(&data[..take]);
            self.len += take;
            data = &data[take..];
            if self.len < RATE {
                return;
            }
            let block = *self.buf_bytes();
            absorb(&mut self.state, &block);
            self.len = 0;
        }
        let mut blocks = data.chunks_exact(RATE);
        for block in &mut blocks {
            absorb(&mut self.state, block);
        }
        let rest = blocks.remainder();
        self.buf_bytes()[..rest.len()].copy_from_slice(rest);
        self.len = rest.len();
    }

    /// Pads (Keccak's `0x01 .. 0x80`), absorbs the last block and returns the digest.
    pub fn finalize(mut self) -> [u8; 32] {
        let len = self.len;
        let buf = self.buf_bytes();
        buf[len..].fill(0);
        buf[len] ^= 0x01;
        buf[RATE - 1] ^= 0x80;
        let block = *buf;
        absorb(&mut self.state, &block);
        let mut out = [0u8; 32];
        for (chunk, lane) in out.chunks_exact_mut(8).zip(&self.state) {
            chunk.copy_from_slice(&lane.to_le_bytes());
        }
        out
    }
}

/// Keccak-256 of `data`.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut h = Keccak256::new();
    h.update(data);
    h.finalize()
}
