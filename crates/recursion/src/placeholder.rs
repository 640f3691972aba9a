//! A proof of a given shape whose values are all zero: what the recording backend runs
//! the verifier on to record the recursion program from the key and the trace heights
//! alone.
//!
//! The shape is the one the verifier checks: per AIR the opened main, next, preprocessed,
//! quotient and permutation values; the commitments (one root each); one opened row per
//! query and committed matrix; the FRI rounds the heights give, their sibling values, the
//! final polynomial and the grinding witnesses. Merkle multi-openings are left empty: the
//! recording backend takes placeholder paths of full length instead.

use p3_air::BaseAir;
use p3_batch_stark::proof::{
    BatchCommitments, BatchOpenedValues, BatchProof, OpenedValuesWithLookups,
};
use p3_field::PrimeCharacteristicRing;
use p3_fri::{BatchMultiOpening, CommitPhaseMultiStep, FriProof, fold_schedule};
use p3_lookup::LookupTerminal;
use p3_merkle_tree::PrunedMerklePaths;
use p3_symmetric::MerkleCap;
use p3_uni_stark::{OpenedValues, PreprocessedOpenedValues};
use trellis_stark::{Challenge, Proof, StarkAir, Val};

use crate::backend::{EXT_DEGREE, RATE};
use crate::error::{RecursionVerifyError, shape};
use crate::verifier::{PreparedKey, preprocessed_width};

/// A zero proof for `key` with the trace heights `log_trace_heights` (one per AIR), and
/// zero public values of the right counts.
pub fn placeholder_proof<A: StarkAir>(
    key: &PreparedKey<'_, A>,
    log_trace_heights: &[usize],
) -> Result<(Proof, Vec<Vec<Val>>), RecursionVerifyError> {
    let vk = key.key();
    let params = vk.params();
    let common = vk.common_data();
    let airs = vk.airs();
    if log_trace_heights.len() != airs.len() {
        return Err(shape(format!(
            "{} trace heights for {} AIRs",
            log_trace_heights.len(),
            airs.len()
        )));
    }
    let zero = Challenge::ZERO;
    let cap = || MerkleCap::new(vec![[Val::ZERO; RATE]]);
    let no_paths = || PrunedMerklePaths::<Val, RATE> {
        sibling_hashes: Vec::new(),
    };
    let has_lookups = common.lookups.iter().any(|l| !l.is_empty());

    // Opened values and, per commitment, the widths of its matrices.
    let mut instances = Vec::with_capacity(airs.len());
    let (mut main_w, mut quotient_w, mut perm_w) = (Vec::new(), Vec::new(), Vec::new());
    for (i, air) in airs.iter().enumerate() {
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
        let chunks = 1usize << key.log_quotient_chunks[i];
        main_w.push(width);
        quotient_w.extend(std::iter::repeat_n(EXT_DEGREE, chunks));
        if perm_len > 0 {
            perm_w.push(perm_len);
        }
        instances.push(OpenedValuesWithLookups {
            base_opened_values: OpenedValues {
                trace_local: vec![zero; width],
                trace_next: has_next.then(|| vec![zero; width]),
                preprocessed: (pre_w > 0).then(|| PreprocessedOpenedValues {
                    local: vec![zero; pre_w],
                    next: pre_next.then(|| vec![zero; pre_w]),
                }),
                quotient_chunks: vec![vec![zero; EXT_DEGREE]; chunks],
                random: None,
            },
            permutation_local: vec![zero; perm_len],
            permutation_next: vec![zero; perm_len],
        });
    }
    let mut round_widths = vec![main_w, quotient_w];
    if let Some(g) = &common.preprocessed {
        round_widths.push(
            g.matrix_to_instance
                .iter()
                .map(|&i| preprocessed_width(vk, i))
                .collect(),
        );
    }
    if has_lookups {
        round_widths.push(perm_w);
    }
    let input_openings = round_widths
        .iter()
        .map(|widths| BatchMultiOpening {
            opened_values: vec![
                widths.iter().map(|&w| vec![Val::ZERO; w]).collect();
                params.num_queries
            ],
            opening_proof: no_paths(),
        })
        .collect();

    // FRI rounds, as the verifier derives them from the heights.
    let mut heights: Vec<usize> = log_trace_heights
        .iter()
        .map(|h| h + params.log_blowup)
        .collect();
    heights.sort_unstable_by(|a, b| b.cmp(a));
    heights.dedup();
    let log_arities = fold_schedule(
        &heights,
        params.log_blowup + params.log_final_poly_len,
        params.max_log_arity,
    );
    let opening_proof = FriProof {
        batch_pow_witness: Val::ZERO,
        commit_phase_commits: log_arities.iter().map(|_| cap()).collect(),
        commit_pow_witnesses: vec![Val::ZERO; log_arities.len()],
        input_openings,
        commit_phase_openings: log_arities
            .iter()
            .map(|&a| CommitPhaseMultiStep {
                sibling_values: vec![vec![zero; (1 << a) - 1]; params.num_queries],
                opening_proof: no_paths(),
            })
            .collect(),
        final_poly: vec![zero; 1 << params.log_final_poly_len],
        query_pow_witness: Val::ZERO,
    };

    let batch = BatchProof {
        commitments: BatchCommitments {
            main: cap(),
            permutation: has_lookups.then(cap),
            quotient_chunks: cap(),
            random: None,
        },
        opened_values: BatchOpenedValues { instances },
        opening_proof,
        lookup_terminals: common
            .lookups
            .iter()
            .map(|l| (!l.is_empty()).then_some(LookupTerminal(zero)))
            .collect(),
        degree_bits: log_trace_heights.to_vec(),
        lookup_pow_witness: has_lookups.then_some(Val::ZERO),
        ood_pow_witness: Val::ZERO,
    };
    let public_values = airs
        .iter()
        .map(|a| vec![Val::ZERO; <A as BaseAir<Val>>::num_public_values(a)])
        .collect();
    Ok((Proof::from_parts(vk.digest(), batch), public_values))
}
