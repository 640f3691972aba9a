//! One proof for a whole run: the segment proofs of a [`TrellisProof`] aggregated by
//! the recursion layer (`trellis-recursion`) into one root proof, its file format, and
//! its verification (docs/recursion.md).
//!
//! The root proof is the root layer's: one node over the shrink layer's proof, which is
//! one node over the tree's top proof. Both take larger blowups for fewer queries
//! (`trellis_recursion::aggregate::{SHRINK_PARAMS, ROOT_PARAMS}`): the shrink proof is
//! cheap to verify, so the root program is small enough for blowup 64, and the root
//! proof is small and verifies fast.
//!
//! The aggregation keys are made from the segment shapes of the run (every node's
//! program takes its children's keys as inputs and checks them against the allowlist
//! of those keys): deterministic, so the verifier makes them again from the shapes the
//! file lists and compares the allowlist root the proof states. What the verifier
//! trusts is its own keygen, never keys from the file. Making the keys costs time at
//! verification (a catalog of shapes fixed per configuration, with their keys made
//! once, is the next step).

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use trellis_isa::container::FileKind;
use trellis_recursion::aggregate::{
    AggregationConfig, AggregationEvent, AggregationKeys, Aggregator, NodeStore, ProgramIdentity,
    RootVerifierKey, RunStatement, SavedRootVerifier, SegmentInput, Statement, TreeKeyUse,
    leaf_group_sizes, nodes_per_level, verify_root_with,
};
use trellis_recursion::air::RecursionProofError;
use trellis_stark::{DynAir, Proof};
use trellis_vm::ProgramId;
use trellis_vm::circuit::Claim;

use crate::aggregation_cache::entry_id;
use crate::error::SdkError;
use crate::proving::{TrellisProof, VerifyingKey};
use crate::trellis::Trellis;
use crate::verify_options::VerifyOptions;

/// Magic and version of an aggregated proof file (version 2: the root proof is the root
/// layer's, made with the root parameters; 3: the degree-5 challenge field; 4: the root
/// layer verifies a shrink layer's proof; 5: the file lists the keys its tree used; 6: the
/// recursion circuit's base inputs table holds eight values a row, so every aggregation
/// key, the root key included, is another key; 7: the keys listed name each leaf by the
/// shapes of its segments, which may differ).
pub const AGGREGATED_PROOF_FILE: FileKind = FileKind {
    name: "Trellis aggregated proof",
    magic: *b"TRLSAGGR",
    version: 7,
};

/// Most distinct segment shapes one aggregated proof may list (each costs the verifier
/// one leaf keygen until keys come from a catalog made once per configuration).
pub const MAX_SHAPES: usize = 16;
/// Most leaf keys (lone leaves included) one aggregated proof may name: a leaf of two
/// segments is keyed by both shapes, so a run of many shape changes could otherwise name
/// up to `MAX_SHAPES²` keys for the verifier to make. A run whose pairs would name more
/// is aggregated in leaves of one ([`run_key_use`]).
pub const MAX_LEAF_KEYS: usize = 2 * MAX_SHAPES;
/// Most segment proofs per leaf. A run is aggregated in leaves of two consecutive
/// segments, of one shape or two, where its tree is cheaper so ([`leaf_arity_for_run`]),
/// and only
/// the keys its tree uses are made ([`TreeKeyUse::of_run`]): docs/recursion.md, "Keys
/// for the tree a run builds". A shape catalog's keys stay leaves of one.
pub const LEAF_ARITY: usize = 2;
/// Most aggregation proofs per internal node. Three fit the internal nodes' table
/// heights at production parameters for 10 % more cells than two (docs/recursion.md,
/// "Two height classes"), so the tree has half as many internal nodes.
pub const NODE_ARITY: usize = 3;

/// A run's aggregated proof: the root proof, what it states, the run's public output,
/// and the segment shapes its aggregation keys are made from.
pub struct AggregatedProof {
    /// The program the proof is for.
    pub program_id: ProgramId,
    /// Distinct segment shapes (log2 trace heights per segment AIR) the aggregation keys
    /// are made from: those of the run's segments in first-use order, or, for a run proven
    /// against a shape catalog, the catalog's.
    pub shapes: Vec<Vec<u8>>,
    /// Which aggregation keys of those shapes the tree used (those of the run's tree, or
    /// every key of a catalog's shapes): the verifier makes these.
    pub key_use: TreeKeyUse,
    /// What the root proof states.
    pub statement: Statement,
    /// The run's public output.
    pub public_output: Vec<u8>,
    /// The root proof.
    pub proof: Proof,
}

