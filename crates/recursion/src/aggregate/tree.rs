//! The aggregation tree: leaves over consecutive segment proofs, internal nodes over
//! consecutive aggregation proofs, until one proof states the whole run.
//!
//! Every node's program is recorded from its children's shapes and its keys are made
//! once per shape ([`Aggregator`] caches them by [`super::node_shape_digest`]). Keys
//! therefore depend on the segments' trace heights; one set of keys per VM
//! configuration (heights fixed per layer, child keys as inputs) is the next step and is
//! documented in docs/recursion.md.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use p3_field::PrimeCharacteristicRing;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use trellis_stark::{DynAir, Proof, ProofParams, ProvingKey, Val, VerifyingKey};

use super::allowlist::{AllowedKey, KeyAllowlist};
use super::key_use::TreeKeyUse;
use super::node::{Child, Keying};
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
    /// Parameters of every aggregation proof below the root.
    pub params: ProofParams,
    /// Parameters of the shrink layer: one node over the tree's top proof, at a larger
    /// blowup and far fewer queries, so that the root program that verifies it is small
    /// ([`shrink_params_for`]).
    pub shrink_params: ProofParams,
    /// Parameters of the root proof: the last layer, one node over the shrink proof,
    /// whose proof is the one users keep and verify ([`root_params_for`]).
    pub root_params: ProofParams,
    /// Most segment proofs per leaf (at least 1). A leaf verifies consecutive segments
    /// ([`leaf_group_sizes`]): its program is recorded for their shapes in order, and the
    /// configuration's keys hold one per sequence of shapes.
    pub leaf_arity: usize,
    /// Aggregation proofs per internal node (at least 2; a level is split into groups as
    /// even as can be, so with 3 every group of a level of two or more has 2 or 3).
    pub node_arity: usize,
    /// Fixed log2 heights of the recursion tables of the leaves and of the internal
    /// nodes, so that every leaf proof has one shape and every internal proof another
    /// ([`layer_heights`]); `None`: each node's tables as tall as it needs.
    pub table_log_heights: Option<LayerHeights>,
}

/// The fixed table heights of a tree's two classes of nodes.
///
/// A leaf verifies one segment proof; an internal node verifies up to `node_arity`
/// proofs, so it needs taller tables. With one height class for both, every leaf paid
/// the internal node's heights (97 M main cells instead of 53 M at production
/// parameters, docs/recursion.md "Two height classes"). Internal nodes over leaves and
/// internal nodes over internal nodes are different programs (their children's heights
/// are constants of a program), proven at the same internal heights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerHeights {
    /// Every leaf's tables.
    pub leaves: TableHeights,
    /// Every internal node's tables (and the shrink layer's child's).
    pub internal: TableHeights,
}

/// Sizes of the groups a level of `n` proofs is split into for nodes of at most `arity`
/// children: `⌈n / arity⌉` groups, as even as can be, larger ones first (for `arity` 3
/// and `n ≥ 2`, every group has 2 or 3).
pub fn group_sizes(n: usize, arity: usize) -> Vec<usize> {
    if n == 0 || arity == 0 {
        return Vec::new();
    }
    let groups = n.div_ceil(arity);
    let (base, extra) = (n / groups, n % groups);
    (0..groups).map(|i| base + usize::from(i < extra)).collect()
}

/// Sizes of the leaves over a run of `segments` segments: consecutive segments in
/// groups of at most `leaf_arity` by [`group_sizes`]. A leaf may span a change of shape:
/// its program is recorded for its segments' shapes in order, one key per sequence of
/// shapes ([`super::TreeKeyUse`]), so a run of two segments of two shapes is one leaf.
pub fn leaf_group_sizes(segments: usize, leaf_arity: usize) -> Vec<usize> {
    group_sizes(segments, leaf_arity)
}

impl AggregationConfig {
    /// Leaves over `leaf_arity` segment proofs, internal nodes over `node_arity`
    /// proofs, every tree node proven with `params`, the shrink layer with
    /// [`shrink_params_for`]`(params)` and the root with [`root_params_for`]`(params)`;
    /// table heights as each node needs.
    pub fn new(params: ProofParams, leaf_arity: usize, node_arity: usize) -> Self {
        Self {
            params,
            shrink_params: shrink_params_for(&params),
            root_params: root_params_for(&params),
            leaf_arity,
            node_arity,
            table_log_heights: None,
        }
    }
}

/// Parameters of the shrink layer for trees proven with `params`: for test trees the
/// test parameters folded like [`SHRINK_PARAMS`], [`SHRINK_PARAMS`] otherwise.
pub fn shrink_params_for(params: &ProofParams) -> ProofParams {
    if params.is_insecure_test_params() {
        SHRINK_PARAMS.insecure_test_fast_folding_like()
    } else {
        SHRINK_PARAMS
    }
}

/// Parameters of the root layer for trees proven with `params`: for test trees the test
/// parameters folded like [`ROOT_PARAMS`] (the root proofs tested have the production
/// root's FRI shape), [`ROOT_PARAMS`] otherwise.
pub fn root_params_for(params: &ProofParams) -> ProofParams {
    if params.is_insecure_test_params() {
        ROOT_PARAMS.insecure_test_fast_folding_like()
    } else {
        ROOT_PARAMS
    }
}

/// The shrink layer's parameters: one node per run over the tree's top proof, which
/// needs 161 queries at blowup 2. Its own proof needs 39 at blowup 16 (p3-security,
/// list decoding in the 154-bit challenge field: about `log2(blowup) / 2` bits a query;
/// `examples/recursion_params.rs` has the table), with 24 bits of query grinding, so the
/// root program that verifies it is about a third of a program verifying the tree's
/// top proof, and the root layer can afford a blowup of 64 on it. Keygen checks the bar
/// on the real key.
pub const SHRINK_PARAMS: ProofParams = {
    let p = ProofParams::production();
    ProofParams {
        log_blowup: 4,
        num_queries: 39,
        query_pow_bits: 24,
        ..p
    }
};

