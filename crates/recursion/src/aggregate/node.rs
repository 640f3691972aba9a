//! One aggregation node, written once over a [`VerifierBackend`] like the verifier:
//! verify each child proof with its statement loaded as proof values, derive each
//! child's [`Statement`], join them in order with the chain checks of
//! `trellis_vm::segment::prove::verify_chain`, and publish the joined statement.
//!
//! A child is either a segment proof (a leaf's input) or an aggregation proof (an
//! internal node's). A segment's statement comes from the public values of its
//! segment connector (pcs, terminated, exit code, memory roots) and PublicOutput
//! (length and bytes, absorbed into the output chain from a start state that is an
//! input of the node, like the start root), with the program digest of its key.
//!
//! Joining children `c₀ … c_{k−1}` checks, for every `i > 0`: the same program digest;
//! `cᵢ` starts at `c_{i−1}`'s end pc and memory root and output-chain state;
//! `c_{i−1}` does not terminate. The node states `c₀`'s start, `c_{k−1}`'s end, exit
//! code and terminated flag, the summed output length (checked to be at most
//! [`OUTPUT_CAPACITY`], as `verify_chain` bounds a run's output), and the output chain
//! from `c₀`'s start to `c_{k−1}`'s end. What only the root can check (the program's
//! entry pc and initial memory, termination, the empty output start) is checked by
//! [`super::verify_root`] against the program's key.

use p3_air::BaseAir;
use p3_field::PrimeCharacteristicRing;
use trellis_stark::{DynAir, Proof, Val};

use super::allowlist::{KeyAllowlist, check_membership, key_hash};
use super::output_chain::{OUTPUT_CAPACITY, absorb_prefix};
use super::statement::{STATE_LEN, StatementVars};
use crate::backend::VerifierBackend;
use crate::error::{RecursionVerifyError, shape};
use crate::verifier::{KeyInputs, PreparedKey, verify_with_publics};

/// Chip name (the last part of the AIR name) of the segment connector (public values: start pc, end pc, terminated,
/// exit code bytes, initial root, final root).
pub const SEGMENT_CONNECTOR_AIR: &str =
    trellis_vm::system_chips::segment_connector::SEGMENT_CONNECTOR_CHIP;
/// Chip name (the last part of the AIR name) of the PublicOutput AIR of the RV32IM extension (public values: length,
/// then [`OUTPUT_CAPACITY`] bytes).
pub const PUBLIC_OUTPUT_AIR: &str = "PublicOutput";

/// Whether a node's child keys are constants of its program or inputs.
#[derive(Clone, Copy, Debug)]
pub enum Keying<'a> {
    /// Every child key is a constant: the program is made for these keys.
    Fixed,
    /// Child keys are inputs ([`KeyInputs`]): the program verifies proofs of any key of
    /// the children's shape. A segment child's key is stated (its digest and
    /// preprocessed commitment, which the root verifier compares with the program's
    /// key); an aggregation child's key must be in the key allowlist of depth `depth`
    /// whose root the node states (`allowlist` gives the membership advice; `None` when
    /// recording).
    Inputs {
        /// Depth of the allowlist tree.
        depth: usize,
        /// The allowlist (advice).
        allowlist: Option<&'a KeyAllowlist>,
    },
}

/// A proof an aggregation node verifies.
pub enum Child<'a> {
    /// A segment proof with its public values (one vector per AIR).
    Segment {
        /// The program's segment key.
        key: &'a PreparedKey<'a, DynAir>,
        /// The proof.
        proof: &'a Proof,
        /// Its public values.
        public_values: &'a [Vec<Val>],
    },
    /// An aggregation proof with its statement ([`super::Statement::to_values`]).
    Aggregation {
        /// The key of the node that made it.
        key: &'a PreparedKey<'a, DynAir>,
        /// The proof.
        proof: &'a Proof,
        /// Its statement's values.
        statement: &'a [Val],
    },
}

impl Child<'_> {
    /// The digest of the key the child is verified with.
    pub fn key_digest(&self) -> [u8; 32] {
        match self {
            Child::Segment { key, .. } | Child::Aggregation { key, .. } => key.key().digest(),
        }
    }

    /// The child's trace heights.
    pub fn log_trace_heights(&self) -> &[usize] {
        match self {
            Child::Segment { proof, .. } | Child::Aggregation { proof, .. } => {
                proof.log_trace_heights()
            }
        }
    }
}

/// Where a segment key's statement values sit: the AIR indices of the segment connector
/// and of PublicOutput.
fn segment_airs(key: &PreparedKey<'_, DynAir>) -> Result<(usize, usize), RecursionVerifyError> {
    let names = key.key().air_names();
    let find = |name: &str| {
        names
            .iter()
            .position(|n| n.rsplit('/').next() == Some(name))
            .ok_or_else(|| {
                shape(format!(
                    "the segment key has no {name} AIR: it is not a key of a VM with RV32IM"
                ))
            })
    };
    Ok((find(SEGMENT_CONNECTOR_AIR)?, find(PUBLIC_OUTPUT_AIR)?))
}