#[derive(Serialize, Deserialize)]
struct AggregatedPayload {
    program_id: ProgramId,
    shapes: Vec<Vec<u8>>,
    key_use: TreeKeyUse,
    statement: Statement,
    public_output: Vec<u8>,
    stark: Vec<u8>,
}

impl AggregatedProof {
    /// The file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let payload = AggregatedPayload {
            program_id: self.program_id,
            shapes: self.shapes.clone(),
            key_use: self.key_use.clone(),
            statement: self.statement.clone(),
            public_output: self.public_output.clone(),
            stark: self.proof.to_bytes(),
        };
        AGGREGATED_PROOF_FILE
            .seal(&postcard::to_allocvec(&payload).expect("in-memory encoding cannot fail"))
    }

    /// Reads an aggregated proof file (`path` names it in errors).
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, SdkError> {
        let file_err = |message: String| SdkError::File {
            path: path.into(),
            message,
        };
        let payload = AGGREGATED_PROOF_FILE
            .open(bytes)
            .map_err(|e| file_err(e.to_string()))?;
        let p: AggregatedPayload = trellis_isa::payload::decode_exact(payload, "aggregated proof")
            .map_err(|e| file_err(format!("{} file: {e}", AGGREGATED_PROOF_FILE.name)))?;
        let proof =
            Proof::from_bytes(&p.stark).map_err(|e| file_err(format!("the root proof: {e}")))?;
        Ok(Self {
            program_id: p.program_id,
            shapes: p.shapes,
            key_use: p.key_use,
            statement: p.statement,
            public_output: p.public_output,
            proof,
        })
    }

    /// Whether `bytes` start like an aggregated proof file.
    pub fn is_aggregated_file(bytes: &[u8]) -> bool {
        bytes.starts_with(&AGGREGATED_PROOF_FILE.magic)
    }
}

fn aggregation_error(message: impl std::fmt::Display) -> SdkError {
    SdkError::Aggregation(message.to_string())
}

/// Refuses shape lists the verifier should not make keys for: none, more than
/// [`MAX_SHAPES`], or a shape that is not one height per AIR of `vk` within its bound.
fn check_shapes(vk: &VerifyingKey, shapes: &[Vec<u8>]) -> Result<(), SdkError> {
    let airs = vk.stark().airs().len();
    let max = vk.stark().params().max_log_trace_height as u8;
    if shapes.is_empty() || shapes.len() > MAX_SHAPES {
        return Err(aggregation_error(format!(
            "{} segment shapes (1 to {MAX_SHAPES} expected)",
            shapes.len()
        )));
    }
    if let Some(bad) = shapes
        .iter()
        .find(|s| s.len() != airs || s.iter().any(|&h| h > max))
    {
        return Err(aggregation_error(format!(
            "a segment shape of {} heights for {airs} AIRs, or a height above 2^{max}",
            bad.len()
        )));
    }
    Ok(())
}

/// Refuses a key use the verifier should not make keys for: leaves of more than
/// [`LEAF_ARITY`] segments, more than [`MAX_LEAF_KEYS`] leaf keys, or keys the
/// configuration of `shapes` does not have.
fn check_key_use(
    vk: &VerifyingKey,
    shapes: &[Vec<u8>],
    key_use: &TreeKeyUse,
) -> Result<(), SdkError> {
    let arity = leaf_arity_of(key_use);
    if arity > LEAF_ARITY {
        return Err(aggregation_error(format!(
            "aggregation keys for leaves of {arity} segments (at most {LEAF_ARITY})"
        )));
    }
    if key_use.leaf_keys() > MAX_LEAF_KEYS {
        return Err(aggregation_error(format!(
            "{} leaf keys named (at most {MAX_LEAF_KEYS})",
            key_use.leaf_keys()
        )));
    }
    key_use
        .check(shapes.len(), &tree_config(vk, arity))
        .map_err(|e| aggregation_error(format!("aggregation keys: {e}")))
}

/// The tree for proofs of `vk` in leaves of at most `leaf_arity` segments: its
/// parameters below the root, the root parameters at the root, [`NODE_ARITY`].
fn tree_config(vk: &VerifyingKey, leaf_arity: usize) -> AggregationConfig {
    AggregationConfig::new(*vk.stark().params(), leaf_arity, NODE_ARITY)
}

