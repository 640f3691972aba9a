//! The batch-STARK verifier (Plonky3's `verify_batch` under Trellis's configuration),
//! written once over a [`VerifierBackend`].
//!
//! Transcript order: key separator; batch seed; every trace height; main commitment;
//! public values; preprocessed commitment; (with lookups) grinding, LogUp `α, β`,
//! permutation commitment, terminals; constraint challenge; quotient commitment;
//! out-of-domain grinding; `zeta`; then the opening argument ([`crate::pcs`]). After
//! it, every AIR's constraints at `zeta` against its recombined quotient, and the LogUp
//! terminals summing to zero.

use p3_air::BaseAir;
use p3_field::{PrimeCharacteristicRing, TwoAdicField};
use trellis_stark::{BabyBearPoseidon2, Challenge, HashFamily, Proof, StarkAir, Val, VerifyingKey};

use crate::backend::{Digest, EXT_DEGREE, VerifierBackend};
use crate::constraints::{AirConstraints, OodInputs, fold_constraints};
use crate::error::{RecursionVerifyError, shape};
use crate::family::VerifierFamily;
use crate::hash::VerifierHash;
use crate::lookups::BusLayout;
use crate::ood::{recompose, recompose_quotient, selectors, square_powers};
use crate::pcs::{MatrixClaim, RoundClaim, verify_pcs};
use crate::seeds::{batch_seed, key_separator};
use crate::transcript::Challenger;

/// A verifying key prepared for the generic verifier: every AIR's symbolic constraints
/// (built once) and the bus layout of its lookups. `H` is the hash family of the key's
/// proofs.
pub struct PreparedKey<'a, A, H: HashFamily = BabyBearPoseidon2> {
    vk: &'a VerifyingKey<A, H>,
    constraints: Vec<AirConstraints>,
    pub(crate) log_quotient_chunks: Vec<usize>,
    buses: BusLayout,
}

impl<'a, A: StarkAir, H: HashFamily> PreparedKey<'a, A, H> {
    /// Builds the constraints of every AIR of `vk`. Fails on AIRs with periodic columns,
    /// which no Trellis chip has and this verifier does not evaluate yet.
    pub fn new(vk: &'a VerifyingKey<A, H>) -> Result<Self, RecursionVerifyError> {
        let common = vk.common_data();
        let mut constraints = Vec::with_capacity(vk.airs().len());
        let mut log_quotient_chunks = Vec::with_capacity(vk.airs().len());
        for (i, air) in vk.airs().iter().enumerate() {
            if <A as BaseAir<Val>>::num_periodic_columns(air) > 0 {
                return Err(RecursionVerifyError::Unsupported(format!(
                    "AIR {:?} has periodic columns",
                    vk.air_names()[i]
                )));
            }
            let c = AirConstraints::new(air, preprocessed_width(vk, i), &common.lookups[i]);
            let degree = c
                .max_degree()
                .max(<A as BaseAir<Val>>::max_constraint_degree(air).unwrap_or(0))
                .max(2);
            log_quotient_chunks.push(log2_ceil(degree - 1));
            constraints.push(c);
        }
        Ok(Self {
            vk,
            constraints,
            log_quotient_chunks,
            buses: BusLayout::new(&common.lookups),
        })
    }

    /// The key.
    pub fn key(&self) -> &VerifyingKey<A, H> {
        self.vk
    }
}

fn log2_ceil(n: usize) -> usize {
    (usize::BITS - n.saturating_sub(1).leading_zeros()) as usize
}

pub(crate) fn preprocessed_width<A: StarkAir, H: HashFamily>(
    vk: &VerifyingKey<A, H>,
    i: usize,
) -> usize {
    vk.common_data()
        .preprocessed
        .as_ref()
        .and_then(|g| g.instances[i].as_ref().map(|m| m.width))
        .unwrap_or(0)
}

/// Loads a commitment (its cap's roots) as proof values.
fn witness_cap<H: VerifierFamily, B: VerifierHash<H>>(
    b: &mut B,
    roots: &[H::Digest],
) -> Vec<<B as VerifierHash<H>>::Digest> {
    roots.iter().map(|d| b.digest_witness(d)).collect()
}

fn witness_exts<B: VerifierBackend>(b: &mut B, v: &[Challenge]) -> Vec<B::EF> {
    v.iter().map(|&x| b.witness_ext(x)).collect()
}

