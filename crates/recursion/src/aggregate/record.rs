//! Aggregation programs: a node recorded from the shapes of its children (their keys and
//! trace heights) with the recording backend, and a node's inputs from real children
//! with the native backend, as [`crate::record_program`] and
//! [`crate::ProgramInputs::from_proof`] do for one proof.

use p3_field::PrimeCharacteristicRing;
use sha2::{Digest as _, Sha256};
use trellis_stark::{DynAir, Proof, Val};

use super::node::{Child, Keying, aggregate_with};
use super::statement::STATE_LEN;
use crate::error::RecursionVerifyError;
use crate::inputs::ProgramInputs;
use crate::native::NativeBackend;
use crate::placeholder::placeholder_proof;
use crate::program::Program;
use crate::recording::RecordingBackend;
use crate::verifier::PreparedKey;

/// What a node's program depends on for one child: its kind, key and trace heights.
pub struct ChildShape<'a> {
    /// A segment proof (`true`) or an aggregation proof.
    pub is_segment: bool,
    /// The key it is verified with.
    pub key: &'a PreparedKey<'a, DynAir>,
    /// Its trace heights (log2, one per AIR of the key).
    pub log_trace_heights: Vec<usize>,
}

impl ChildShape<'_> {
    /// The shape of `child`.
    pub fn of<'a>(child: &Child<'a>) -> ChildShape<'a> {
        match *child {
            Child::Segment { key, proof, .. } => ChildShape {
                is_segment: true,
                key,
                log_trace_heights: proof.log_trace_heights().to_vec(),
            },
            Child::Aggregation { key, proof, .. } => ChildShape {
                is_segment: false,
                key,
                log_trace_heights: proof.log_trace_heights().to_vec(),
            },
        }
    }
}

/// Domain separator of [`node_shape_digest`].
const NODE_TAG: &[u8] = b"trellis-aggregation-node-v1";

/// A digest of the children's shapes under `keying`: what the node's program is recorded
/// from (its [`Program::key_digest`]). With key inputs, keys of one shape give one
/// digest (and one program).
pub fn node_shape_digest(children: &[ChildShape<'_>], keying: Keying<'_>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(NODE_TAG);
    h.update((children.len() as u64).to_le_bytes());
    match keying {
        Keying::Fixed => h.update([0]),
        Keying::Inputs { depth, .. } => h.update([1, depth as u8]),
    }
    for c in children {
        h.update([u8::from(c.is_segment)]);
        match keying {
            // The key itself is a constant of the program.
            Keying::Fixed => h.update(c.key.key().digest()),
            // Only the key's AIRs matter (with the heights below).
            Keying::Inputs { .. } => {
                for name in c.key.key().air_names() {
                    h.update((name.len() as u64).to_le_bytes());
                    h.update(name.as_bytes());
                }
            }
        }
        h.update((c.log_trace_heights.len() as u64).to_le_bytes());
        for &l in &c.log_trace_heights {
            h.update([l as u8]);
        }
    }
    h.finalize().into()
}

/// Records the program of a node over children of these shapes.
pub fn record_node(
    children: &[ChildShape<'_>],
    keying: Keying<'_>,
) -> Result<Program, RecursionVerifyError> {
    let placeholders: Vec<(Proof, Vec<Vec<Val>>, Vec<Val>)> = children
        .iter()
        .map(|c| {
            let (proof, pv) = placeholder_proof(c.key, &c.log_trace_heights)?;
            let flat = pv.iter().flatten().copied().collect();
            Ok((proof, pv, flat))
        })
        .collect::<Result<_, RecursionVerifyError>>()?;
    let kids: Vec<Child<'_>> = children
        .iter()
        .zip(&placeholders)
        .map(|(c, (proof, pv, flat))| {
            if c.is_segment {
                Child::Segment {
                    key: c.key,
                    proof,
                    public_values: pv,
                }
            } else {
                Child::Aggregation {
                    key: c.key,
                    proof,
                    statement: flat,
                }
            }
        })
        .collect();
    let mut b = RecordingBackend::new();
    let keying = match keying {
        Keying::Inputs { depth, .. } => Keying::Inputs {
            depth,
            allowlist: None,
        },
        Keying::Fixed => Keying::Fixed,
    };
    aggregate_with(
        &mut b,
        &kids,
        [0; STATE_LEN],
        [Val::ZERO; STATE_LEN],
        keying,
    )?;
    let heights = children
        .iter()
        .flat_map(|c| c.log_trace_heights.iter().copied())
        .collect();
    Ok(b.finish(node_shape_digest(children, keying), heights))
}

/// The inputs of a node's program for real children (in run order), with the
/// output-chain state before the first and the allowlist root the node states. A false
/// child still has inputs, which the
/// program rejects; the failed checks are returned beside them (empty: accepted).
pub fn node_inputs(
    children: &[Child<'_>],
    output_start: [u32; STATE_LEN],
    keys_root: [Val; STATE_LEN],
    keying: Keying<'_>,
) -> Result<(ProgramInputs, Vec<String>), RecursionVerifyError> {
    let mut b = NativeBackend::logging_inputs();
    aggregate_with(&mut b, children, output_start, keys_root, keying)?;
    let failures = b.failures().to_vec();
    Ok((b.take_inputs(), failures))
}
