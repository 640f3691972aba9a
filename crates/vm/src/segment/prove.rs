//! Keys, proofs and verification of segments, and of chains of segments.

use super::SegmentBoundary;
use super::shape::TraceHeights;
use crate::circuit::hash::Digest;
use crate::circuit::{Claim, SegmentClaim};
use crate::extension::Vm;
use crate::identity::ProgramBinding;
use crate::memory::GuestMemory;
use crate::memory_tree::MemoryTree;
use crate::prove::{ProofError, ProveStage, PublicValues};
use crate::trace::ExecutionTrace;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use trellis_isa::Program;
use trellis_stark::{
    DynAir, PrimeField32, Proof, ProofParams, ProvingKey, RowMajorMatrix, Val, VerifyingKey,
};

/// The proof of one segment and what it claims.
#[derive(Serialize, Deserialize, Debug)]
pub struct SegmentProof {
    /// Start and end of the segment, its roots, its public output.
    pub claim: Claim,
    /// The STARK proof.
    pub proof: Proof,
}

/// Why a chain of segment claims does not make one run.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ChainError {
    /// No segments at all.
    #[error("the proof has no segments")]
    Empty,
    /// A claim without its segment part.
    #[error("segment {index}: not a segment claim")]
    NotASegment {
        /// Position in the chain.
        index: usize,
    },
    /// The first segment does not start at the program's entry.
    #[error("segment 0 starts at pc {found:#x}, not at the program's entry {expected:#x}")]
    WrongEntry {
        /// The program's entry pc.
        expected: u32,
        /// The segment's start pc.
        found: u32,
    },
    /// The first segment's memory is not the program's initial image.
    #[error("segment 0 starts from a memory root that is not the program's initial memory")]
    WrongInitialMemory,
    /// A segment does not start where the previous one ended.
    #[error("segment {index} does not start where segment {} ended ({what})", index - 1)]
    Broken {
        /// Position in the chain.
        index: usize,
        /// What differs: "pc" or "memory root".
        what: &'static str,
    },
    /// A segment before the last one terminated.
    #[error("segment {index} ends the run, but {later} more segment(s) follow")]
    EndsEarly {
        /// Position in the chain.
        index: usize,
        /// Segments after it.
        later: usize,
    },
    /// A claim value that is not canonical (it aliases another mod p).
    #[error("segment {index}: {source}")]
    NonCanonical {
        /// Position in the chain.
        index: usize,
        /// What is wrong.
        source: crate::circuit::ClaimError,
    },
    /// The segments together reveal more than one run may.
    #[error("the segments reveal {total} bytes of public output, more than the {limit} a run may")]
    OutputTooLarge {
        /// Bytes revealed by all segments.
        total: usize,
        /// [`crate::io::MAX_PUBLIC_OUTPUT`].
        limit: usize,
    },
    /// The last segment did not terminate.
    #[error("the last segment ({index}) does not end with exit: the run is incomplete")]
    Unfinished {
        /// Position of the last segment.
        index: usize,
    },
}

/// Canonical `u32`s of a digest.
pub fn digest_words(digest: &Digest) -> [u32; 8] {
    digest.map(|v| v.as_canonical_u32())
}

/// The memory root of a program's initial state: zero registers and its image.
pub fn initial_memory_root(program: &Program) -> [u32; 8] {
    let memory = GuestMemory::with_image(&program.memory_image);
    digest_words(&MemoryTree::new(&[0; 32], &memory).root())
}

