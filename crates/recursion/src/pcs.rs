//! The opening argument (Plonky3's `TwoAdicFriPcs::verify`): absorb every claimed
//! evaluation, grind, draw the batching challenge `alpha`, then run FRI on the
//! reduced openings.

use p3_fri::PcsShape;
use trellis_stark::{BabyBearPoseidon2, ProofParams};

use crate::error::RecursionVerifyError;
use crate::family::{FriProofOf, VerifierFamily};
use crate::fri::verify_fri;
use crate::hash::VerifierHash;
use crate::seeds::pcs_seed;
use crate::transcript::Challenger;

/// One committed matrix and what is claimed about it.
pub struct MatrixClaim<B: crate::backend::VerifierBackend> {
    /// log2 of the matrix's domain (its trace height); the committed LDE is `log_blowup`
    /// taller.
    pub log_height: usize,
    /// Opening points with the claimed evaluation of every column there.
    pub points: Vec<(B::EF, Vec<B::EF>)>,
}

/// One commitment and its matrices, in commitment order.
pub struct RoundClaim<B: VerifierHash<H>, H: VerifierFamily = BabyBearPoseidon2> {
    /// The roots of the commitment's Merkle cap.
    pub roots: Vec<<B as VerifierHash<H>>::Digest>,
    /// The committed matrices.
    pub matrices: Vec<MatrixClaim<B>>,
}

/// Verifies `proof` opens every round's matrices at its points to the claimed values.
pub fn verify_pcs<H: VerifierFamily, B: VerifierHash<H>>(
    b: &mut B,
    ch: &mut Challenger<B, H>,
    params: &ProofParams,
    rounds: &[RoundClaim<B, H>],
    proof: &FriProofOf<H>,
) -> Result<(), RecursionVerifyError> {
    b.phase("transcript");
    // A grinding site of zero bits reads no witness; the witness must then be zero.
    let pinned = [
        (params.batch_pow_bits, vec![proof.batch_pow_witness]),
        (params.commit_pow_bits, proof.commit_pow_witnesses.clone()),
        (params.query_pow_bits, vec![proof.query_pow_witness]),
    ];
    for (bits, witnesses) in pinned {
        if bits == 0 {
            for w in witnesses {
                let w = b.witness(w);
                b.assert_zero(&w, "a zero-bit FRI grinding witness is not zero");
            }
        }
    }

    let shape = PcsShape {
        claimed_evaluation_counts: rounds
            .iter()
            .map(|r| {
                r.matrices
                    .iter()
                    .map(|m| m.points.iter().map(|(_, v)| v.len()).collect())
                    .collect()
            })
            .collect(),
        batch_pow_bits: params.batch_pow_bits,
    };
    ch.observe_constants(b, &pcs_seed(&shape));
    for round in rounds {
        for matrix in &round.matrices {
            for (_, values) in &matrix.points {
                for v in values {
                    ch.observe_ext(b, v);
                }
            }
        }
    }
    if params.batch_pow_bits > 0 {
        let w = b.witness(proof.batch_pow_witness);
        ch.check_witness(
            b,
            params.batch_pow_bits,
            &w,
            "FRI batching proof-of-work witness",
        );
    }
    let alpha = ch.sample_ext(b);
    verify_fri(b, ch, params, rounds, &alpha, proof)
}