/// One AIR's opened values as backend values.
struct Opened<B: VerifierBackend> {
    main: Vec<B::EF>,
    main_next: Option<Vec<B::EF>>,
    quotient: Vec<Vec<B::EF>>,
    pre: Option<Vec<B::EF>>,
    pre_next: Option<Vec<B::EF>>,
    perm: Vec<B::EF>,
    perm_next: Vec<B::EF>,
}

/// Runs the verifier on `b`. Returns an error where the proof's shape does not fit the
/// key (there is nothing to run); otherwise every check went through `b`, which holds
/// the outcome. The hash family `H` is the key's and the proof's; `b` hashes with it.
pub fn verify_with<H: VerifierFamily, B: VerifierHash<H>, A: StarkAir>(
    b: &mut B,
    key: &PreparedKey<'_, A, H>,
    proof: &Proof<H>,
    public_values: &[Vec<Val>],
) -> Result<(), RecursionVerifyError> {
    trellis_stark::check_shape(key.vk, proof, public_values)?;
    verify_inner(
        b,
        key,
        proof,
        |b| {
            public_values
                .iter()
                .map(|pv| pv.iter().map(|&v| b.public_input(v)).collect())
                .collect()
        },
        None,
    )
}

/// [`verify_with`] for public values that are already backend values: the statement of
/// a proof verified inside an aggregation program, which loads them as proof values and
/// checks them against its own statement ([`crate::aggregate`]).
pub fn verify_with_publics<H: VerifierFamily, B: VerifierHash<H>, A: StarkAir>(
    b: &mut B,
    key: &PreparedKey<'_, A, H>,
    proof: &Proof<H>,
    publics: &[Vec<B::F>],
    key_inputs: Option<&KeyInputs<B::F, <B as VerifierHash<H>>::Digest>>,
) -> Result<(), RecursionVerifyError> {
    let lengths: Vec<Vec<Val>> = publics.iter().map(|p| vec![Val::ZERO; p.len()]).collect();
    trellis_stark::check_shape(key.vk, proof, &lengths)?;
    if let Some(k) = key_inputs {
        let roots = key
            .vk
            .common_data()
            .preprocessed
            .as_ref()
            .map_or(0, |g| H::commitment_roots(&g.commitment).len());
        if k.digest_limbs.len() != DIGEST_LIMBS || k.preprocessed_roots.len() != roots {
            return Err(shape("key inputs of another shape than the key"));
        }
    }
    verify_inner(b, key, proof, |_| publics.to_vec(), key_inputs)
}

/// Limbs of the key digest the transcript absorbs (sixteen 16-bit values).
pub const DIGEST_LIMBS: usize = 16;

/// The parts of a verifying key that differ between keys of one shape (one set of AIRs
/// and trace heights, other preprocessed traces): its digest, which seeds the
/// transcript, and its preprocessed commitment. As backend values, they are inputs of a
/// program that verifies proofs of any key of the shape; whoever relies on it must bind
/// them (a public value checked against a known key, or membership in a set of keys).
/// `D` is a digest of the key's hash family.
#[derive(Clone, Debug)]
pub struct KeyInputs<F, D = Digest<F>> {
    /// The key digest as sixteen 16-bit limbs, little-endian ([`crate::seeds::key_separator`]).
    pub digest_limbs: Vec<F>,
    /// The roots of the preprocessed commitment's cap.
    pub preprocessed_roots: Vec<D>,
}

impl KeyInputs<Val> {
    /// The values of `vk`.
    pub fn of<A: StarkAir>(vk: &VerifyingKey<A>) -> Self {
        let sep = key_separator(&vk.digest());
        Self {
            digest_limbs: sep[sep.len() - DIGEST_LIMBS..].to_vec(),
            preprocessed_roots: vk
                .common_data()
                .preprocessed
                .as_ref()
                .map_or_else(Vec::new, |g| g.commitment.roots().to_vec()),
        }
    }
}

