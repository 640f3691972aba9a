//! [`ChallengerVar`]: a gadget equal to Plonky3's `MultiField32Challenger<BabyBear, Bn254,
//! Poseidon2Bn254<3>, 3, 2>` (the outer layer's Fiat–Shamir transcript).
//!
//! It mirrors the native state machine step for step:
//!
//! - observed BabyBear values queue up (reduced to canonical form, so the packing is
//!   injective); 16 of them, or the next digest or sample, flush them: packed 8 per rate slot
//!   with `reduce_packed` (radix `2³¹`, no shift), the rest of the rate zeroed, the count added
//!   to the capacity word, one permutation;
//! - an observed digest word is absorbed the same way with count 1;
//! - a sample pops from the queue of challenges; an empty queue takes the current rate words
//!   (permuting first if there are none) and splits each into its 7 canonical base-`p` digits
//!   ([`super::fr_limbs`]), popped from the last word's last digit down. The gadget splits a
//!   word only when its first digit is popped, which changes no value;
//! - `sample_bits(n)` is the low `n` bits of a sample; the grinding check observes the
//!   witness and requires `sample_bits(n)` to be zero (nothing at all when `n = 0`).
//!
//! Costs: a permutation (240) per flush or digest and per squeeze that finds no rate words,
//! 484 per split word (7 samples), 32 per observed witness value.

use ark_bn254::Fr;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::r1cs::SynthesisError;

use super::babybear::BabyBearVar;
use super::ext5::{EXT_DEGREE, Ext5Var};
use super::fr_limbs::split_to_babybear_limbs;
use super::poseidon2::poseidon2_permute;
use super::sponge::{ABSORB_LIMBS, RADIX_BITS};
use crate::SnarkError;

/// Rate of the duplex sponge (in `Fr` words).
const RATE: usize = 2;
/// The most bits `sample_bits` accepts: `2^bits < p`.
const MAX_SAMPLE_BITS: usize = 30;

/// The transcript gadget. Cloning forks it (as the native challenger's `clone`).
#[derive(Clone, Debug)]
pub struct ChallengerVar {
    /// The sponge state (rate words first, then the capacity word).
    state: [FpVar<Fr>; 3],
    /// Observed canonical values not absorbed yet.
    pending: Vec<BabyBearVar>,
    /// Rate words available for squeezing (the native inner `output_buffer`).
    output: Vec<FpVar<Fr>>,
    /// Squeezed words not split yet, in native order (popped from the back).
    unsplit: Vec<FpVar<Fr>>,
    /// Digits of the last split word not popped yet.
    digits: Vec<BabyBearVar>,
}

impl Default for ChallengerVar {
    fn default() -> Self {
        Self::new()
    }
}

/// `Σᵢ vᵢ·2^(31·i)` (Plonky3's `reduce_packed`; linear, free).
fn pack(vals: &[BabyBearVar]) -> FpVar<Fr> {
    let base = Fr::from(1u64 << RADIX_BITS);
    let mut acc = FpVar::Constant(Fr::from(0u64));
    for v in vals.iter().rev() {
        acc = acc * base + v.fp();
    }
    acc
}

impl ChallengerVar {
    /// A fresh transcript (all-zero state), like `MultiField32Challenger::new`.
    pub fn new() -> Self {
        let zero = FpVar::Constant(Fr::from(0u64));
        Self {
            state: [zero.clone(), zero.clone(), zero],
            pending: Vec::new(),
            output: Vec::new(),
            unsplit: Vec::new(),
            digits: Vec::new(),
        }
    }

    fn clear_squeeze(&mut self) {
        self.unsplit.clear();
        self.digits.clear();
    }

    /// The native `absorb_rate_padded_with_tag`: `words` into the rate, zeros after them,
    /// `tag` added to the capacity word, one permutation, the rate words become the output.
    fn absorb_with_tag(&mut self, words: &[FpVar<Fr>], tag: u64) -> Result<(), SynthesisError> {
        for i in 0..RATE {
            self.state[i] = words
                .get(i)
                .cloned()
                .unwrap_or(FpVar::Constant(Fr::from(0u64)));
        }
        self.state[RATE] = &self.state[RATE] + Fr::from(tag);
        self.state = poseidon2_permute(&self.state)?;
        self.output = self.state[..RATE].to_vec();
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SynthesisError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let words: Vec<FpVar<Fr>> = pending.chunks(ABSORB_LIMBS).map(pack).collect();
        self.absorb_with_tag(&words, pending.len() as u64)?;
        self.clear_squeeze();
        Ok(())
    }