/// The most segments a leaf of `key_use` verifies (at least 1).
fn leaf_arity_of(key_use: &TreeKeyUse) -> usize {
    key_use.leaf_arity()
}

/// Leaves of one or of two segments for a run of segments of the shapes `run` (indices,
/// in run order): two where the tree is cheaper so. The weights are the committed cells
/// of each node at production parameters (`examples/tree_arity_cost`): a leaf over two
/// segments, an internal node and a run's only leaf (at the internal heights) each cost
/// about twice a leaf over one segment. So pairs pay where they save internal nodes:
/// fibonacci at 50 M cycles (10 segments, 24 units in leaves of one, 16 in pairs), two
/// segments (one lone leaf, 2 against 4), not three segments (6 against 5).
pub fn leaf_arity_for_run(run: &[usize]) -> usize {
    let cost = |leaf_arity: usize| {
        let leaves = leaf_group_sizes(run.len(), leaf_arity);
        let levels = nodes_per_level(leaves.len(), NODE_ARITY, true);
        if leaves.len() == 1 {
            return 2;
        }
        let internal: usize = levels.iter().skip(1).sum();
        let leaf_weight = if leaves.iter().any(|&n| n > 1) { 2 } else { 1 };
        leaves.len() * leaf_weight + 2 * internal
    };
    if LEAF_ARITY >= 2 && cost(2) < cost(1) {
        2
    } else {
        1
    }
}

/// The keys the tree over a run of segments of the shapes `run` (indices, in run order)
/// proves with: in leaves of [`leaf_arity_for_run`], or of one segment where pairs would
/// name more than [`MAX_LEAF_KEYS`] leaf keys (a run of many changes of shape; leaves of
/// one name at most [`MAX_SHAPES`]).
pub fn run_key_use(vk: &VerifyingKey, run: &[usize]) -> TreeKeyUse {
    let key_use = TreeKeyUse::of_run(run, &tree_config(vk, leaf_arity_for_run(run)));
    if key_use.leaf_keys() <= MAX_LEAF_KEYS {
        key_use
    } else {
        TreeKeyUse::of_run(run, &tree_config(vk, 1))
    }
}

/// Depth of the allowlist of the keys `key_use` names (the tree keys; the shrink and
/// root keys are outside it): the least that holds them, at least 1.
fn allowlist_depth(key_use: &TreeKeyUse) -> usize {
    let keys = key_use.leaves.len() + key_use.lone_leaves.len() + key_use.internal.len();
    (keys.next_power_of_two().trailing_zeros() as usize).max(1)
}

/// A segment proof's shape: the log2 height of each of its traces.
pub(crate) fn segment_shape(proof: &Proof) -> Vec<u8> {
    proof.log_trace_heights().iter().map(|&h| h as u8).collect()
}

fn as_usizes(shape: &[u8]) -> Vec<usize> {
    shape.iter().map(|&h| usize::from(h)).collect()
}

/// The aggregation keys `key_use` names for `shapes` under `vk`'s parameters.
fn keys_for(
    vk: &VerifyingKey,
    shapes: &[Vec<u8>],
    key_use: &TreeKeyUse,
) -> Result<AggregationKeys, SdkError> {
    check_shapes(vk, shapes)?;
    check_key_use(vk, shapes, key_use)?;
    let segments: Vec<(&trellis_stark::VerifyingKey<DynAir>, Vec<usize>)> =
        shapes.iter().map(|s| (vk.stark(), as_usizes(s))).collect();
    let config = tree_config(vk, leaf_arity_of(key_use));
    AggregationKeys::generate_for(&segments, &config, allowlist_depth(key_use), key_use)
        .map_err(aggregation_error)
}

/// The name of the key-cache entry of the keys `key_use` names for `shapes` under `vk`.
fn cache_entry(vk: &VerifyingKey, shapes: &[Vec<u8>], key_use: &TreeKeyUse) -> [u8; 32] {
    let config = tree_config(vk, leaf_arity_of(key_use));
    entry_id(
        vk.stark().digest(),
        shapes,
        key_use,
        (config.leaf_arity, config.node_arity),
        allowlist_depth(key_use),
        (&config.shrink_params, &config.root_params),
    )
}

