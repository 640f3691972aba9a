//! The SHA-256 compression function (FIPS 180-4, section 6.2.2) on the host,
//! with every intermediate value the AIR needs: the message schedule and the
//! working variables `a` and `e` after each round.

/// The round constants `K_0..K_63`.
pub const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value `H^(0)`.
pub const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// `Σ0`.
pub fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}
/// `Σ1`.
pub fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}
/// `σ0`.
pub fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}
/// `σ1`.
pub fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}
/// `Ch`.
pub fn ch(e: u32, f: u32, g: u32) -> u32 {
    (e & f) ^ (!e & g)
}
/// `Maj`.
pub fn maj(a: u32, b: u32, c: u32) -> u32 {
    (a & b) ^ (a & c) ^ (b & c)
}

/// A block's message words `W_0..W_15` from its 64 bytes (big-endian words).
pub fn block_words(block: &[u8; 64]) -> [u32; 16] {
    std::array::from_fn(|i| u32::from_be_bytes(block[4 * i..4 * i + 4].try_into().unwrap()))
}

/// Every value of one compression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compression {
    /// The message schedule `W_0..W_63`.
    pub w: [u32; 64],
    /// `a_r` for `r = 0..=64`: `a` before round `r` (`a_0` = the input state's word 0).
    pub a: [u32; 65],
    /// `e_r` likewise.
    pub e: [u32; 65],
    /// The output state `H_i + (after-64-rounds word i)`.
    pub output: [u32; 8],
}

/// `a` and `e` before round `r`, for `r` in `-3..=64`, by index `r + 3`.
fn history(values: &[u32; 65], init: [u32; 4], r: i32) -> u32 {
    if r >= 0 {
        values[r as usize]
    } else {
        init[(-r) as usize]
    }
}

/// Compresses one block (as message words) into `state`.
pub fn compress(state: [u32; 8], w16: [u32; 16]) -> Compression {
    compress_schedule(state, schedule(w16))
}

/// The message schedule `W_0..W_63` of a block's words `W_0..W_15`.
pub fn schedule(w16: [u32; 16]) -> [u32; 64] {
    let mut w = [0u32; 64];
    w[..16].copy_from_slice(&w16);
    extend_schedule(&mut w, 16);
    w
}

/// Recomputes `W_t` for `t` in `from..64` from the earlier words.
pub fn extend_schedule(w: &mut [u32; 64], from: usize) {
    for t in from.max(16)..64 {
        w[t] = small_sigma1(w[t - 2])
            .wrapping_add(w[t - 7])
            .wrapping_add(small_sigma0(w[t - 15]))
            .wrapping_add(w[t - 16]);
    }
}

/// The 64 rounds over a given schedule `w` (which need not follow from its
/// first 16 words: tests use this to build consistent forgeries).
pub fn compress_schedule(state: [u32; 8], w: [u32; 64]) -> Compression {
    let [a0, b0, c0, d0, e0, f0, g0, h0] = state;
    let (mut a, mut e) = ([0u32; 65], [0u32; 65]);
    a[0] = a0;
    e[0] = e0;
    // a_{-1} = b, a_{-2} = c, a_{-3} = d; likewise e.
    let (ai, ei) = ([a0, b0, c0, d0], [e0, f0, g0, h0]);
    for r in 0..64 {
        let at = |k: i32| history(&a, ai, r as i32 - k);
        let et = |k: i32| history(&e, ei, r as i32 - k);
        let t1 = et(3)
            .wrapping_add(big_sigma1(et(0)))
            .wrapping_add(ch(et(0), et(1), et(2)))
            .wrapping_add(K[r])
            .wrapping_add(w[r]);
        let t2 = big_sigma0(at(0)).wrapping_add(maj(at(0), at(1), at(2)));
        e[r + 1] = at(3).wrapping_add(t1);
        a[r + 1] = t1.wrapping_add(t2);
    }
    let after = [a[64], a[63], a[62], a[61], e[64], e[63], e[62], e[61]];
    let output = std::array::from_fn(|i| state[i].wrapping_add(after[i]));
    Compression { w, a, e, output }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pads and hashes a message with [`compress`].
    fn sha256(message: &[u8]) -> [u8; 32] {
        let mut padded = message.to_vec();
        padded.push(0x80);
        while padded.len() % 64 != 56 {
            padded.push(0);
        }
        padded.extend((8 * message.len() as u64).to_be_bytes());
        let mut state = IV;
        for block in padded.chunks_exact(64) {
            state = compress(state, block_words(block.try_into().unwrap())).output;
        }
        let mut out = [0u8; 32];
        for (i, word) in state.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    #[test]
    fn matches_the_sha2_crate() {
        use sha2::Digest;
        for len in [0usize, 1, 3, 55, 56, 63, 64, 65, 119, 128, 1000] {
            let message: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let expected: [u8; 32] = sha2::Sha256::digest(&message).into();
            assert_eq!(sha256(&message), expected, "length {len}");
        }
    }
}