/// The statement values a child proof is verified against, loaded as proof values, one
/// vector per AIR of its key (the AIRs' public-value counts in key order).
fn load_publics<B: VerifierBackend>(
    b: &mut B,
    key: &PreparedKey<'_, DynAir>,
    values: &[Val],
) -> Result<Vec<Vec<B::F>>, RecursionVerifyError> {
    let counts: Vec<usize> = key
        .key()
        .airs()
        .iter()
        .map(<DynAir as BaseAir<Val>>::num_public_values)
        .collect();
    if counts.iter().sum::<usize>() != values.len() {
        return Err(shape(format!(
            "{} statement values for a key with {} public values",
            values.len(),
            counts.iter().sum::<usize>()
        )));
    }
    let mut at = 0;
    Ok(counts
        .iter()
        .map(|&n| {
            let out = values[at..at + n].iter().map(|&v| b.witness(v)).collect();
            at += n;
            out
        })
        .collect())
}

/// Verifies `child` inside the node and returns its statement.
pub(crate) fn child_statement<B: VerifierBackend>(
    b: &mut B,
    child: &Child<'_>,
    output_start: [Val; STATE_LEN],
    keys_root: &[B::F],
    keying: Keying<'_>,
) -> Result<StatementVars<B::F>, RecursionVerifyError> {
    match child {
        Child::Segment {
            key,
            proof,
            public_values,
        } => {
            let (connector, output) = segment_airs(key)?;
            let flat: Vec<Val> = public_values.iter().flatten().copied().collect();
            let publics = load_publics(b, key, &flat)?;
            let c = &publics[connector];
            let o = &publics[output];
            if c.len() != 3 + 4 + 2 * STATE_LEN || o.len() != 1 + OUTPUT_CAPACITY {
                return Err(shape("segment public values of an unknown layout"));
            }
            let output_start: Vec<B::F> = output_start.iter().map(|&v| b.witness(v)).collect();
            let output_end = absorb_prefix(b, &output_start, &o[1..], &o[0]);
            b.phase("verify segment proof");
            let values = KeyInputs::of(key.key());
            if values.preprocessed_roots.len() != 1 {
                return Err(shape(
                    "a segment key whose preprocessed commitment is not one root",
                ));
            }
            let (digest, program_commitment) = match keying {
                Keying::Fixed => {
                    verify_with_publics(b, key, proof, &publics, None)?;
                    let digest = values.digest_limbs.iter().map(|&v| b.constant(v)).collect();
                    let commitment = values.preprocessed_roots[0]
                        .iter()
                        .map(|&v| b.constant(v))
                        .collect();
                    (digest, commitment)
                }
                Keying::Inputs { .. } => {
                    let inputs = load_key(b, &values);
                    verify_with_publics(b, key, proof, &publics, Some(&inputs))?;
                    (inputs.digest_limbs, inputs.preprocessed_roots[0].to_vec())
                }
            };
            Ok(StatementVars {
                digest,
                program_commitment,
                keys_root: keys_root.to_vec(),
                start_pc: c[0].clone(),
                end_pc: c[1].clone(),
                terminated: c[2].clone(),
                exit: c[3..7].to_vec(),
                start_root: c[7..7 + STATE_LEN].to_vec(),
                end_root: c[7 + STATE_LEN..7 + 2 * STATE_LEN].to_vec(),
                output_len: o[0].clone(),
                output_start,
                output_end,
            })
        }
        Child::Aggregation {
            key,
            proof,
            statement,
        } => {
            let publics = load_publics(b, key, statement)?;
            b.phase("verify aggregation proof");
            match keying {
                Keying::Fixed => verify_with_publics(b, key, proof, &publics, None)?,
                Keying::Inputs { depth, allowlist } => {
                    let values = KeyInputs::of(key.key());
                    let inputs = load_key(b, &values);
                    verify_with_publics(b, key, proof, &publics, Some(&inputs))?;
                    // The entry names the heights this program verifies the child at.
                    let heights = proof.log_trace_heights();
                    let leaf = key_hash(b, &inputs, heights);
                    let path = allowlist.and_then(|l| l.path(&values, heights));
                    check_membership(b, &leaf, keys_root, depth, path);
                }
            }
            let flat: Vec<B::F> = publics.into_iter().flatten().collect();
            if flat.len() != super::statement::STATEMENT_LEN {
                return Err(shape(
                    "an aggregation key whose public values are not a statement",
                ));
            }
            Ok(StatementVars::from_slice(&flat))
        }
    }
}

