//! The constants the transcript absorbs before any proof value: Trellis's key
//! separator, and the seeds of Plonky3's three transcript layers (batch STARK, PCS,
//! FRI), each a function of the key shape only. They are computed here with Plonky3's
//! own domain separators, so the bytes cannot drift from what the prover absorbed.

use p3_batch_stark::BatchShape;
use p3_challenger::CanObserve;
use p3_field::PrimeCharacteristicRing;
use p3_fri::{FriShape, PcsShape};
use trellis_stark::{Challenge, Val};

/// Collects what a domain separator absorbs.
#[derive(Default)]
struct Recorder(Vec<Val>);

impl CanObserve<Val> for Recorder {
    fn observe(&mut self, value: Val) {
        self.0.push(value);
    }
}

/// What `trellis-stark` absorbs first: the tag `trellis-stark-v1`, then the 32-byte key
/// digest as sixteen 16-bit limbs.
pub fn key_separator(digest: &[u8; 32]) -> Vec<Val> {
    let mut out: Vec<Val> = b"trellis-stark-v1"
        .iter()
        .map(|&b| Val::from_u8(b))
        .collect();
    out.extend(
        digest
            .chunks_exact(2)
            .map(|l| Val::from_u16(u16::from_le_bytes([l[0], l[1]]))),
    );
    out
}

/// The seed of the batch-STARK transcript for `shape`.
pub fn batch_seed(shape: &BatchShape) -> Vec<Val> {
    let mut r = Recorder::default();
    shape.domain_separator::<Val, Challenge>().seed(&mut r);
    r.0
}

/// The seed of the PCS opening-argument transcript for `shape`.
pub fn pcs_seed(shape: &PcsShape) -> Vec<Val> {
    let mut r = Recorder::default();
    shape.domain_separator::<Val, Challenge>().seed(&mut r);
    r.0
}

/// The seed of the FRI low-degree-test transcript for `shape`.
pub fn fri_seed(shape: &FriShape) -> Vec<Val> {
    let mut r = Recorder::default();
    shape.domain_separator::<Val, Challenge>().seed(&mut r);
    r.0
}