/// Checks that `claims` (in order) make one run of the program with entry
/// `entry_pc` and initial memory root `initial_root`, and returns what the
/// run claims: the exit code, the last pc, and the public output of all
/// segments in order.
pub fn verify_chain(
    entry_pc: u32,
    initial_root: [u32; 8],
    claims: &[&Claim],
) -> Result<Claim, ChainError> {
    let first = claims.first().ok_or(ChainError::Empty)?;
    if first.entry_pc != entry_pc {
        return Err(ChainError::WrongEntry {
            expected: entry_pc,
            found: first.entry_pc,
        });
    }
    let mut public_output = Vec::new();
    let mut previous: Option<(&Claim, SegmentClaim)> = None;
    for (index, claim) in claims.iter().enumerate() {
        let segment = claim.segment.ok_or(ChainError::NotASegment { index })?;
        claim
            .check_canonical()
            .map_err(|source| ChainError::NonCanonical { index, source })?;
        match previous {
            None if segment.initial_root != initial_root => {
                return Err(ChainError::WrongInitialMemory);
            }
            Some((prev, prev_segment)) => {
                if prev.final_pc != claim.entry_pc {
                    return Err(ChainError::Broken { index, what: "pc" });
                }
                if prev_segment.final_root != segment.initial_root {
                    return Err(ChainError::Broken {
                        index,
                        what: "memory root",
                    });
                }
            }
            None => {}
        }
        if segment.terminated && index + 1 < claims.len() {
            return Err(ChainError::EndsEarly {
                index,
                later: claims.len() - index - 1,
            });
        }
        public_output.extend_from_slice(&claim.public_output);
        if public_output.len() > crate::io::MAX_PUBLIC_OUTPUT {
            return Err(ChainError::OutputTooLarge {
                total: public_output.len(),
                limit: crate::io::MAX_PUBLIC_OUTPUT,
            });
        }
        previous = Some((claim, segment));
    }
    let (last, last_segment) = previous.expect("at least one segment");
    if !last_segment.terminated {
        return Err(ChainError::Unfinished {
            index: claims.len() - 1,
        });
    }
    Ok(Claim {
        entry_pc,
        final_pc: last.final_pc,
        exit_code: last.exit_code,
        public_output,
        segment: None,
    })
}

/// What a traced segment claims.
pub fn segment_claim(trace: &ExecutionTrace) -> Claim {
    let segment: &SegmentBoundary = trace
        .segment
        .as_ref()
        .expect("a segment trace has its boundary");
    Claim {
        entry_pc: segment.start_pc,
        final_pc: segment.end_pc,
        exit_code: segment.exit_code.unwrap_or(0),
        public_output: trace.result.public_output.clone(),
        segment: Some(SegmentClaim {
            terminated: segment.exit_code.is_some(),
            initial_root: digest_words(&segment.initial_root),
            final_root: digest_words(&segment.final_root),
        }),
    }
}

impl Vm {
    /// The AIRs of a segment proof, in chip order (`None`: for verifying only).
    pub fn segment_airs(&self, program: Option<&Program>) -> Vec<DynAir> {
        self.segment_chips(program)
            .iter()
            .map(|c| c.air())
            .collect()
    }

    /// Proving and verifying keys for segments of `program`: they commit to
    /// the chips and the program table, and bind the configuration, the
    /// entry pc and the initial memory root ([`crate::ProgramBinding`]),
    /// which the verifier of a chain reads back from the verifying key. A
    /// program the VM refuses to load ([`Vm::check_program`]) gets no key.
    pub fn segment_keygen(
        &self,
        program: &Program,
        params: &ProofParams,
    ) -> Result<(ProvingKey<DynAir>, VerifyingKey<DynAir>), ProofError> {
        self.check_program(program)?;
        let binding = self.program_binding(program).to_bytes();
        Ok(trellis_stark::keygen_bound(
            self.segment_airs(Some(program)),
            params,
            &binding,
        )?)
    }

    /// Reads a segment proving key file made for `program` on this VM, and
    /// its program binding: the load-time checks, the key rebuilt from the
    /// program (its digest must match the file's) and its binding must be
    /// `program`'s.
    pub fn read_segment_proving_key(
        &self,
        bytes: &[u8],
        program: &Program,
    ) -> Result<(ProvingKey<DynAir>, ProgramBinding), ProofError> {
        self.check_program(program)?;
        let pk = ProvingKey::from_bytes(bytes, self.segment_airs(Some(program)))?;
        let binding = ProgramBinding::from_bytes(pk.binding())?;
        binding.check_program(self, program)?;
        Ok((pk, binding))
    }