/// A key's inputs as proof values.
fn load_key<B: VerifierBackend>(b: &mut B, values: &KeyInputs<Val>) -> KeyInputs<B::F> {
    KeyInputs {
        digest_limbs: values.digest_limbs.iter().map(|&v| b.witness(v)).collect(),
        preprocessed_roots: values
            .preprocessed_roots
            .iter()
            .map(|r| std::array::from_fn(|k| b.witness(r[k])))
            .collect(),
    }
}

fn assert_all<B: VerifierBackend>(b: &mut B, x: &[B::F], y: &[B::F], what: &'static str) {
    for (x, y) in x.iter().zip(y) {
        b.assert_eq(x, y, what);
    }
}

/// Joins consecutive statements (see the [module docs](self)).
pub fn join<B: VerifierBackend>(b: &mut B, parts: &[StatementVars<B::F>]) -> StatementVars<B::F> {
    let first = &parts[0];
    let last = &parts[parts.len() - 1];
    let mut total = first.output_len.clone();
    for pair in parts.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        assert_all(
            b,
            &prev.digest,
            &next.digest,
            "the proofs are of different programs",
        );
        b.assert_eq(
            &prev.end_pc,
            &next.start_pc,
            "a segment does not start at the pc where the previous one ended",
        );
        assert_all(
            b,
            &prev.end_root,
            &next.start_root,
            "a segment does not start from the memory the previous one ended with",
        );
        assert_all(
            b,
            &prev.output_end,
            &next.output_start,
            "a segment's output does not follow the previous one's",
        );
        b.assert_zero(
            &prev.terminated,
            "a segment before the last one ends the run",
        );
        total = b.add(&total, &next.output_len);
    }
    // total ≤ OUTPUT_CAPACITY: the difference has an 11-bit canonical decomposition.
    let cap = b.constant(Val::from_usize(OUTPUT_CAPACITY));
    let room = b.sub(&cap, &total);
    let bits_needed = usize::BITS as usize - OUTPUT_CAPACITY.leading_zeros() as usize;
    let bits = b.low_bits(&room, bits_needed);
    let mut recomposed = b.constant(Val::ZERO);
    for (i, bit) in bits.iter().enumerate() {
        let weight = b.constant(Val::from_usize(1 << i));
        let term = b.mul(bit, &weight);
        recomposed = b.add(&recomposed, &term);
    }
    b.assert_eq(
        &recomposed,
        &room,
        "the segments reveal more public output than a run may",
    );
    StatementVars {
        digest: first.digest.clone(),
        program_commitment: first.program_commitment.clone(),
        keys_root: first.keys_root.clone(),
        start_pc: first.start_pc.clone(),
        start_root: first.start_root.clone(),
        end_pc: last.end_pc.clone(),
        end_root: last.end_root.clone(),
        terminated: last.terminated.clone(),
        exit: last.exit.clone(),
        output_len: total,
        output_start: first.output_start.clone(),
        output_end: last.output_end.clone(),
    }
}

/// The whole node on `b`: verify every child, join, and publish the joined statement as
/// the node's public values (each one checked equal to the joined value). Errors where a
/// child's shape does not fit its key (there is no node to run); otherwise `b` holds the
/// outcome. Children must be in run order; `output_start` is the output-chain state
/// before the first child (advice for a segment child's start state, which the node
/// takes as an input and states), `keys_root` the allowlist root the node states
/// (advice; with [`Keying::Inputs`], aggregation children's keys are checked against
/// it).
pub fn aggregate_with<B: VerifierBackend>(
    b: &mut B,
    children: &[Child<'_>],
    output_start: [u32; STATE_LEN],
    keys_root: [Val; STATE_LEN],
    keying: Keying<'_>,
) -> Result<(), RecursionVerifyError> {
    if children.is_empty() {
        return Err(shape("an aggregation node needs at least one proof"));
    }
    // The allowlist root the node states: an input, which every child's must equal.
    let root: Vec<B::F> = keys_root.iter().map(|&v| b.witness(v)).collect();
    let mut parts: Vec<StatementVars<B::F>> = Vec::with_capacity(children.len());
    let mut start = output_start.map(Val::from_u32);
    for child in children {
        let part = child_statement(b, child, start, &root, keying)?;
        start = std::array::from_fn(|k| b.value(&part.output_end[k]).unwrap_or(Val::ZERO));
        parts.push(part);
    }
    b.phase("join");
    let joined = join(b, &parts);
    assert_all(
        b,
        &joined.keys_root,
        &root,
        "the proofs were checked against different key allowlists",
    );
    for v in joined.to_vec() {
        let concrete = b.value(&v).unwrap_or(Val::ZERO);
        let public = b.public_input(concrete);
        b.assert_eq(
            &public,
            &v,
            "the node's statement is not the joined statement",
        );
    }
    Ok(())
}
