//! Verification: key binding and shape checks first, then Plonky3's batch verifier.

use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_air::BaseAir;

use crate::air::StarkAir;
use crate::config::Val;
use crate::error::{VerifyError, hex, panic_message};
use crate::hash::HashFamily;
use crate::keys::VerifyingKey;
use crate::proof::{Proof, check_bus_bounds};

/// The checks [`verify`] makes before the STARK: the proof names this key; the public
/// values and the proof's per-AIR counts fit the key; every claimed trace height is in
/// range (and equals the preprocessed height where there is one); the heights keep every
/// bus multiplicity below the field characteristic and the LogUp degree within bound.
/// Shared with verifiers written outside this crate (`trellis-recursion`).
pub fn check_shape<A: StarkAir, H: HashFamily>(
    vk: &VerifyingKey<A, H>,
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
) -> Result<(), VerifyError> {
    if proof.key_digest != vk.data.digest {
        return Err(VerifyError::KeyMismatch {
            expected: hex(&vk.data.digest),
            found: hex(&proof.key_digest),
        });
    }
    let n = vk.airs.len();
    if public_values.len() != n {
        return Err(VerifyError::Shape(format!(
            "{} public-value vectors for {n} AIRs",
            public_values.len()
        )));
    }
    for (i, (air, pv)) in vk.airs.iter().zip(public_values).enumerate() {
        let expected = <A as BaseAir<Val>>::num_public_values(air);
        if pv.len() != expected {
            return Err(VerifyError::PublicValues {
                air: vk.names[i].clone(),
                expected,
                got: pv.len(),
            });
        }
    }
    let inner = &proof.inner;
    let counts = [
        ("trace heights", inner.degree_bits.len()),
        ("opened-value sets", inner.opened_values.instances.len()),
        ("lookup terminals", inner.lookup_terminals.len()),
    ];
    for (what, got) in counts {
        if got != n {
            return Err(VerifyError::Shape(format!("{got} {what} for {n} AIRs")));
        }
    }
    let params = &vk.data.params;
    for (i, &log_h) in inner.degree_bits.iter().enumerate() {
        if log_h > params.max_log_trace_height || log_h < params.min_log_trace_height() {
            return Err(VerifyError::Shape(format!(
                "AIR {:?} claims a trace of 2^{log_h} rows; the key allows 2^{}..=2^{}",
                vk.names[i],
                params.min_log_trace_height(),
                params.max_log_trace_height
            )));
        }
        if let Some(meta) = vk
            .common
            .preprocessed
            .as_ref()
            .and_then(|g| g.instances[i].as_ref())
            && meta.degree_bits != log_h
        {
            return Err(VerifyError::Shape(format!(
                "AIR {:?} claims 2^{log_h} rows but its preprocessed trace has 2^{}",
                vk.names[i], meta.degree_bits
            )));
        }
    }
    check_bus_bounds(params, &vk.common.lookups, &inner.degree_bits).map_err(VerifyError::Shape)
}

/// Checks `proof` against `vk` and the claimed `public_values` (one vector per AIR).
///
/// Order of checks: [`check_shape`] (the proof names this key; the public values and
/// the proof's per-AIR counts fit the key; every claimed trace height is a power of two
/// within `2^max_log_trace_height`, equal to the preprocessed height where there is one;
/// the heights keep every bus multiplicity below the field characteristic and the LogUp
/// degree within bound); then the STARK itself (openings, constraints at the
/// out-of-domain point, FRI, proof-of-work, bus terminal sum).
///
/// Never panics: Plonky3 validates proof shapes itself, and as a last resort any panic
/// inside it on a malformed proof is caught and reported as [`VerifyError::Shape`].
pub fn verify<A: StarkAir, H: HashFamily>(
    vk: &VerifyingKey<A, H>,
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
) -> Result<(), VerifyError> {
    check_shape(vk, proof, public_values)?;
    verify_backend(&vk.config, &vk.airs, proof, public_values, &vk.common)
}

/// Plonky3's batch verifier on `proof` under `config`, `airs` and `common` (a verifying
/// key's, or a proving key's own verifying half), any panic inside it caught and
/// reported as [`VerifyError::Shape`].
pub(crate) fn verify_backend<A: StarkAir, H: HashFamily>(
    config: &H::Cfg,
    airs: &[A],
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
    common: &p3_batch_stark::CommonData<H::Cfg>,
) -> Result<(), VerifyError> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        H::verify(config, airs, &proof.inner, public_values, common)
    }));
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(VerifyError::Rejected(e)),
        Err(p) => Err(VerifyError::Shape(format!(
            "the backend verifier panicked: {}",
            panic_message(&*p)
        ))),
    }
}
