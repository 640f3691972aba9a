//! The aggregation tree: leaves over consecutive segment proofs, internal nodes over
//! consecutive aggregation proofs, until one proof states the whole run.
//!
//! Every node's program is recorded from its children's shapes and its keys are made
//! once per shape ([`Aggregator`] caches them by [`super::node_shape_digest`]). Keys
//! therefore depend on the segments' trace heights; one set of keys per VM
//! configuration (heights fixed per layer, child keys as inputs) is the next step and is
//! documented in docs/recursion.md.

use std::collections::HashMap;
use std::sync::Arc;

use trellis_stark::{DynAir, Proof, ProofParams, ProvingKey, Val, VerifyingKey};

use super::node::Child;
use super::output_chain;
use super::record::{ChildShape, node_inputs, node_shape_digest, record_node};
use super::statement::{STATE_LEN, Statement};
use crate::air::{RecursionCircuit, RecursionProofError};
use crate::program::Program;
use crate::verifier::PreparedKey;

/// How the tree is shaped and proven.
#[derive(Clone, Debug)]
pub struct AggregationConfig {
    /// Parameters of every aggregation proof.
    pub params: ProofParams,
    /// Segment proofs per leaf (at least 1).
    pub leaf_arity: usize,
    /// Aggregation proofs per internal node (at least 2).
    pub node_arity: usize,
}

/// A node's program and keys.
pub struct NodeKeys {
    /// The recorded program.
    pub program: Program,
    /// Its proving key.
    pub pk: ProvingKey<DynAir>,
    /// Its verifying key.
    pub vk: VerifyingKey<DynAir>,
}

/// An aggregation proof and what it states.
pub struct NodeProof {
    /// The statement (its public values).
    pub statement: Statement,
    /// The proof.
    pub proof: Proof,
    /// The keys of the node that made it.
    pub keys: Arc<NodeKeys>,
}

/// One segment proof to aggregate.
pub struct SegmentInput<'a> {
    /// The STARK proof.
    pub proof: &'a Proof,
    /// Its public values, one vector per AIR.
    pub public_values: Vec<Vec<Val>>,
    /// The bytes it revealed.
    pub public_output: Vec<u8>,
}

/// Why aggregation failed.
#[derive(Debug, thiserror::Error)]
pub enum AggregationError {
    /// No segments.
    #[error("nothing to aggregate: no segment proofs")]
    Empty,
    /// An arity out of range.
    #[error("aggregation arities must be leaf >= 1 and node >= 2 (got {leaf}, {node})")]
    Arity {
        /// Leaf arity.
        leaf: usize,
        /// Node arity.
        node: usize,
    },
    /// A node could not be recorded, proven or checked; a program that rejects its
    /// inputs is `RecursionProofError::Rejected` (a false or misplaced child proof).
    #[error("aggregation node {node} (level {level}): {source}")]
    Node {
        /// Level in the tree (0: leaves).
        level: usize,
        /// Position in its level.
        node: usize,
        /// What failed.
        source: Box<RecursionProofError>,
    },
}

/// Builds aggregation trees, keeping node keys by shape.
pub struct Aggregator {
    config: AggregationConfig,
    keys: HashMap<[u8; 32], Arc<NodeKeys>>,
}

impl Aggregator {
    /// An aggregator with no keys yet.
    pub fn new(config: AggregationConfig) -> Self {
        Self {
            config,
            keys: HashMap::new(),
        }
    }

    /// Node keys made so far.
    pub fn num_keys(&self) -> usize {
        self.keys.len()
    }