    /// Observes a BabyBear value (reduced to canonical form first if it is not).
    pub fn observe(&mut self, value: &BabyBearVar) -> Result<(), SynthesisError> {
        self.output.clear();
        self.clear_squeeze();
        self.pending.push(value.reduce()?);
        if self.pending.len() == ABSORB_LIMBS * RATE {
            self.flush()?;
        }
        Ok(())
    }

    /// Observes the coordinates of an extension element, in order.
    pub fn observe_ext(&mut self, value: &Ext5Var) -> Result<(), SynthesisError> {
        value.coeffs().iter().try_for_each(|c| self.observe(c))
    }

    /// Observes a digest (`Hash<BabyBear, Bn254, N>`, e.g. a Merkle root `[Bn254; 1]`).
    pub fn observe_digest(&mut self, words: &[FpVar<Fr>]) -> Result<(), SynthesisError> {
        self.output.clear();
        self.clear_squeeze();
        self.flush()?;
        for chunk in words.chunks(RATE) {
            self.absorb_with_tag(chunk, chunk.len() as u64)?;
            self.clear_squeeze();
        }
        Ok(())
    }

    /// Samples a BabyBear challenge (canonical, with its bits).
    pub fn sample(&mut self) -> Result<BabyBearVar, SynthesisError> {
        self.flush()?;
        if self.unsplit.is_empty() && self.digits.is_empty() {
            if self.output.is_empty() {
                self.state = poseidon2_permute(&self.state)?;
                self.output = self.state[..RATE].to_vec();
            }
            self.unsplit = std::mem::take(&mut self.output);
        }
        if self.digits.is_empty() {
            // Non-empty here: the branch above refilled `unsplit` if both were empty.
            let word = self
                .unsplit
                .pop()
                .ok_or(SynthesisError::AssignmentMissing)?;
            self.digits = split_to_babybear_limbs(&word)?.to_vec();
        }
        self.digits.pop().ok_or(SynthesisError::AssignmentMissing)
    }

    /// Samples an extension challenge: five samples, coordinate 0 first.
    pub fn sample_ext(&mut self) -> Result<Ext5Var, SynthesisError> {
        let mut c = Vec::with_capacity(EXT_DEGREE);
        for _ in 0..EXT_DEGREE {
            c.push(self.sample()?);
        }
        let mut it = c.into_iter();
        Ok(Ext5Var::from_coeffs(std::array::from_fn(|_| {
            it.next()
                .unwrap_or_else(|| BabyBearVar::constant(p3_baby_bear::BabyBear::new(0)))
        })))
    }

    /// The low `bits` bits (least significant first) of a sample (`sample_bits`).
    pub fn sample_bits(&mut self, bits: usize) -> Result<Vec<Boolean<Fr>>, SnarkError> {
        if bits > MAX_SAMPLE_BITS {
            return Err(SnarkError::TooManyBits {
                requested: bits,
                max: MAX_SAMPLE_BITS,
            });
        }
        let mut b = self.sample()?.to_bits()?;
        b.truncate(bits);
        Ok(b)
    }

    /// The proof-of-work check `check_witness(bits, witness)`: observes `witness` and
    /// requires the next `sample_bits(bits)` to be zero. With `bits = 0` it does nothing.
    pub fn check_witness(&mut self, bits: usize, witness: &BabyBearVar) -> Result<(), SnarkError> {
        if bits == 0 {
            return Ok(());
        }
        if bits > MAX_SAMPLE_BITS {
            return Err(SnarkError::TooManyBits {
                requested: bits,
                max: MAX_SAMPLE_BITS,
            });
        }
        self.observe(witness)?;
        for b in self.sample_bits(bits)? {
            b.enforce_equal(&Boolean::FALSE)?;
        }
        Ok(())
    }
}
