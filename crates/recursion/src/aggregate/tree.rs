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
use std::time::{Duration, Instant};

use trellis_stark::{DynAir, Proof, ProofParams, ProvingKey, Val, VerifyingKey};

use super::node::Child;
use super::output_chain;
use super::record::{ChildShape, node_inputs, node_shape_digest, record_node};
use super::statement::{STATE_LEN, Statement};
use crate::air::layout::{TABLES, Table};
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
    /// Fixed log2 heights of the recursion tables of every node (in
    /// [`crate::air::layout::TABLES`] order), so that every aggregation proof has one
    /// shape ([`fitting_heights`]); `None`: each node's tables as tall as it needs.
    pub table_log_heights: Option<TableHeights>,
}

/// Log2 heights of the recursion tables, in [`crate::air::layout::TABLES`] order.
pub type TableHeights = [usize; TABLES.len()];

/// The smallest fixed heights that hold every program of `programs` (per table, the
/// padded height of the largest).
pub fn fitting_heights(programs: &[&Program]) -> Result<TableHeights, RecursionProofError> {
    let mut heights = [2usize; TABLES.len()];
    for program in programs {
        let layout = crate::air::layout::Layout::new(program)?;
        for (i, t) in TABLES.iter().enumerate() {
            let rows = match t {
                Table::Public => crate::air::public::public_shape(layout.rows_of(*t)).1,
                _ => layout.height_of(*t),
            };
            let log = trellis_vm::circuit::padded_height(rows).trailing_zeros() as usize;
            heights[i] = heights[i].max(log);
        }
    }
    Ok(heights)
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
    keygen_time: Duration,
}

impl Aggregator {
    /// An aggregator with no keys yet.
    pub fn new(config: AggregationConfig) -> Self {
        Self {
            config,
            keys: HashMap::new(),
            keygen_time: Duration::ZERO,
        }
    }

    /// Time spent recording node programs and making their keys so far.
    pub fn keygen_time(&self) -> Duration {
        self.keygen_time
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
        let start = Instant::now();
        let program = record_node(shapes)?;
        let (pk, vk) = self.circuit(&program)?.keygen(&self.config.params)?;
        self.keygen_time += start.elapsed();
        let keys = Arc::new(NodeKeys { program, pk, vk });
        self.keys.insert(digest, keys.clone());
        Ok(keys)
    }

    /// The recursion circuit of a node's program under this configuration.
    pub fn circuit<'p>(
        &self,
        program: &'p Program,
    ) -> Result<RecursionCircuit<'p>, RecursionProofError> {
        match self.config.table_log_heights {
            Some(h) => RecursionCircuit::with_heights(program, h),
            None => RecursionCircuit::new(program),
        }
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
        let circuit = self.circuit(&keys.program)?;
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

/// Fixed table heights for a tree over segments of the shapes `segment_heights` (log2
/// trace heights per segment AIR), verified against `segment_key`: the leaves' needs,
/// raised until an internal node over `node_arity` proofs of that shape fits it too (a
/// fixed point: verifying a proof costs the verifier logarithmically in its heights).
pub fn layer_heights(
    segment_key: &VerifyingKey<DynAir>,
    segment_heights: &[Vec<usize>],
    config: &AggregationConfig,
) -> Result<TableHeights, RecursionProofError> {
    let key = PreparedKey::new(segment_key)?;
    let mut programs = Vec::new();
    for heights in segment_heights {
        let shapes: Vec<ChildShape<'_>> = (0..config.leaf_arity)
            .map(|_| ChildShape {
                is_segment: true,
                key: &key,
                log_trace_heights: heights.clone(),
            })
            .collect();
        programs.push(record_node(&shapes)?);
    }
    let mut heights = fitting_heights(&programs.iter().collect::<Vec<_>>())?;
    for _ in 0..4 {
        // An internal node over children proven at `heights` by the largest leaf.
        let leaf = programs.last().expect("at least one segment shape");
        let circuit = RecursionCircuit::with_heights(leaf, heights)?;
        let (_, vk) = circuit.keygen(&config.params)?;
        let child = PreparedKey::new(&vk)?;
        let shapes: Vec<ChildShape<'_>> = (0..config.node_arity)
            .map(|_| ChildShape {
                is_segment: false,
                key: &child,
                log_trace_heights: heights.to_vec(),
            })
            .collect();
        let internal = record_node(&shapes)?;
        let needed = fitting_heights(&[&internal])?;
        let raised: TableHeights = std::array::from_fn(|i| heights[i].max(needed[i]));
        if raised == heights {
            return Ok(heights);
        }
        heights = raised;
    }
    Err(RecursionProofError::Program(
        crate::RecursionVerifyError::Program(
            "the internal node's table heights do not settle".into(),
        ),
    ))
}