impl Trellis {
    /// Aggregates the segment proofs of `proof` into one root proof: its aggregation
    /// keys are made from the run's segment shapes, every segment proof is verified
    /// inside a leaf and the chain inside the internal nodes. A false or misplaced
    /// segment proof has no aggregation ([`SdkError::Aggregation`] names the check).
    pub fn aggregate(
        &self,
        vk: &VerifyingKey,
        proof: &TrellisProof,
    ) -> Result<AggregatedProof, SdkError> {
        self.aggregate_resumable(vk, proof, None, &|_| {})
    }

    /// [`Trellis::aggregate`], keeping every finished node in `store` (e.g. the
    /// prover's [`crate::prover::WorkDir`]) and reusing nodes an interrupted
    /// aggregation of the same run kept there (each verified against the statement the
    /// node proves now, else proven again), reporting progress to `progress`.
    pub fn aggregate_resumable(
        &self,
        vk: &VerifyingKey,
        proof: &TrellisProof,
        store: Option<&dyn NodeStore>,
        progress: &dyn Fn(AggregationEvent),
    ) -> Result<AggregatedProof, SdkError> {
        self.aggregate_in_catalog(vk, proof, None, store, progress)
    }

    /// [`Trellis::aggregate_resumable`] of a run proven against the shape catalog
    /// `catalog` ([`crate::ProveOptions::shape_catalog`]), where given: the aggregation
    /// keys are made from every shape of the catalog (the same keys for every run proven
    /// against it), and a segment proof at a shape outside it is refused.
    pub fn aggregate_in_catalog(
        &self,
        vk: &VerifyingKey,
        proof: &TrellisProof,
        catalog: Option<&[Vec<u8>]>,
        store: Option<&dyn NodeStore>,
        progress: &dyn Fn(AggregationEvent),
    ) -> Result<AggregatedProof, SdkError> {
        if proof.program_id != vk.program_id() {
            return Err(SdkError::ProgramMismatch {
                expected: vk.program_id(),
                claimed: proof.program_id,
            });
        }
        let run_shapes: Vec<Vec<u8>> = proof
            .segments
            .iter()
            .map(|s| segment_shape(&s.proof))
            .collect();
        let mut shapes: Vec<Vec<u8>> = Vec::new();
        for shape in &run_shapes {
            if !shapes.contains(shape) {
                shapes.push(shape.clone());
            }
        }
        let key_use = match catalog {
            Some(catalog) => {
                if let Some(outside) = shapes.iter().find(|s| !catalog.contains(s)) {
                    return Err(SdkError::ShapeCatalog(format!(
                        "a segment proof has the shape {outside:?}, which is not in the catalog"
                    )));
                }
                shapes = catalog.to_vec();
                // One key set for every run proven against the catalog: every key of its
                // shapes, in leaves of one segment.
                TreeKeyUse::all(shapes.len(), &tree_config(vk, 1))
            }
            None => {
                let run: Vec<usize> = run_shapes
                    .iter()
                    .map(|shape| shapes.iter().position(|k| k == shape).expect("listed"))
                    .collect();
                run_key_use(vk, &run)
            }
        };
        let keys = Arc::new(keys_for(vk, &shapes, &key_use)?);
        let _ = self.save_root_verifier(vk, &shapes, &key_use, &keys);
        let inputs: Vec<SegmentInput<'_>> = proof
            .segments
            .iter()
            .map(|s| SegmentInput {
                proof: &s.proof,
                public_values: self.vm().segment_public_values(&s.claim),
                public_output: s.claim.public_output.clone(),
            })
            .collect();
        let (root, public_output) = Aggregator::with_keys(keys)
            .aggregate_resumable(vk.stark(), &inputs, store, progress)
            .map_err(aggregation_error)?;
        Ok(AggregatedProof {
            program_id: proof.program_id,
            shapes,
            key_use,
            statement: root.statement,
            public_output,
            proof: root.proof,
        })
    }

    /// The root key and allowlist root of the aggregation keys `key_use` names for
    /// `shapes` under `vk`, from this [`Trellis`]'s key cache
    /// ([`Trellis::with_aggregation_key_cache`]), if it has a usable entry.
    pub fn cached_root_verifier(
        &self,
        vk: &VerifyingKey,
        shapes: &[Vec<u8>],
        key_use: &TreeKeyUse,
    ) -> Option<RootVerifierKey> {
        let cache = self.aggregation_key_cache()?;
        let entry = cache.load(&cache_entry(vk, shapes, key_use))?;
        let config = tree_config(vk, leaf_arity_of(key_use));
        entry.rebuild(&config).ok()
    }

