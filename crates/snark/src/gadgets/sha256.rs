//! SHA-256 (FIPS 180-4) in R1CS, about 27,000 constraints a 64-byte block (arkworks'
//! generic `Sha256Gadget` takes about 40,800).
//!
//! Words are 32 bits, least significant first. Only the message-schedule words and the
//! two new state words of each round (`a` and `e`) are allocated as bits; every other
//! value (Σ₀, Σ₁, σ₀, σ₁, Ch, Maj) is a linear combination over BN254 that only ever
//! enters a sum, so it needs no booleanity of its own:
//!
//! - three-way XOR: `t = x + y − 2xy`, `t ⊕ z = t + z − 2tz` — 2 constraints a bit;
//! - `Ch(e, f, g) = g + e·(f − g)` — 1 constraint a bit;
//! - `Maj(a, b, c) = ab + c·(a + b − 2ab)` — 2 constraints a bit;
//! - a sum of words mod 2³² — the integer sum range-checked into 32 bits plus carry bits
//!   (one constraint a bit, one for the recomposition), keeping the low 32.

use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::fields::FieldVar;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::SynthesisError;

use super::bits::range_check;
use crate::Fr;

/// A 32-bit word, least significant bit first.
type Word = Vec<Boolean<Fr>>;

/// The round constants and initial state: the SHA-256 extension's (one copy of FIPS
/// 180-4's tables in the project).
use trellis_sha256::compress::{IV as INITIAL_STATE, K as ROUND_CONSTANTS};

fn constant_word(w: u32) -> Word {
    (0..32)
        .map(|i| Boolean::constant((w >> i) & 1 == 1))
        .collect()
}

/// `x` rotated right by `n`.
fn rotr(x: &Word, n: usize) -> Word {
    (0..32).map(|i| x[(i + n) % 32].clone()).collect()
}

/// `x` shifted right by `n`.
fn shr(x: &Word, n: usize) -> Word {
    (0..32)
        .map(|i| x.get(i + n).cloned().unwrap_or(Boolean::FALSE))
        .collect()
}

fn fp(b: &Boolean<Fr>) -> FpVar<Fr> {
    FpVar::from(b.clone())
}

/// `x·y` (one constraint unless one side is a constant).
fn product(x: &FpVar<Fr>, y: &FpVar<Fr>) -> FpVar<Fr> {
    x * y
}

/// Bit `x ⊕ y ⊕ z` as a field value.
fn xor3_bit(x: &Boolean<Fr>, y: &Boolean<Fr>, z: &Boolean<Fr>) -> FpVar<Fr> {
    let (x, y, z) = (fp(x), fp(y), fp(z));
    let t = &x + &y - product(&x, &y) * Fr::from(2u64);
    &t + &z - product(&t, &z) * Fr::from(2u64)
}

/// The value `Σ 2ʲ·bitⱼ` of a word given bit by bit as field values.
fn pack(bits: impl IntoIterator<Item = FpVar<Fr>>) -> FpVar<Fr> {
    let mut acc = FpVar::zero();
    let mut weight = Fr::from(1u64);
    for b in bits {
        acc += b * weight;
        weight += weight;
    }
    acc
}

fn xor3_word(x: &Word, y: &Word, z: &Word) -> FpVar<Fr> {
    pack((0..32).map(|i| xor3_bit(&x[i], &y[i], &z[i])))
}

fn word_value(x: &Word) -> FpVar<Fr> {
    pack(x.iter().map(fp))
}

/// `(Σ terms) mod 2³²` as bits; `terms` are at most `count` words.
fn add_mod(terms: &[FpVar<Fr>], count: usize) -> Result<Word, SynthesisError> {
    let carry_bits = (usize::BITS - count.leading_zeros()) as usize;
    let sum = terms.iter().fold(FpVar::zero(), |acc, t| acc + t);
    let mut bits = range_check(&sum, 32 + carry_bits)?;
    bits.truncate(32);
    Ok(bits)
}