/// The root layer's parameters: the proof users keep, so small proofs and fast
/// verification matter more than proving time (one node per run, over the shrink
/// proof). Blowup 64 needs 25 queries for 100 bits proven with 26 bits of query
/// grinding (p3-security: 100.9 bits on the production root; 24 bits of grinding need
/// 26 queries, 30 bits 24), which keeps the production root under 300 KB (293 KB; 303 KB
/// with 26 queries). Tables of at most `2^21` rows, so that the blowup stays inside
/// BabyBear's two-adic subgroup (`2^27`); the root program needs far fewer. A final FRI
/// polynomial of `2^8` coefficients was measured on the blowup-16 root and left out
/// (docs/recursion.md, "The shrink and root layers"). Measured on production roots in
/// docs/benchmarks.md. Keygen checks the bar on the real root key.
pub const ROOT_PARAMS: ProofParams = {
    let p = ProofParams::production();
    ProofParams {
        log_blowup: 6,
        num_queries: 25,
        query_pow_bits: 26,
        max_log_trace_height: 21,
        ..p
    }
};

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
///
/// The proving key holds the committed low-degree extension of the program's
/// preprocessed traces: over a GiB for an internal node at production parameters, so a
/// configuration's dozen keys do not all fit in memory beside a proof. It is kept only
/// while a layer that proves with it runs ([`NodeKeys::release`]) and made again when
/// needed ([`NodeKeys::proving_key`]); the verifying key and the program stay.
pub struct NodeKeys {
    /// The recorded program.
    pub program: Program,
    /// Its verifying key.
    pub vk: VerifyingKey<DynAir>,
    heights: Option<TableHeights>,
    params: ProofParams,
    pk: Mutex<Option<Arc<ProvingKey<DynAir>>>>,
}

impl NodeKeys {
    /// The keys of `program` proven with `params`, at the fixed heights `heights` or as
    /// tall as it needs; the proving key is held.
    pub fn make(
        program: Program,
        heights: Option<TableHeights>,
        params: &ProofParams,
    ) -> Result<Self, RecursionProofError> {
        let (pk, vk) = circuit_of(&program, heights, params)?.keygen(params)?;
        Ok(Self {
            program,
            vk,
            heights,
            params: *params,
            pk: Mutex::new(Some(Arc::new(pk))),
        })
    }

