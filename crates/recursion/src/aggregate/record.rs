//! Aggregation programs: a node recorded from the shapes of its children (their keys and
//! trace heights) with the recording backend, and a node's inputs from real children
//! with the native backend, as [`crate::record_program`] and
//! [`crate::ProgramInputs::from_proof`] do for one proof.

use sha2::{Digest as _, Sha256};
use trellis_stark::{DynAir, Proof, Val};

use super::node::{Child, aggregate_with};
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

/// A digest of the children's shapes: what the node's program is recorded from (its
/// [`Program::key_digest`]).
pub fn node_shape_digest(children: &[ChildShape<'_>]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(NODE_TAG);
    h.update((children.len() as u64).to_le_bytes());
    for c in children {
        h.update([u8::from(c.is_segment)]);
        h.update(c.key.key().digest());
        h.update((c.log_trace_heights.len() as u64).to_le_bytes());
        for &l in &c.log_trace_heights {
            h.update([l as u8]);
        }
    }
    h.finalize().into()
}

/// Records the program of a node over children of these shapes.
pub fn record_node(children: &[ChildShape<'_>]) -> Result<Program, RecursionVerifyError> {
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
    aggregate_with(&mut b, &kids, [0; STATE_LEN])?;
    let heights = children
        .iter()
        .flat_map(|c| c.log_trace_heights.iter().copied())
        .collect();
    Ok(b.finish(node_shape_digest(children), heights))
}

/// The inputs of a node's program for real children (in run order), with the
/// output-chain state before the first. A false child still has inputs, which the
/// program rejects; the failed checks are returned beside them (empty: accepted).
pub fn node_inputs(
    children: &[Child<'_>],
    output_start: [u32; STATE_LEN],
) -> Result<(ProgramInputs, Vec<String>), RecursionVerifyError> {
    let mut b = NativeBackend::logging_inputs();
    aggregate_with(&mut b, children, output_start)?;
    let failures = b.failures().to_vec();
    Ok((b.take_inputs(), failures))
}