    /// The root key and allowlist root of the aggregation keys `key_use` names for
    /// `shapes` under `vk`: from the key cache, else made (seconds per key) and saved
    /// there.
    pub(crate) fn root_verifier(
        &self,
        vk: &VerifyingKey,
        shapes: &[Vec<u8>],
        key_use: &TreeKeyUse,
    ) -> Result<RootVerifierKey, SdkError> {
        if let Some(root) = self.cached_root_verifier(vk, shapes, key_use) {
            return Ok(root);
        }
        let keys = keys_for(vk, shapes, key_use)?;
        let config = tree_config(vk, leaf_arity_of(key_use));
        self.save_root_verifier(vk, shapes, key_use, &keys)
            .and_then(|saved| saved.rebuild(&config))
            .map_err(aggregation_error)
    }

    /// Saves the root key and allowlist root of `keys` (those `key_use` names for
    /// `shapes` under `vk`) in the key cache, if any, and returns them. A cache that
    /// cannot be written costs only time later.
    fn save_root_verifier(
        &self,
        vk: &VerifyingKey,
        shapes: &[Vec<u8>],
        key_use: &TreeKeyUse,
        keys: &AggregationKeys,
    ) -> Result<SavedRootVerifier, RecursionProofError> {
        let entry = keys.save_root_verifier()?;
        if let Some(cache) = self.aggregation_key_cache() {
            let _ = cache.store(&cache_entry(vk, shapes, key_use), &entry);
        }
        Ok(entry)
    }

    /// Verifies an aggregated proof against the program's verifying key: makes the
    /// aggregation keys from the listed shapes (or loads their root key from the key
    /// cache, [`Trellis::with_aggregation_key_cache`]), checks the root proof with them, and
    /// that it states a complete run of the key's program with the file's public
    /// output. Returns the run's claim. Refuses keys made with the insecure test
    /// parameters unless `options` allow them.
    pub fn verify_aggregated(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        options: &VerifyOptions,
    ) -> Result<Claim, SdkError> {
        self.verify_aggregated_reporting(vk, proof, options, &|_| {})
    }

    /// [`Trellis::verify_aggregated`], calling `making_keys(shapes)` before it makes
    /// the aggregation keys of the proof's `shapes` segment shapes (no usable key-cache
    /// entry: seconds per shape), so that a front end can say why it waits.
    pub fn verify_aggregated_reporting(
        &self,
        vk: &VerifyingKey,
        proof: &AggregatedProof,
        options: &VerifyOptions,
        making_keys: &dyn Fn(usize),
    ) -> Result<Claim, SdkError> {
        options.check_key(vk)?;
        vk.binding()
            .check_config(self.vm())
            .map_err(|e| SdkError::Proof(e.into()))?;
        if proof.program_id != vk.program_id() {
            return Err(SdkError::ProgramMismatch {
                expected: vk.program_id(),
                claimed: proof.program_id,
            });
        }
        check_shapes(vk, &proof.shapes)?;
        check_key_use(vk, &proof.shapes, &proof.key_use)?;
        let identity = ProgramIdentity::of(vk.stark(), vk.entry_pc(), vk.initial_root());
        let check = |root_vk: &trellis_stark::VerifyingKey<DynAir>, keys_root| {
            verify_root_with(
                root_vk,
                keys_root,
                &proof.proof,
                &proof.statement,
                &identity,
                &proof.public_output,
            )
        };
        // Saved keys only ever shorten an acceptance: on any failure the keys are made
        // again and decide.
        let cached: Option<RunStatement> = self
            .cached_root_verifier(vk, &proof.shapes, &proof.key_use)
            .and_then(|root| check(&root.vk, root.keys_root).ok());
        let run = match cached {
            Some(run) => run,
            None => {
                making_keys(proof.shapes.len());
                let keys = keys_for(vk, &proof.shapes, &proof.key_use)?;
                let _ = self.save_root_verifier(vk, &proof.shapes, &proof.key_use, &keys);
                check(&keys.root.vk, keys.keys_root()).map_err(aggregation_error)?
            }
        };
        let claim = Claim {
            entry_pc: vk.entry_pc(),
            final_pc: run.final_pc,
            exit_code: run.exit_code,
            public_output: run.public_output,
            segment: None,
        };
        claim
            .check_canonical()
            .map_err(|e| SdkError::Proof(e.into()))?;
        Ok(claim)
    }
}