    /// Fills every chip's trace of a traced segment, and its claim.
    pub fn fill_segment_traces(
        &self,
        program: &Program,
        trace: &ExecutionTrace,
    ) -> (Vec<RowMajorMatrix<Val>>, PublicValues, Claim) {
        self.fill_segment_traces_at(program, trace, TraceHeights::Own)
            .expect("traces at their own heights always fill")
    }

    /// [`Vm::fill_segment_traces`], each trace padded to the height `heights` gives its
    /// table: refused ([`ProofError::Shape`]) if a table is taller than that, has a fixed
    /// height other than that, or no catalog shape fits.
    pub fn fill_segment_traces_at(
        &self,
        program: &Program,
        trace: &ExecutionTrace,
        heights: TraceHeights<'_>,
    ) -> Result<(Vec<RowMajorMatrix<Val>>, PublicValues, Claim), ProofError> {
        let claim = segment_claim(trace);
        let chips = self.segment_chips(Some(program));
        let (traces, public_values) =
            self.fill_chip_traces(&chips, program, trace, &claim, heights)?;
        Ok((traces, public_values, claim))
    }

    /// Proves one traced segment.
    pub fn prove_segment(
        &self,
        pk: &ProvingKey<DynAir>,
        program: &Program,
        trace: &ExecutionTrace,
    ) -> Result<SegmentProof, ProofError> {
        self.prove_segment_staged(pk, program, trace, &mut |_| {})
    }

    /// [`Vm::prove_segment`], telling `progress` each stage as it starts:
    /// [`ProveStage::TraceGeneration`], [`ProveStage::Proving`] (one call
    /// of Plonky3's batch prover: commitments, LogUp, quotient, FRI), then
    /// [`ProveStage::Verifying`].
    pub fn prove_segment_staged(
        &self,
        pk: &ProvingKey<DynAir>,
        program: &Program,
        trace: &ExecutionTrace,
        progress: &mut dyn FnMut(ProveStage),
    ) -> Result<SegmentProof, ProofError> {
        self.prove_segment_at(pk, program, trace, TraceHeights::Own, progress)
    }

    /// [`Vm::prove_segment_staged`] with every table padded to the height `heights` gives
    /// it ([`Vm::fill_segment_traces_at`]): the proof's trace heights are those.
    pub fn prove_segment_at(
        &self,
        pk: &ProvingKey<DynAir>,
        program: &Program,
        trace: &ExecutionTrace,
        heights: TraceHeights<'_>,
        progress: &mut dyn FnMut(ProveStage),
    ) -> Result<SegmentProof, ProofError> {
        progress(ProveStage::TraceGeneration);
        let (traces, public_values, claim) =
            self.fill_segment_traces_at(program, trace, heights)?;
        progress(ProveStage::Proving);
        let proof = self.prove_filled(pk, &traces, &public_values, progress)?;
        Ok(SegmentProof { claim, proof })
    }

    /// Reads a segment verifying key file for this configuration and its
    /// program binding (the digest covers both).
    pub fn read_segment_verifying_key(
        &self,
        bytes: &[u8],
    ) -> Result<(VerifyingKey<DynAir>, ProgramBinding), ProofError> {
        let vk = VerifyingKey::from_bytes(bytes, self.segment_airs(None))?;
        let binding = self.key_binding(vk.binding())?;
        Ok((vk, binding))
    }

    /// Checks one segment proof against its own claim (which must be
    /// canonical: [`Claim::check_canonical`]).
    pub fn verify_segment(
        &self,
        vk: &VerifyingKey<DynAir>,
        segment: &SegmentProof,
    ) -> Result<(), ProofError> {
        if segment.claim.segment.is_none() {
            return Err(ProofError::NotASegment);
        }
        segment.claim.check_canonical()?;
        let public_values = self.segment_public_values(&segment.claim);
        Ok(trellis_stark::verify(vk, &segment.proof, &public_values)?)
    }

    /// The public values (one vector per AIR, in key order) a segment proof of `claim`
    /// is checked against.
    pub fn segment_public_values(&self, claim: &Claim) -> Vec<Vec<Val>> {
        self.segment_chips(None)
            .iter()
            .map(|c| c.public_values(claim))
            .collect()
    }
}