fn verify_inner<H: VerifierFamily, B: VerifierHash<H>, A: StarkAir>(
    b: &mut B,
    key: &PreparedKey<'_, A, H>,
    proof: &Proof<H>,
    load_publics: impl FnOnce(&mut B) -> Vec<Vec<B::F>>,
    key_inputs: Option<&KeyInputs<B::F, <B as VerifierHash<H>>::Digest>>,
) -> Result<(), RecursionVerifyError> {
    let vk = key.vk;
    let params = vk.params();
    let common = vk.common_data();
    let p = proof.batch_proof();
    let airs = vk.airs();
    let n = airs.len();
    let ov = &p.opened_values.instances;

    // Shape, as Plonky3 checks it.
    if p.commitments.random.is_some() || ov.iter().any(|o| o.base_opened_values.random.is_some()) {
        return Err(shape(
            "randomization openings in a proof without zero knowledge",
        ));
    }
    let has_lookups = common.lookups.iter().any(|l| !l.is_empty());
    if p.commitments.permutation.is_some() != has_lookups {
        return Err(shape(
            "permutation commitment presence does not match the lookups",
        ));
    }
    if p.lookup_pow_witness.is_some() != has_lookups {
        return Err(shape(
            "lookup proof-of-work witness presence does not match the lookups",
        ));
    }
    for (i, air) in airs.iter().enumerate() {
        let o = &ov[i].base_opened_values;
        let width = <A as BaseAir<Val>>::width(air);
        let has_next = !<A as BaseAir<Val>>::main_next_row_columns(air).is_empty();
        let pre_w = preprocessed_width(vk, i);
        let pre_next = !<A as BaseAir<Val>>::preprocessed_next_row_columns(air).is_empty();
        let n_lookups = common.lookups[i].len();
        let perm_len = if n_lookups == 0 {
            0
        } else {
            (n_lookups + 1) * EXT_DEGREE
        };
        let ok = o.trace_local.len() == width
            && o.trace_next.as_ref().map(Vec::len) == has_next.then_some(width)
            && o.quotient_chunks.len() == 1 << key.log_quotient_chunks[i]
            && o.quotient_chunks.iter().all(|c| c.len() == EXT_DEGREE)
            && match &o.preprocessed {
                None => pre_w == 0,
                Some(pp) => {
                    pre_w > 0
                        && pp.local.len() == pre_w
                        && pp.next.as_ref().map(Vec::len) == pre_next.then_some(pre_w)
                }
            }
            && ov[i].permutation_local.len() == perm_len
            && ov[i].permutation_next.len() == perm_len
            && p.lookup_terminals[i].is_some() == (n_lookups > 0);
        if !ok {
            return Err(shape(format!(
                "the opened values of AIR {:?} do not fit its shape",
                vk.air_names()[i]
            )));
        }
    }
    if let Some(g) = &common.preprocessed
        && g.instances.len() != n
    {
        return Err(shape("preprocessed metadata does not cover every AIR"));
    }

    // Inputs.
    b.phase("load proof values");
    let publics: Vec<Vec<B::F>> = load_publics(b);
    let opened: Vec<Opened<B>> = ov
        .iter()
        .map(|o| {
            let base = &o.base_opened_values;
            Opened {
                main: witness_exts(b, &base.trace_local),
                main_next: base.trace_next.as_ref().map(|v| witness_exts(b, v)),
                quotient: base
                    .quotient_chunks
                    .iter()
                    .map(|c| witness_exts(b, c))
                    .collect(),
                pre: base
                    .preprocessed
                    .as_ref()
                    .map(|pp| witness_exts(b, &pp.local)),
                pre_next: base
                    .preprocessed
                    .as_ref()
                    .and_then(|pp| pp.next.as_ref())
                    .map(|v| witness_exts(b, v)),
                perm: witness_exts(b, &o.permutation_local),
                perm_next: witness_exts(b, &o.permutation_next),
            }
        })
        .collect();

    // Transcript up to zeta.
    b.phase("transcript");
    let mut ch = Challenger::<B, H>::new(b);
    let separator = key_separator(&vk.digest());
    match key_inputs {
        None => ch.observe_constants(b, &separator),
        Some(k) => {
            ch.observe_constants(b, &separator[..separator.len() - DIGEST_LIMBS]);
            for v in &k.digest_limbs {
                ch.observe(b, v.clone());
            }
        }
    }
    let batch_shape = p3_batch_stark::BatchShape {
        trace_widths: airs.iter().map(|a| <A as BaseAir<Val>>::width(a)).collect(),
        public_value_counts: airs
            .iter()
            .map(|a| <A as BaseAir<Val>>::num_public_values(a))
            .collect(),
        preprocessed_widths: (0..n).map(|i| preprocessed_width(vk, i)).collect(),
        has_preprocessed_commitment: common.preprocessed.is_some(),
        num_lookup_instances: common.lookups.iter().filter(|l| !l.is_empty()).count(),
        lookup_pow_bits: params.lookup_pow_bits,
        has_randomization_commitment: false,
        ood_pow_bits: params.ood_pow_bits,
    };
    ch.observe_constants(b, &batch_seed(&batch_shape));
    for &db in &p.degree_bits {
        // Plonky3 absorbs each degree as an extension element: `db` then zeros.
        let mut coeffs = [Val::ZERO; EXT_DEGREE];
        coeffs[0] = Val::from_usize(db);
        ch.observe_constants(b, &coeffs);
    }
    let main_roots = witness_cap::<H, B>(b, H::commitment_roots(&p.commitments.main));
    ch.observe_cap(b, &main_roots);
    for pv in &publics {
        for v in pv {
            ch.observe(b, v.clone());
        }
    }
    let pre_roots: Option<Vec<<B as VerifierHash<H>>::Digest>> =
        common.preprocessed.as_ref().map(|g| match key_inputs {
            Some(k) => k.preprocessed_roots.clone(),
            None => H::commitment_roots(&g.commitment)
                .iter()
                .map(|d| b.digest_constant(d))
                .collect(),
        });
    if let Some(roots) = &pre_roots {
        ch.observe_cap(b, roots);
    }
    let challenges: Vec<Vec<B::EF>> = if has_lookups {
        let w = b.witness(p.lookup_pow_witness.expect("presence checked"));
        if params.lookup_pow_bits == 0 {
            b.assert_zero(&w, "a zero-bit lookup grinding witness is not zero");
        }
        ch.check_witness(b, params.lookup_pow_bits, &w, "lookup proof-of-work");
        let alpha = ch.sample_ext(b);
        let beta = ch.sample_ext(b);
        key.buses.challenges(b, &alpha, &beta)
    } else {
        vec![Vec::new(); n]
    };
    let perm_roots = p
        .commitments
        .permutation
        .as_ref()
        .map(|c| witness_cap::<H, B>(b, H::commitment_roots(c)));
    if let Some(roots) = &perm_roots {
        ch.observe_cap(b, roots);
    }
    let terminals: Vec<Option<B::EF>> = p
        .lookup_terminals
        .iter()
        .map(|t| t.as_ref().map(|t| b.witness_ext(t.0)))
        .collect();
    for t in terminals.iter().flatten() {
        ch.observe_ext(b, t);
    }
    let alpha = ch.sample_ext(b);
    let quotient_roots =
        witness_cap::<H, B>(b, H::commitment_roots(&p.commitments.quotient_chunks));
    ch.observe_cap(b, &quotient_roots);
    let ood_w = b.witness(p.ood_pow_witness);
    if params.ood_pow_bits == 0 {
        b.assert_zero(
            &ood_w,
            "a zero-bit out-of-domain grinding witness is not zero",
        );
    }
    ch.check_witness(
        b,
        params.ood_pow_bits,
        &ood_w,
        "out-of-domain proof-of-work",
    );
    let zeta = ch.sample_ext(b);

    // The opening argument.
    b.phase("opening points");
    let max_db = p.degree_bits.iter().copied().max().unwrap_or(0);
    let zeta_pows = square_powers(b, &zeta, max_db);
    let zeta_next: Vec<B::EF> = p
        .degree_bits
        .iter()
        .map(|&db| {
            let w = b.constant(Val::two_adic_generator(db));
            b.ext_mul_base(&zeta, &w)
        })
        .collect();
    let mut rounds: Vec<RoundClaim<B, H>> = Vec::new();
    rounds.push(RoundClaim {
        roots: main_roots,
        matrices: (0..n)
            .map(|i| {
                let mut points = vec![(zeta.clone(), opened[i].main.clone())];
                if let Some(next) = &opened[i].main_next {
                    points.push((zeta_next[i].clone(), next.clone()));
                }
                MatrixClaim {
                    log_height: p.degree_bits[i],
                    points,
                }
            })
            .collect(),
    });
    rounds.push(RoundClaim {
        roots: quotient_roots,
        matrices: (0..n)
            .flat_map(|i| {
                let db = p.degree_bits[i];
                let zeta = zeta.clone();
                opened[i].quotient.iter().map(move |c| MatrixClaim {
                    log_height: db,
                    points: vec![(zeta.clone(), c.clone())],
                })
            })
            .collect(),
    });
    if let (Some(g), Some(roots)) = (&common.preprocessed, pre_roots) {
        let mut matrices = Vec::new();
        for (matrix_index, &i) in g.matrix_to_instance.iter().enumerate() {
            let meta = g.instances[i]
                .as_ref()
                .filter(|m| m.matrix_index == matrix_index && m.degree_bits == p.degree_bits[i])
                .ok_or_else(|| shape("preprocessed metadata mismatch"))?;
            let local = opened[i]
                .pre
                .as_ref()
                .ok_or_else(|| shape("missing preprocessed openings"))?;
            let next = opened[i].pre_next.as_ref();
            let mut points = vec![(zeta.clone(), local.clone())];
            if let Some(next) = next {
                points.push((zeta_next[i].clone(), next.clone()));
            }
            matrices.push(MatrixClaim {
                log_height: meta.degree_bits,
                points,
            });
        }
        rounds.push(RoundClaim { roots, matrices });
    }
    if let Some(roots) = perm_roots {
        let matrices = (0..n)
            .filter(|&i| !opened[i].perm.is_empty())
            .map(|i| MatrixClaim {
                log_height: p.degree_bits[i],
                points: vec![
                    (zeta.clone(), opened[i].perm.clone()),
                    (zeta_next[i].clone(), opened[i].perm_next.clone()),
                ],
            })
            .collect();
        rounds.push(RoundClaim { roots, matrices });
    }
    verify_pcs(b, &mut ch, params, &rounds, H::fri_proof(&p.opening_proof))?;

    // Constraints at zeta.
    b.phase("constraints at zeta");
    for i in 0..n {
        let db = p.degree_bits[i];
        let (sels, inv_vanishing) = selectors(b, &zeta, &zeta_pows[db], db);
        let quotient = recompose_quotient(b, &opened[i].quotient, &zeta_pows[db], db);
        let perm: Vec<B::EF> = opened[i]
            .perm
            .chunks(EXT_DEGREE)
            .map(|c| recompose(b, c))
            .collect();
        let perm_next: Vec<B::EF> = opened[i]
            .perm_next
            .chunks(EXT_DEGREE)
            .map(|c| recompose(b, c))
            .collect();
        let zero = b.constant_ext(Challenge::ZERO);
        let main_next_zeros;
        let main_next: &[B::EF] = match &opened[i].main_next {
            Some(v) => v,
            None => {
                main_next_zeros = vec![zero.clone(); opened[i].main.len()];
                &main_next_zeros
            }
        };
        let pre_local: &[B::EF] = opened[i].pre.as_deref().unwrap_or(&[]);
        let pre_next_opt = opened[i].pre_next.as_ref();
        let pre_next_zeros;
        let pre_next: &[B::EF] = match pre_next_opt {
            Some(v) => v,
            None => {
                pre_next_zeros = vec![zero.clone(); pre_local.len()];
                &pre_next_zeros
            }
        };
        let perm_values: Vec<B::EF> = terminals[i].iter().cloned().collect();
        let inputs = OodInputs {
            main: [&opened[i].main, main_next],
            preprocessed: [pre_local, pre_next],
            permutation: [&perm, &perm_next],
            challenges: &challenges[i],
            permutation_values: &perm_values,
            public_values: &publics[i],
            selectors: sels,
        };
        let folded = fold_constraints(b, &key.constraints[i], &inputs, &alpha);
        let lhs = b.ext_mul(&folded, &inv_vanishing);
        b.assert_eq_ext(
            &lhs,
            &quotient,
            "the constraints at the out-of-domain point do not match the quotient",
        );
    }

    // LogUp: the terminals of all AIRs cancel.
    b.phase("LogUp terminal sum");
    let mut sum: Option<B::EF> = None;
    for t in terminals.iter().flatten() {
        sum = Some(match sum {
            None => t.clone(),
            Some(s) => b.ext_add(&s, t),
        });
    }
    if let Some(sum) = sum {
        b.assert_zero_ext(&sum, "the LogUp terminals do not sum to zero");
    }
    Ok(())
}