/// One compression: `state` updated with the 64-byte `block` (big-endian words).
fn compress(state: &[Word; 8], block: &[Boolean<Fr>]) -> Result<[Word; 8], SynthesisError> {
    // Message schedule. Word t is bytes 4t..4t+4, most significant first; each byte's
    // bits are given least significant first.
    let mut w: Vec<Word> = (0..16)
        .map(|t| {
            (0..4)
                .rev()
                .flat_map(|byte| block[32 * t + 8 * byte..32 * t + 8 * byte + 8].to_vec())
                .collect()
        })
        .collect();
    for t in 16..64 {
        let s0 = xor3_word(
            &rotr(&w[t - 15], 7),
            &rotr(&w[t - 15], 18),
            &shr(&w[t - 15], 3),
        );
        let s1 = xor3_word(
            &rotr(&w[t - 2], 17),
            &rotr(&w[t - 2], 19),
            &shr(&w[t - 2], 10),
        );
        let next = add_mod(&[s1, word_value(&w[t - 7]), s0, word_value(&w[t - 16])], 4)?;
        w.push(next);
    }

    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state.clone();
    for t in 0..64 {
        let sigma1 = xor3_word(&rotr(&e, 6), &rotr(&e, 11), &rotr(&e, 25));
        let ch = pack((0..32).map(|i| {
            let (ei, fi, gi) = (fp(&e[i]), fp(&f[i]), fp(&g[i]));
            let diff = &fi - &gi;
            gi + product(&ei, &diff)
        }));
        let sigma0 = xor3_word(&rotr(&a, 2), &rotr(&a, 13), &rotr(&a, 22));
        let maj = pack((0..32).map(|i| {
            let (ai, bi, ci) = (fp(&a[i]), fp(&b[i]), fp(&c[i]));
            let ab = product(&ai, &bi);
            let x = &ai + &bi - &ab * Fr::from(2u64);
            ab + product(&ci, &x)
        }));
        let k = FpVar::constant(Fr::from(ROUND_CONSTANTS[t] as u64));
        let t1 = [word_value(&h), sigma1, ch, k, word_value(&w[t])];
        let mut new_a = t1.to_vec();
        new_a.extend([sigma0, maj]);
        let mut new_e = t1.to_vec();
        new_e.push(word_value(&d));
        let (na, ne) = (add_mod(&new_a, 7)?, add_mod(&new_e, 6)?);
        h = g;
        g = f;
        f = e;
        e = ne;
        d = c;
        c = b;
        b = a;
        a = na;
    }
    let out = [a, b, c, d, e, f, g, h];
    let mut next: Vec<Word> = Vec::with_capacity(8);
    for (s, o) in state.iter().zip(&out) {
        next.push(add_mod(&[word_value(s), word_value(o)], 2)?);
    }
    Ok(next.try_into().expect("eight words"))
}

/// SHA-256 of `message` (bytes, each given as 8 bits least significant first); the digest's
/// 32 bytes in the same form.
pub fn sha256(message: &[Vec<Boolean<Fr>>]) -> Result<Vec<Vec<Boolean<Fr>>>, SynthesisError> {
    let mut bits: Vec<Boolean<Fr>> = message.iter().flatten().cloned().collect();
    // Padding: 0x80, zeros, the bit length as a big-endian u64.
    let bit_len = (message.len() as u64) * 8;
    let mut padding = vec![0x80u8];
    while (message.len() + padding.len()) % 64 != 56 {
        padding.push(0);
    }
    padding.extend(bit_len.to_be_bytes());
    for byte in padding {
        bits.extend((0..8).map(|i| Boolean::constant((byte >> i) & 1 == 1)));
    }
    let mut state: [Word; 8] = INITIAL_STATE.map(constant_word);
    for block in bits.chunks(512) {
        state = compress(&state, block)?;
    }
    // The digest: each state word big-endian.
    Ok(state
        .iter()
        .flat_map(|w| (0..4).rev().map(|byte| w[8 * byte..8 * byte + 8].to_vec()))
        .collect())
}