    /// The proving key, made again if it was released (keygen is deterministic; the key
    /// made again must have the verifying key's digest).
    pub fn proving_key(&self) -> Result<Arc<ProvingKey<DynAir>>, RecursionProofError> {
        let mut slot = self.pk.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pk) = &*slot {
            return Ok(pk.clone());
        }
        let circuit = circuit_of(&self.program, self.heights, &self.params)?;
        let (pk, vk) = circuit.keygen(&self.params)?;
        if vk.digest() != self.vk.digest() {
            return Err(RecursionProofError::Program(
                crate::RecursionVerifyError::Program(
                    "a node's proving key made again does not match its verifying key".into(),
                ),
            ));
        }
        let pk = Arc::new(pk);
        *slot = Some(pk.clone());
        Ok(pk)
    }

    /// The circuit the keys are of.
    pub fn circuit(&self) -> Result<RecursionCircuit<'_>, RecursionProofError> {
        circuit_of(&self.program, self.heights, &self.params)
    }

    /// Drops the proving key until [`NodeKeys::proving_key`] needs it again.
    pub fn release(&self) {
        *self.pk.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether the proving key is held now.
    pub fn holds_proving_key(&self) -> bool {
        self.pk.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }
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

/// Keeps finished aggregation nodes so that an interrupted aggregation resumes from
/// them (the SDK keeps them in the prover's work directory). A kept proof is only
/// reused after it verifies against the statement the node would prove now.
pub trait NodeStore {
    /// The proof bytes kept for node `node` of `level` (0: leaves), if any.
    fn load(&self, level: usize, node: usize) -> Option<Vec<u8>>;
    /// Keeps the proof bytes of node `node` of `level`.
    fn save(&self, level: usize, node: usize, proof: &[u8]) -> Result<(), String>;
}

/// What an aggregation is doing, for progress output.
#[derive(Clone, Debug, PartialEq)]
pub enum AggregationEvent {
    /// A level of the tree starts: `nodes` nodes to prove (level 0: the leaves).
    Level {
        /// The level.
        level: usize,
        /// Nodes proven at this level.
        nodes: usize,
    },
    /// A node was proven.
    Proven {
        /// Its level.
        level: usize,
        /// Its position in the level.
        node: usize,
        /// Seconds taken.
        seconds: f64,
    },
    /// A kept node proof verified against the node's statement and was reused.
    Reused {
        /// Its level.
        level: usize,
        /// Its position in the level.
        node: usize,
    },
    /// The shrink layer starts: one node, at `level`, over the tree's top proof, proven
    /// with the shrink parameters.
    Shrink {
        /// Its level (one above the tree's top).
        level: usize,
    },
    /// The root layer starts: one node, at `level`, over the shrink proof, proven with
    /// the root parameters.
    Root {
        /// Its level (one above the shrink layer).
        level: usize,
    },
    /// A kept node proof was unusable and is proven again.
    Discarded {
        /// Its level.
        level: usize,
        /// Its position in the level.
        node: usize,
        /// Why.
        reason: String,
    },
}

/// Nodes proven at each level of a tree over `leaves` leaves ([`leaf_group_sizes`];
/// level 0: the leaves; each level above split by [`group_sizes`], a group of one
/// carried up unproven unless `wrap_leaves` and it is a leaf of several: with two height
/// classes the tree's top must have the internal heights, which a run's only leaf has
/// itself, proven with a lone-leaf key), without the shrink and root layers (one more
/// node each, one level up each).
pub fn nodes_per_level(leaves: usize, node_arity: usize, wrap_leaves: bool) -> Vec<usize> {
    if leaves == 0 || node_arity < 2 {
        return Vec::new();
    }
    let mut levels = vec![leaves];
    let mut proofs = levels[0];
    let wrap_leaves = wrap_leaves && proofs > 1;
    while proofs > 1 || (wrap_leaves && levels.len() == 1) {
        let sizes = group_sizes(proofs, node_arity);
        let wrap = wrap_leaves && levels.len() == 1;
        let proven = sizes.iter().filter(|&&g| g >= 2 || wrap).count();
        levels.push(proven);
        proofs = sizes.len();
    }
    levels
}

/// Why aggregation failed.
#[derive(Debug, thiserror::Error)]
pub enum AggregationError {
    /// A finished node could not be kept.
    #[error("aggregation node {node} (level {level}) could not be kept: {message}")]
    Store {
        /// Level in the tree (0: leaves).
        level: usize,
        /// Position in its level.
        node: usize,
        /// What failed.
        message: String,
    },
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
    lone_keys: HashMap<[u8; 32], Arc<NodeKeys>>,
    shrink_keys: HashMap<[u8; 32], Arc<NodeKeys>>,
    root_keys: HashMap<[u8; 32], Arc<NodeKeys>>,
    keygen_time: Duration,
    config_keys: Option<Arc<AggregationKeys>>,
}

impl Aggregator {
    /// An aggregator with no keys yet.
    pub fn new(config: AggregationConfig) -> Self {
        Self {
            config,
            keys: HashMap::new(),
            lone_keys: HashMap::new(),
            shrink_keys: HashMap::new(),
            root_keys: HashMap::new(),
            keygen_time: Duration::ZERO,
            config_keys: None,
        }
    }

    /// An aggregator that proves with the configuration's keys `keys` (child keys as
    /// inputs, checked against their allowlist) and makes no keys of its own.
    pub fn with_keys(keys: Arc<AggregationKeys>) -> Self {
        let config = keys.config.clone();
        Self {
            config,
            keys: HashMap::new(),
            lone_keys: HashMap::new(),
            shrink_keys: HashMap::new(),
            root_keys: HashMap::new(),
            keygen_time: Duration::ZERO,
            config_keys: Some(keys),
        }
    }

    /// How a node of `role` takes its children's keys: the root's child (the shrink
    /// proof) always under a constant key; the other layers' under the configuration's
    /// allowlist when proving with its keys.
    fn keying(&self, role: Role) -> Keying<'_> {
        match &self.config_keys {
            _ if matches!(role, Role::Root) => Keying::Fixed,
            Some(k) => Keying::Inputs {
                depth: k.allowlist.depth(),
                allowlist: Some(&k.allowlist),
            },
            None => Keying::Fixed,
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
        role: Role,
    ) -> Result<Arc<NodeKeys>, RecursionProofError> {
        if let Some(k) = &self.config_keys {
            return match role {
                Role::Tree => k.keys_for(shapes),
                Role::LoneLeaf => k.lone_leaf_for(shapes),
                Role::Shrink => Ok(k.shrink.clone()),
                Role::Root => Ok(k.root.clone()),
            };
        }
        let digest = node_shape_digest(shapes, Keying::Fixed);
        let tree_heights = self.tree_heights(shapes);
        let (cache, params, heights) = match role {
            Role::Tree => (&mut self.keys, self.config.params, tree_heights),
            Role::LoneLeaf => (
                &mut self.lone_keys,
                self.config.params,
                self.config.table_log_heights.map(|h| h.internal),
            ),
            Role::Shrink => (&mut self.shrink_keys, self.config.shrink_params, None),
            Role::Root => (&mut self.root_keys, self.config.root_params, None),
        };
        if let Some(k) = cache.get(&digest) {
            return Ok(k.clone());
        }
        let start = Instant::now();
        let program = record_node(shapes, Keying::Fixed)?;
        let keys = Arc::new(NodeKeys::make(program, heights, &params)?);
        self.keygen_time += start.elapsed();
        cache.insert(digest, keys.clone());
        Ok(keys)
    }

    /// The fixed heights a tree node over children of `shapes` is proven at: the
    /// leaves' over segments, the internal nodes' otherwise.
    fn tree_heights(&self, shapes: &[ChildShape<'_>]) -> Option<TableHeights> {
        self.config.table_log_heights.map(|h| {
            if shapes.first().is_some_and(|s| s.is_segment) {
                h.leaves
            } else {
                h.internal
            }
        })
    }

    /// Proves one node over `children` (in run order) whose output chain starts at
    /// `output_start`.
    pub fn prove_node(
        &mut self,
        children: &[Child<'_>],
        output_start: [u32; STATE_LEN],
    ) -> Result<NodeProof, RecursionProofError> {
        self.prove_node_at(children, output_start, (0, 0), None, &|_| {}, Role::Tree)
            .map_err(NodeFailure::without_store)
    }

    /// [`Aggregator::prove_node`] for node `at` (level, position) of a tree, reusing
    /// the proof `store` kept for it when that proof verifies against the statement the
    /// node proves now, and keeping the new proof there otherwise.
    fn prove_node_at(
        &mut self,
        children: &[Child<'_>],
        output_start: [u32; STATE_LEN],
        (level, node): (usize, usize),
        store: Option<&dyn NodeStore>,
        progress: &dyn Fn(AggregationEvent),
        role: Role,
    ) -> Result<NodeProof, NodeFailure> {
        let shapes: Vec<ChildShape<'_>> = children.iter().map(ChildShape::of).collect();
        let keys = self.keys_for(&shapes, role)?;
        let keys_root = self
            .config_keys
            .as_ref()
            .map_or([Val::ZERO; STATE_LEN], |k| k.allowlist.root());
        let (inputs, failures) = node_inputs(children, output_start, keys_root, self.keying(role))
            .map_err(RecursionProofError::from)?;
        if !failures.is_empty() {
            // The program would reject these inputs: no need to run it to learn why.
            return Err(RecursionProofError::Rejected(failures).into());
        }
        let statement =
            super::statement::Statement::from_values(&inputs.public_values).map_err(|e| {
                RecursionProofError::Program(crate::RecursionVerifyError::Program(e.to_string()))
            })?;
        if let Some(bytes) = store.and_then(|s| s.load(level, node)) {
            let kept = Proof::from_bytes(&bytes)
                .map_err(|e| e.to_string())
                .and_then(|proof| {
                    super::verify::verify_node_proof(&keys.vk, &proof, &statement)
                        .map(|()| proof)
                        .map_err(|e| {
                            format!("it does not verify against this node's statement: {e}")
                        })
                });
            match kept {
                Ok(proof) => {
                    progress(AggregationEvent::Reused { level, node });
                    return Ok(NodeProof {
                        statement,
                        proof,
                        keys,
                    });
                }
                Err(reason) => progress(AggregationEvent::Discarded {
                    level,
                    node,
                    reason,
                }),
            }
        }
        let start = Instant::now();
        let (heights, params) = match role {
            Role::Tree => (self.tree_heights(&shapes), self.config.params),
            Role::LoneLeaf => (
                self.config.table_log_heights.map(|h| h.internal),
                self.config.params,
            ),
            Role::Shrink => (None, self.config.shrink_params),
            Role::Root => (None, self.config.root_params),
        };
        let circuit = circuit_of(&keys.program, heights, &params)?;
        let proof = circuit.prove(&*keys.proving_key()?, &inputs)?;
        if let Some(store) = store {
            store
                .save(level, node, &proof.to_bytes())
                .map_err(NodeFailure::Store)?;
        }
        progress(AggregationEvent::Proven {
            level,
            node,
            seconds: start.elapsed().as_secs_f64(),
        });
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
        self.aggregate_resumable(segment_key, segments, None, &|_| {})
    }

    /// [`Aggregator::aggregate`], keeping every finished node in `store` and reusing
    /// the nodes kept there by an interrupted aggregation of the same run (each only
    /// after it verifies against the statement the node proves now), reporting
    /// progress to `progress`.
    pub fn aggregate_resumable(
        &mut self,
        segment_key: &VerifyingKey<DynAir>,
        segments: &[SegmentInput<'_>],
        store: Option<&dyn NodeStore>,
        progress: &dyn Fn(AggregationEvent),
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
        let failed = |level, node, failure| match failure {
            NodeFailure::Proof(source) => node_err(level, node, source),
            NodeFailure::Store(message) => AggregationError::Store {
                level,
                node,
                message,
            },
        };
        // With two height classes a lone leaf is still verified by an internal node, so
        // that the tree's top proof always has the internal heights.
        let two_classes = self.config.table_log_heights.is_some();
        let mut rest = segments;
        let groups: Vec<&[SegmentInput<'_>]> = leaf_group_sizes(segments.len(), leaf)
            .into_iter()
            .map(|size| {
                let (group, after) = rest.split_at(size);
                rest = after;
                group
            })
            .collect();
        let planned = nodes_per_level(groups.len(), node, two_classes);
        // A run's only leaf is the tree's top: with two height classes it is proven at
        // the internal heights; several leaves are verified by internal nodes.
        let lone = two_classes && planned[0] == 1;
        let wrap_leaves = two_classes && !lone;
        let leaf_role = if lone { Role::LoneLeaf } else { Role::Tree };
        let key = PreparedKey::new(segment_key)
            .map_err(|e| node_err(0, 0, RecursionProofError::Program(e)))?;
        let mut level: Vec<NodeProof> = Vec::new();
        let mut output = Vec::new();
        progress(AggregationEvent::Level {
            level: 0,
            nodes: planned[0],
        });
        // With the configuration's keys, the proving keys the level's nodes from the
        // current one on prove with are all that is held: a key is dropped after its last
        // node in the level (one leaf key per node, in order).
        let leaf_keys: Vec<Option<Arc<NodeKeys>>> = match &self.config_keys {
            Some(k) => groups
                .iter()
                .map(|group| {
                    let shapes: Vec<ChildShape<'_>> = group
                        .iter()
                        .map(|s| ChildShape {
                            is_segment: true,
                            key: &key,
                            log_trace_heights: s.proof.log_trace_heights().to_vec(),
                        })
                        .collect();
                    match leaf_role {
                        Role::LoneLeaf => k.lone_leaf_for(&shapes).ok(),
                        _ => k.keys_for(&shapes).ok(),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        for (i, group) in groups.iter().enumerate() {
            self.hold_only_from(&leaf_keys, i);
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
                self.prove_node_at(&children, start, (0, i), store, progress, leaf_role)
                    .map_err(|e| failed(0, i, e))?,
            );
            for s in group.iter() {
                output.extend_from_slice(&s.public_output);
            }
        }
        let mut depth = 0;
        while level.len() > 1 || (wrap_leaves && depth == 0) {
            let wrap = wrap_leaves && depth == 0;
            depth += 1;
            progress(AggregationEvent::Level {
                level: depth,
                nodes: planned.get(depth).copied().unwrap_or(0),
            });
            let sizes = group_sizes(level.len(), node);
            let needed = self.internal_keys_for(&level, &sizes, wrap);
            let mut next = Vec::new();
            let mut rest = level.into_iter();
            let mut i = 0;
            for size in sizes {
                let group: Vec<NodeProof> = rest.by_ref().take(size).collect();
                if size == 1 && !wrap {
                    next.extend(group);
                    continue;
                }
                self.hold_only_from(&needed, i);
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
                    .prove_node_at(&children, start, (depth, i), store, progress, Role::Tree)
                    .map_err(|e| failed(depth, i, e))?;
                next.push(proven);
                i += 1;
            }
            level = next;
        }
        // The shrink layer over the top proof, then the root layer over the shrink
        // proof: one node each, proven with their own parameters.
        let mut top = level.pop().expect("one proof");
        for role in [Role::Shrink, Role::Root] {
            depth += 1;
            progress(match role {
                Role::Shrink => AggregationEvent::Shrink { level: depth },
                _ => AggregationEvent::Root { level: depth },
            });
            self.hold_only(&[]);
            top = self
                .prove_over(&top, role, (depth, 0), store, progress)
                .map_err(|e| failed(depth, 0, e))?;
        }
        self.hold_only(&[]);
        Ok((top, output))
    }

    /// Every key this aggregator proves with: the configuration's, and those it made.
    fn all_keys(&self) -> Vec<Arc<NodeKeys>> {
        let mut all: Vec<Arc<NodeKeys>> = self
            .keys
            .values()
            .chain(self.lone_keys.values())
            .chain(self.shrink_keys.values())
            .chain(self.root_keys.values())
            .cloned()
            .collect();
        if let Some(k) = &self.config_keys {
            all.extend(
                k.leaves
                    .values()
                    .chain(k.lone_leaves.values())
                    .chain(k.internal.values())
                    .cloned(),
            );
            all.push(k.shrink.clone());
            all.push(k.root.clone());
        }
        all
    }

    /// Drops the proving key of every tree key but those of `keep` (the keys the next
    /// level proves with), so that one level's keys are in memory at a time; the
    /// configuration's shrink and root keys stay held (every run needs both).
    fn hold_only(&self, keep: &[Arc<NodeKeys>]) {
        let layers: Vec<&Arc<NodeKeys>> = self
            .config_keys
            .as_ref()
            .map_or_else(Vec::new, |k| vec![&k.shrink, &k.root]);
        for key in self.all_keys() {
            let kept = keep.iter().chain(layers.iter().copied());
            if !kept.into_iter().any(|k| Arc::ptr_eq(k, &key)) {
                key.release();
            }
        }
    }

    /// [`Aggregator::hold_only`] the keys of a level's nodes from node `i` on (`keys`:
    /// one per node proven in the level, in order; `None` where a node has no key, which
    /// fails when that node is proven), so that a key is dropped after its last use.
    /// Keys made as nodes need them (no configuration's keys) are dropped only at a
    /// level's first node: the level's nodes may share them.
    fn hold_only_from(&self, keys: &[Option<Arc<NodeKeys>>], i: usize) {
        if self.config_keys.is_none() && i > 0 {
            return;
        }
        let rest: Vec<Arc<NodeKeys>> = keys.iter().skip(i).flatten().cloned().collect();
        self.hold_only(&rest);
    }

    /// With the configuration's keys, the internal key of each node a level over `level`
    /// split into groups of `sizes` proves (a group of one only when `wrap`), in order.
    fn internal_keys_for(
        &self,
        level: &[NodeProof],
        sizes: &[usize],
        wrap: bool,
    ) -> Vec<Option<Arc<NodeKeys>>> {
        let (Some(k), Some(first)) = (&self.config_keys, level.first()) else {
            return Vec::new();
        };
        let Some(heights) = k.config.table_log_heights else {
            return Vec::new();
        };
        let over_leaves = first.proof.log_trace_heights() == heights.leaves.as_slice();
        sizes
            .iter()
            .filter(|&&n| n >= 2 || wrap)
            .map(|&n| k.internal.get(&(over_leaves, n)).cloned())
            .collect()
    }

    /// The shrink layer's proof over the tree's top proof `top` (a leaf or internal
    /// proof stating a whole run).
    pub fn prove_shrink(&mut self, top: &NodeProof) -> Result<NodeProof, RecursionProofError> {
        self.prove_alone(top, Role::Shrink)
    }

    /// The root layer's proof over the shrink proof `shrink`; the root program takes the
    /// shrink key as a constant, so any other child fails.
    pub fn prove_root(&mut self, shrink: &NodeProof) -> Result<NodeProof, RecursionProofError> {
        self.prove_alone(shrink, Role::Root)
    }

    fn prove_alone(
        &mut self,
        child: &NodeProof,
        role: Role,
    ) -> Result<NodeProof, RecursionProofError> {
        self.prove_over(child, role, (0, 0), None, &|_| {})
            .map_err(NodeFailure::without_store)
    }

    /// The one node of layer `role` over `child`, at `at` in the tree.
    fn prove_over(
        &mut self,
        child: &NodeProof,
        role: Role,
        at: (usize, usize),
        store: Option<&dyn NodeStore>,
        progress: &dyn Fn(AggregationEvent),
    ) -> Result<NodeProof, NodeFailure> {
        let key = PreparedKey::new(&child.keys.vk).map_err(RecursionProofError::Program)?;
        let statement = child.statement.to_values();
        let only = Child::Aggregation {
            key: &key,
            proof: &child.proof,
            statement: &statement,
        };
        self.prove_node_at(
            &[only],
            child.statement.output_start,
            at,
            store,
            progress,
            role,
        )
    }
}

/// Which layer a node belongs to: the tree (leaves and internal nodes, the tree's
/// parameters and table heights), the shrink layer or the root layer (their own
/// parameters and heights).
#[derive(Clone, Copy)]
enum Role {
    Tree,
    /// A run's only leaf, at the internal heights (it is the tree's top).
    LoneLeaf,
    Shrink,
    Root,
}

/// Why one node failed: its proof, or keeping it.
enum NodeFailure {
    Proof(RecursionProofError),
    Store(String),
}

impl NodeFailure {
    /// The proof error of a node proven without a store (which cannot fail to keep it).
    fn without_store(self) -> RecursionProofError {
        match self {
            Self::Proof(e) => e,
            Self::Store(message) => unreachable!("no store: {message}"),
        }
    }
}

impl From<RecursionProofError> for NodeFailure {
    fn from(e: RecursionProofError) -> Self {
        Self::Proof(e)
    }
}

/// `arity` children of one shape.
pub(crate) fn same_shapes<'a>(
    is_segment: bool,
    key: &'a PreparedKey<'a, DynAir>,
    log_trace_heights: &[usize],
    arity: usize,
) -> Vec<ChildShape<'a>> {
    (0..arity)
        .map(|_| ChildShape {
            is_segment,
            key,
            log_trace_heights: log_trace_heights.to_vec(),
        })
        .collect()
}

/// The recursion circuit of a node's program proven with `params`: at the fixed heights
/// `heights`, or as tall as it needs and `params` accept
/// ([`RecursionCircuit::for_params`]).
pub fn circuit_of<'a>(
    program: &'a Program,
    heights: Option<TableHeights>,
    params: &ProofParams,
) -> Result<RecursionCircuit<'a>, RecursionProofError> {
    match heights {
        Some(h) => RecursionCircuit::with_heights(program, h),
        None => RecursionCircuit::for_params(program, params),
    }
}

/// The keys of a layer of one node (shrink or root) running `program`, its tables as
/// tall as it needs and `params` accept.
fn single_child_keys(
    program: Program,
    params: &ProofParams,
) -> Result<Arc<NodeKeys>, RecursionProofError> {
    Ok(Arc::new(NodeKeys::make(program, None, params)?))
}

/// The root layer's program: one node over a proof of the shrink key `shrink_vk` (a
/// constant of the program), at the heights that key fixes.
pub fn root_program(shrink_vk: &VerifyingKey<DynAir>) -> Result<Program, RecursionProofError> {
    let key = PreparedKey::new(shrink_vk)?;
    let log_trace_heights = shrink_vk
        .fixed_log_heights()
        .into_iter()
        .collect::<Option<Vec<usize>>>()
        .ok_or_else(|| {
            RecursionProofError::Program(crate::RecursionVerifyError::Program(
                "a shrink key with a table of no fixed height".into(),
            ))
        })?;
    let shape = ChildShape {
        is_segment: false,
        key: &key,
        log_trace_heights,
    };
    Ok(record_node(&[shape], Keying::Fixed)?)
}

/// The segment keys of `segments`, prepared for the recording backend.
fn prepared_segment_keys<'a>(
    segments: &[(&'a VerifyingKey<DynAir>, Vec<usize>)],
) -> Result<Vec<PreparedKey<'a, DynAir>>, RecursionProofError> {
    Ok(segments
        .iter()
        .map(|(key, _)| PreparedKey::new(*key))
        .collect::<Result<_, _>>()?)
}

/// The children of the leaf over segments of the shapes `leaf` (indices into `segments`,
/// in run order; `prepared` their keys).
fn leaf_shapes<'a>(
    segments: &[(&VerifyingKey<DynAir>, Vec<usize>)],
    prepared: &'a [PreparedKey<'a, DynAir>],
    leaf: &[usize],
) -> Result<Vec<ChildShape<'a>>, RecursionProofError> {
    leaf.iter()
        .map(|&shape| {
            let (key, (_, heights)) =
                prepared
                    .get(shape)
                    .zip(segments.get(shape))
                    .ok_or_else(|| {
                        RecursionProofError::Program(crate::RecursionVerifyError::Program(format!(
                            "no segment shape {shape} to make a leaf key for"
                        )))
                    })?;
            Ok(ChildShape {
                is_segment: true,
                key,
                log_trace_heights: heights.clone(),
            })
        })
        .collect()
}

/// Fixed table heights for a tree over segments of the given shapes (a key of the
/// shape's program-table height and the log2 trace heights per segment AIR): the
/// leaves' needs, then the internal nodes' — over `node_arity` leaf proofs, and over
/// `node_arity` internal proofs at the internal heights themselves (a fixed point:
/// verifying a proof costs the verifier logarithmically in its heights).
pub fn layer_heights(
    segments: &[(&VerifyingKey<DynAir>, Vec<usize>)],
    config: &AggregationConfig,
    keying: Keying<'_>,
) -> Result<LayerHeights, RecursionProofError> {
    let every_leaf = TreeKeyUse::all(segments.len(), config).leaf_programs();
    layer_heights_for(segments, config, keying, &every_leaf)
}

/// [`layer_heights`] for the leaf programs `leaf_programs` only (each the shapes of its
/// segments, indices into `segments`; [`TreeKeyUse::leaf_programs`]): a tree with no
/// leaf of two segments does not pay for their heights.
pub fn layer_heights_for(
    segments: &[(&VerifyingKey<DynAir>, Vec<usize>)],
    config: &AggregationConfig,
    keying: Keying<'_>,
    leaf_programs: &BTreeSet<Vec<usize>>,
) -> Result<LayerHeights, RecursionProofError> {
    fit_layer_heights(segments, config, keying, leaf_programs).map(|(heights, _)| heights)
}

/// [`layer_heights_for`], with the keys it made on the way at the heights it returns
/// (proving keys released): one leaf's at the leaves' heights and the internal node's
/// over `node_arity` leaves at the internal heights, which [`AggregationKeys`] would
/// otherwise make again.
fn fit_layer_heights(
    segments: &[(&VerifyingKey<DynAir>, Vec<usize>)],
    config: &AggregationConfig,
    keying: Keying<'_>,
    leaf_programs: &BTreeSet<Vec<usize>>,
) -> Result<(LayerHeights, Vec<NodeKeys>), RecursionProofError> {
    let prepared = prepared_segment_keys(segments)?;
    let mut programs = Vec::new();
    for leaf in leaf_programs {
        let shapes = leaf_shapes(segments, &prepared, leaf)?;
        programs.push(record_node(&shapes, keying)?);
    }
    if programs.is_empty() {
        return Err(RecursionProofError::Program(
            crate::RecursionVerifyError::Program("no leaf program to fit heights to".into()),
        ));
    }
    let leaves = fitting_heights(&programs.iter().collect::<Vec<_>>())?;
    let leaf = programs.pop().expect("at least one segment shape");
    let leaf_keys = NodeKeys::make(leaf, Some(leaves), &config.params)?;
    leaf_keys.release();
    let leaf_child = PreparedKey::new(&leaf_keys.vk)?;
    let over_leaves = record_node(
        &same_shapes(false, &leaf_child, &leaves, config.node_arity),
        keying,
    )?;
    // The internal heights hold the leaf programs too: a run's only leaf is proven there.
    let needed = fitting_heights(&[&over_leaves])?;
    let mut internal: TableHeights = std::array::from_fn(|i| needed[i].max(leaves[i]));
    for _ in 0..4 {
        // An internal node over children proven at `internal`.
        let keys = NodeKeys::make(over_leaves.clone(), Some(internal), &config.params)?;
        keys.release();
        let child = PreparedKey::new(&keys.vk)?;
        let shapes = same_shapes(false, &child, &internal, config.node_arity);
        let over_internal = record_node(&shapes, keying)?;
        let needed = fitting_heights(&[&over_internal])?;
        let raised: TableHeights = std::array::from_fn(|i| internal[i].max(needed[i]));
        if raised == internal {
            return Ok((LayerHeights { leaves, internal }, vec![leaf_keys, keys]));
        }
        internal = raised;
    }
    Err(RecursionProofError::Program(
        crate::RecursionVerifyError::Program(
            "the internal node's table heights do not settle".into(),
        ),
    ))
}

/// The aggregation keys of a VM configuration: one leaf key per segment shape at the
/// leaves' heights, the internal keys (over 1 to `node_arity` leaf proofs and over 2 to
/// `node_arity` internal proofs) at the internal heights, and the allowlist of all of
/// them. Leaves and internal nodes take their children's keys as inputs, so these keys
/// verify every program of the configuration whose segments have one of the shapes.
pub struct AggregationKeys {
    /// The configuration they were made for (fixed heights included).
    pub config: AggregationConfig,
    /// Leaf keys, by node shape digest (ordered: the allowlist is built in this order,
    /// so the same shapes always give the same root).
    pub leaves: BTreeMap<[u8; 32], Arc<NodeKeys>>,
    /// Lone-leaf keys, by node shape digest: the leaf programs at the internal heights,
    /// for runs of one segment (whose leaf is the tree's top, which the shrink layer
    /// verifies at the internal heights).
    pub lone_leaves: BTreeMap<[u8; 32], Arc<NodeKeys>>,
    /// The internal nodes' keys by (children are leaves, number of children).
    pub internal: BTreeMap<(bool, usize), Arc<NodeKeys>>,
    /// The shrink layer's keys: one node over a leaf or internal proof (the tree's top),
    /// at its own table heights, made with the configuration's shrink parameters. Not
    /// in the allowlist: only the root program verifies a shrink proof, under this key
    /// as a constant.
    pub shrink: Arc<NodeKeys>,
    /// The root layer's keys: one node over a shrink proof (whose key is a constant of
    /// its program), at its own table heights, made with the configuration's root
    /// parameters. Not in the allowlist: no node verifies a root proof.
    pub root: Arc<NodeKeys>,
    /// Every key above but the root's, as a Merkle tree.
    pub allowlist: KeyAllowlist,
}

impl AggregationKeys {
    /// Makes the keys for segments of the given shapes (each a segment key of the
    /// configuration with that shape's program-table height — any program's — and the
    /// log2 trace heights), with an allowlist of depth `depth`. The keys verify segment
    /// proofs of every program of the configuration with one of these shapes.
    pub fn generate(
        segments: &[(&VerifyingKey<DynAir>, Vec<usize>)],
        config: &AggregationConfig,
        depth: usize,
    ) -> Result<Self, RecursionProofError> {
        let every_key = TreeKeyUse::all(segments.len(), config);
        Self::generate_for(segments, config, depth, &every_key)
    }

    /// The keys `key_use` names of those [`AggregationKeys::generate`] makes (e.g. the
    /// keys of the tree one run builds, [`TreeKeyUse::of_run`]), with the leaves' heights
    /// fitted to its leaf programs only and an allowlist of those keys.
    pub fn generate_for(
        segments: &[(&VerifyingKey<DynAir>, Vec<usize>)],
        config: &AggregationConfig,
        depth: usize,
        key_use: &TreeKeyUse,
    ) -> Result<Self, RecursionProofError> {
        let program_error =
            |m: String| RecursionProofError::Program(crate::RecursionVerifyError::Program(m));
        key_use
            .check(segments.len(), config)
            .map_err(|e| program_error(format!("aggregation keys: {e}")))?;
        let keying = Keying::Inputs {
            depth,
            allowlist: None,
        };
        let (heights, made) =
            fit_layer_heights(segments, config, keying, &key_use.leaf_programs())?;
        // Keys fitting the heights made that this set needs are taken, not made again.
        let made: HashMap<([u8; 32], TableHeights), Arc<NodeKeys>> = made
            .into_iter()
            .filter_map(|k| Some(((k.program.digest(), k.heights?), Arc::new(k))))
            .collect();
        let config = AggregationConfig {
            table_log_heights: Some(heights),
            ..config.clone()
        };
        // Each proving key is dropped once made (a run proves with a few of them, made
        // again then, one layer at a time): all of them together take GiBs.
        let make_at =
            |program: Program, at: TableHeights| -> Result<Arc<NodeKeys>, RecursionProofError> {
                if let Some(keys) = made.get(&(program.digest(), at)) {
                    return Ok(keys.clone());
                }
                let keys = NodeKeys::make(program, Some(at), &config.params)?;
                keys.release();
                Ok(Arc::new(keys))
            };
        let mut leaves = BTreeMap::new();
        let mut lone_leaves = BTreeMap::new();
        let leaf_kinds = [(&key_use.leaves, false), (&key_use.lone_leaves, true)];
        let prepared = prepared_segment_keys(segments)?;
        for (kinds, lone) in leaf_kinds {
            for leaf in kinds {
                let shapes = leaf_shapes(segments, &prepared, leaf)?;
                let digest = node_shape_digest(&shapes, keying);
                let (map, at) = if lone {
                    (&mut lone_leaves, heights.internal)
                } else {
                    (&mut leaves, heights.leaves)
                };
                if let std::collections::btree_map::Entry::Vacant(e) = map.entry(digest) {
                    e.insert(make_at(record_node(&shapes, keying)?, at)?);
                }
            }
        }
        let mut internal = BTreeMap::new();
        // `check` makes a leaf key exist wherever a node over leaves does.
        if let Some(any_leaf) = leaves.values().next() {
            let leaf_child = PreparedKey::new(&any_leaf.vk)?;
            for &(_, n) in key_use
                .internal
                .iter()
                .filter(|(over_leaves, _)| *over_leaves)
            {
                let shapes = same_shapes(false, &leaf_child, &heights.leaves, n);
                internal.insert(
                    (true, n),
                    make_at(record_node(&shapes, keying)?, heights.internal)?,
                );
            }
        }
        // Any key at the internal heights gives the AIRs of a child there (`check`
        // makes one exist: a lone leaf or a node over leaves).
        let at_internal = lone_leaves
            .values()
            .chain(internal.values())
            .next()
            .ok_or_else(|| program_error("no aggregation key at the internal heights".into()))?
            .clone();
        let child = PreparedKey::new(&at_internal.vk)?;
        for &(_, n) in key_use
            .internal
            .iter()
            .filter(|(over_leaves, _)| !over_leaves)
        {
            let shapes = same_shapes(false, &child, &heights.internal, n);
            internal.insert(
                (false, n),
                make_at(record_node(&shapes, keying)?, heights.internal)?,
            );
        }
        let shrink = single_child_keys(
            record_node(&same_shapes(false, &child, &heights.internal, 1), keying)?,
            &config.shrink_params,
        )?;
        // The shrink and root keys stay held: every run proves with both (making them
        // again takes 14 s at production, the root's blowup-64 LDE most of it), and they
        // take about 1 GiB each.
        let root = single_child_keys(root_program(&shrink.vk)?, &config.root_params)?;
        let all: Vec<AllowedKey> = leaves
            .values()
            .chain(lone_leaves.values())
            .chain(internal.values())
            .map(|k| AllowedKey::of(&k.vk))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                RecursionProofError::Program(crate::RecursionVerifyError::Program(
                    "an aggregation key with a table of no fixed height".into(),
                ))
            })?;
        let allowlist = KeyAllowlist::new(&all, depth).ok_or_else(|| {
            RecursionProofError::Program(crate::RecursionVerifyError::Program(format!(
                "{} aggregation keys do not fit an allowlist of depth {depth}",
                all.len()
            )))
        })?;
        Ok(Self {
            config,
            leaves,
            lone_leaves,
            internal,
            shrink,
            root,
            allowlist,
        })
    }

    /// The allowlist root every aggregation proof made with these keys states.
    pub fn keys_root(&self) -> [u32; STATE_LEN] {
        self.allowlist
            .root()
            .map(|v| p3_field::PrimeField32::as_canonical_u32(&v))
    }

    /// The key in `by_shape` (leaf or lone-leaf keys) of segments of `shapes`.
    fn of_segment_shape(
        &self,
        by_shape: &BTreeMap<[u8; 32], Arc<NodeKeys>>,
        shapes: &[ChildShape<'_>],
    ) -> Result<Arc<NodeKeys>, RecursionProofError> {
        let keying = Keying::Inputs {
            depth: self.allowlist.depth(),
            allowlist: None,
        };
        by_shape
            .get(&node_shape_digest(shapes, keying))
            .cloned()
            .ok_or_else(|| {
                RecursionProofError::Program(crate::RecursionVerifyError::Program(
                    "no aggregation key covers this segment shape (make the keys with it)".into(),
                ))
            })
    }

    /// The lone-leaf key of segments of `shapes`.
    fn lone_leaf_for(
        &self,
        shapes: &[ChildShape<'_>],
    ) -> Result<Arc<NodeKeys>, RecursionProofError> {
        self.of_segment_shape(&self.lone_leaves, shapes)
    }

    /// The keys of a node over children of `shapes`: the internal key for that many
    /// leaf or internal proofs, the leaf key of the segments' shape otherwise.
    fn keys_for(&self, shapes: &[ChildShape<'_>]) -> Result<Arc<NodeKeys>, RecursionProofError> {
        match shapes.first() {
            Some(s) if !s.is_segment => {
                let heights = self.config.table_log_heights.ok_or_else(|| {
                    RecursionProofError::Program(crate::RecursionVerifyError::Program(
                        "aggregation keys without fixed heights".into(),
                    ))
                })?;
                let over_leaves = s.log_trace_heights == heights.leaves;
                self.internal
                    .get(&(over_leaves, shapes.len()))
                    .cloned()
                    .ok_or_else(|| {
                        RecursionProofError::Program(crate::RecursionVerifyError::Program(format!(
                            "no internal aggregation key over {} {} proofs",
                            shapes.len(),
                            if over_leaves { "leaf" } else { "internal" }
                        )))
                    })
            }
            _ => self.of_segment_shape(&self.leaves, shapes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_split_into_even_groups_of_two_or_three() {
        assert_eq!(group_sizes(1, 3), [1]);
        assert_eq!(group_sizes(2, 3), [2]);
        assert_eq!(group_sizes(4, 3), [2, 2]);
        assert_eq!(group_sizes(7, 3), [3, 2, 2]);
        assert_eq!(group_sizes(10, 3), [3, 3, 2, 2]);
        assert_eq!(group_sizes(5, 2), [2, 2, 1]);
        for n in 2..200 {
            let sizes = group_sizes(n, 3);
            assert_eq!(sizes.iter().sum::<usize>(), n);
            assert!(
                sizes.iter().all(|&g| (2..=3).contains(&g)),
                "{n}: {sizes:?}"
            );
        }
    }

    #[test]
    fn planned_levels_count_the_nodes_proven() {
        // Two height classes: a run's only leaf is the top (proven at the internal
        // heights); groups of one leaf are wrapped, those above carried.
        assert_eq!(nodes_per_level(1, 3, true), [1]);
        assert_eq!(nodes_per_level(10, 3, true), [10, 4, 2, 1]);
        assert_eq!(nodes_per_level(48, 3, true), [48, 16, 6, 2, 1]);
        assert_eq!(nodes_per_level(3, 2, true), [3, 2, 1]);
        // One class: a lone proof is carried up unproven.
        assert_eq!(nodes_per_level(1, 2, false), [1]);
        assert_eq!(nodes_per_level(5, 2, false), [5, 2, 1, 1]);
        assert_eq!(nodes_per_level(2, 2, false), [2, 1]);
        assert!(nodes_per_level(0, 3, true).is_empty());
    }

    #[test]
    fn leaves_pair_consecutive_segments_whatever_their_shapes() {
        // A run of 10 segments: five pairs, the last one across the change of shape.
        assert_eq!(leaf_group_sizes(10, 2), [2, 2, 2, 2, 2]);
        assert_eq!(leaf_group_sizes(10, 1), [1; 10]);
        assert_eq!(leaf_group_sizes(2, 2), [2]);
        assert_eq!(leaf_group_sizes(5, 3), [3, 2]);
        assert_eq!(leaf_group_sizes(3, 2), [2, 1]);
        assert!(leaf_group_sizes(0, 2).is_empty());
        for n in 1..40 {
            let sizes = leaf_group_sizes(n, 2);
            assert_eq!(sizes.iter().sum::<usize>(), n);
            assert_eq!(sizes.len(), n.div_ceil(2));
        }
    }
}