    fn keys_for(
        &mut self,
        shapes: &[ChildShape<'_>],
    ) -> Result<Arc<NodeKeys>, RecursionProofError> {
        let digest = node_shape_digest(shapes);
        if let Some(k) = self.keys.get(&digest) {
            return Ok(k.clone());
        }
        let program = record_node(shapes)?;
        let (pk, vk) = RecursionCircuit::new(&program)?.keygen(&self.config.params)?;
        let keys = Arc::new(NodeKeys { program, pk, vk });
        self.keys.insert(digest, keys.clone());
        Ok(keys)
    }

    /// Proves one node over `children` (in run order) whose output chain starts at
    /// `output_start`.
    pub fn prove_node(
        &mut self,
        children: &[Child<'_>],
        output_start: [u32; STATE_LEN],
    ) -> Result<NodeProof, RecursionProofError> {
        let shapes: Vec<ChildShape<'_>> = children.iter().map(ChildShape::of).collect();
        let keys = self.keys_for(&shapes)?;
        let (inputs, _) = node_inputs(children, output_start)?;
        let circuit = RecursionCircuit::new(&keys.program)?;
        let proof = circuit.prove(&keys.pk, &inputs)?;
        let statement =
            super::statement::Statement::from_values(&inputs.public_values).map_err(|e| {
                RecursionProofError::Program(crate::RecursionVerifyError::Program(e.to_string()))
            })?;
        Ok(NodeProof {
            statement,
            proof,
            keys,
        })
    }

    /// Aggregates the segment proofs of one run (in order, verified against
    /// `segment_key`) into one proof; returns it with the run's public output.
    pub fn aggregate(
        &mut self,
        segment_key: &VerifyingKey<DynAir>,
        segments: &[SegmentInput<'_>],
    ) -> Result<(NodeProof, Vec<u8>), AggregationError> {
        let (leaf, node) = (self.config.leaf_arity, self.config.node_arity);
        if leaf == 0 || node < 2 {
            return Err(AggregationError::Arity { leaf, node });
        }
        if segments.is_empty() {
            return Err(AggregationError::Empty);
        }
        let node_err = |level, node, source| AggregationError::Node {
            level,
            node,
            source: Box::new(source),
        };
        let key = PreparedKey::new(segment_key)
            .map_err(|e| node_err(0, 0, RecursionProofError::Program(e)))?;
        let mut level: Vec<NodeProof> = Vec::new();
        let mut output = Vec::new();
        for (i, group) in segments.chunks(leaf).enumerate() {
            let start = output_chain::commit(&output);
            let children: Vec<Child<'_>> = group
                .iter()
                .map(|s| Child::Segment {
                    key: &key,
                    proof: s.proof,
                    public_values: &s.public_values,
                })
                .collect();
            level.push(
                self.prove_node(&children, start)
                    .map_err(|e| node_err(0, i, e))?,
            );
            for s in group {
                output.extend_from_slice(&s.public_output);
            }
        }
        let mut depth = 0;
        while level.len() > 1 {
            depth += 1;
            let mut next = Vec::new();
            let mut rest = level.into_iter();
            for i in 0.. {
                let group: Vec<NodeProof> = rest.by_ref().take(node).collect();
                match group.len() {
                    0 => break,
                    1 => {
                        next.extend(group);
                        break;
                    }
                    _ => {}
                }
                let prepared: Vec<PreparedKey<'_, DynAir>> = group
                    .iter()
                    .map(|p| PreparedKey::new(&p.keys.vk))
                    .collect::<Result<_, _>>()
                    .map_err(|e| node_err(depth, i, RecursionProofError::Program(e)))?;
                let statements: Vec<Vec<Val>> =
                    group.iter().map(|p| p.statement.to_values()).collect();
                let children: Vec<Child<'_>> = group
                    .iter()
                    .zip(&prepared)
                    .zip(&statements)
                    .map(|((p, key), statement)| Child::Aggregation {
                        key,
                        proof: &p.proof,
                        statement,
                    })
                    .collect();
                let start = group[0].statement.output_start;
                let proven = self
                    .prove_node(&children, start)
                    .map_err(|e| node_err(depth, i, e))?;
                next.push(proven);
            }
            level = next;
        }
        Ok((level.pop().expect("one proof"), output))
    }
}
