//! Keys, proofs and verification of whole runs: the tracing execution mode,
//! trace generation per chip (in parallel) and the multi-AIR STARK.

use crate::circuit::{Chip, Claim, LookupCounters, TraceContext};
use crate::error::ExecError;
use crate::extension::Vm;
use crate::io::HostIo;
use crate::loaded::LoadedProgram;
use crate::run::{ExecOptions, ExecutionResult};
use crate::segment::shape::TraceHeights;
use crate::trace::ExecutionTrace;
use rayon::prelude::*;
use thiserror::Error;
use trellis_isa::Program;
use trellis_stark::{
    DynAir, Matrix, Proof, ProofParams, ProvingKey, RowMajorMatrix, Val, VerifyingKey,
};

/// One public-value vector per chip, in chip order.
pub type PublicValues = Vec<Vec<Val>>;

/// Why keys could not be made, or a run not proven or verified.
#[derive(Debug, Error)]
pub enum ProofError {
    /// The run itself failed.
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// Key generation failed.
    #[error("key generation failed: {0}")]
    Keygen(#[from] trellis_stark::KeygenError),
    /// Proving failed (a constraint or bus check names the chip and row).
    #[error("proving failed: {0}")]
    Prove(#[from] trellis_stark::ProveError),
    /// The proof does not verify (the verifier's message says why, and
    /// starts "proof rejected" where the checks themselves failed).
    #[error(transparent)]
    Verify(#[from] trellis_stark::VerifyError),
    /// A segment proof whose claim has no segment part.
    #[error("not a segment proof: its claim has no segment boundary")]
    NotASegment,
    /// The VM refuses the program (the checks of loading it): no key is made.
    #[error(transparent)]
    Program(#[from] crate::error::PreDecodeError),
    /// A claim value that is not canonical (aliases another mod p).
    #[error("claim rejected: {0}")]
    Claim(#[from] crate::circuit::ClaimError),
    /// A key file that cannot be read or does not hash to its digest.
    #[error(transparent)]
    KeyFile(#[from] trellis_stark::FileError),
    /// A key whose program binding does not fit this VM or program.
    #[error(transparent)]
    Binding(#[from] crate::identity::BindingError),
    /// A segment that cannot be proven at the shape asked for (a table taller than the
    /// shape's, a fixed-height table at another height, or a shape for other chips).
    #[error("the segment does not fit the shape asked for: {0}")]
    Shape(String),
    /// A whole-run claim whose entry pc is not the key's program's.
    #[error("claim starts at pc {claimed:#010x}, but the key's program starts at {expected:#010x}")]
    EntryMismatch {
        /// From the key's binding.
        expected: u32,
        /// From the claim.
        claimed: u32,
    },
}

/// The progress stages of a proof, for callers that show progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProveStage {
    /// Running the program in tracing mode.
    Execution,
    /// Filling every chip's trace.
    TraceGeneration,
    /// Committing, computing the quotient and opening (the STARK itself).
    Proving,
    /// Verifying the proof just made (and, only if that fails, checking
    /// every constraint and bus to name the chip and row at fault).
    Verifying,
}

/// `trace`, `chip`'s, padded to `2^log_height` rows.
fn pad_to_shape(
    chip: &dyn Chip,
    trace: RowMajorMatrix<Val>,
    log_height: u8,
) -> Result<RowMajorMatrix<Val>, ProofError> {
    let (height, target) = (trace.height(), 1usize.checked_shl(log_height.into()));
    match target {
        Some(target) if target == height => Ok(trace),
        Some(target) if target > height => chip
            .pad_trace(trace, target)
            .filter(|padded| padded.height() == target)
            .ok_or_else(|| {
                ProofError::Shape(format!(
                    "the {} table has a fixed height of {height} rows, not 2^{log_height}",
                    chip.name()
                ))
            }),
        _ => Err(ProofError::Shape(format!(
            "the {} table has {height} rows, more than the shape's 2^{log_height}",
            chip.name()
        ))),
    }
}

impl Vm {
    /// The AIRs of the configuration, in chip order (`None`: for verifying only).
    pub fn airs(&self, program: Option<&Program>) -> Vec<DynAir> {
        self.chips(program).iter().map(|c| c.air()).collect()
    }

    /// Proving and verifying keys for `program`: the verifying key commits to
    /// the chips (the configuration), to the program's preprocessed tables
    /// and to its [`ProgramBinding`](crate::ProgramBinding). A program the VM
    /// refuses to load ([`Vm::check_program`]) gets no key.
    pub fn keygen(
        &self,
        program: &Program,
        params: &ProofParams,
    ) -> Result<(ProvingKey<DynAir>, VerifyingKey<DynAir>), ProofError> {
        self.check_program(program)?;
        let binding = self.program_binding(program).to_bytes();
        Ok(trellis_stark::keygen_bound(
            self.airs(Some(program)),
            params,
            &binding,
        )?)
    }

    /// Runs `program` in tracing mode and fills every chip's trace.
    pub fn generate_traces(
        &self,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
    ) -> Result<(ExecutionResult, Vec<RowMajorMatrix<Val>>, PublicValues), ProofError> {
        let trace = self.execute_traced(program, io, options)?;
        let (traces, public_values) = self.fill_traces(&program.program, &trace);
        Ok((trace.result, traces, public_values))
    }

    /// Fills every chip's trace (in parallel; lookup tables last) and the
    /// public values, from a traced run of `program`.
    pub fn fill_traces(
        &self,
        program: &Program,
        trace: &ExecutionTrace,
    ) -> (Vec<RowMajorMatrix<Val>>, PublicValues) {
        let claim = Claim::of_run(program.entry_pc, &trace.result);
        self.fill_chip_traces(
            &self.chips(Some(program)),
            program,
            trace,
            &claim,
            TraceHeights::Own,
        )
        .expect("traces at their own heights always fill")
    }

    /// Fills the traces of `chips` (in parallel; lookup tables last) and
    /// their public values for `claim`, each trace padded to the height
    /// `heights` gives its table ([`Chip::pad_trace`]).
    pub(crate) fn fill_chip_traces(
        &self,
        chips: &[Box<dyn Chip>],
        program: &Program,
        trace: &ExecutionTrace,
        claim: &Claim,
        heights: TraceHeights<'_>,
    ) -> Result<(Vec<RowMajorMatrix<Val>>, PublicValues), ProofError> {
        let tables = match heights {
            TraceHeights::Own => chips.len(),
            TraceHeights::Shape(shape) => shape.len(),
            TraceHeights::Catalog(catalog) => catalog.fixed().len(),
        };
        if tables != chips.len() {
            return Err(ProofError::Shape(format!(
                "{tables} heights for {} tables",
                chips.len()
            )));
        }
        let counters = LookupCounters::new();
        let ctx = TraceContext::new(program, trace, &counters, |slot| {
            self.registered()[slot as usize].entry.chip
        });
        let fill = |chip: &dyn Chip| chip.generate_trace(&ctx);
        let mut traces: Vec<Option<RowMajorMatrix<Val>>> = chips
            .par_iter()
            .map(|c| (!c.is_lookup_table()).then(|| fill(c.as_ref())))
            .collect();
        for (slot, chip) in traces.iter_mut().zip(chips) {
            if chip.is_lookup_table() {
                *slot = Some(fill(chip.as_ref()));
            }
        }
        let public_values = chips.iter().map(|c| c.public_values(claim)).collect();
        let traces: Vec<_> = traces
            .into_iter()
            .map(|t| t.expect("every chip filled"))
            .collect();
        let shape = match heights {
            TraceHeights::Own => return Ok((traces, public_values)),
            TraceHeights::Shape(shape) => shape,
            TraceHeights::Catalog(catalog) => {
                let own: Vec<u8> = traces
                    .iter()
                    .map(|t| t.height().trailing_zeros() as u8)
                    .collect();
                catalog.cover(&own).ok_or_else(|| {
                    ProofError::Shape(format!(
                        "no shape of the catalog fits the segment's tables (log2 heights {own:?})"
                    ))
                })?
            }
        };
        let traces = traces
            .into_iter()
            .zip(chips)
            .zip(shape)
            .map(|((t, chip), &log_height)| pad_to_shape(chip.as_ref(), t, log_height))
            .collect::<Result<_, _>>()?;
        Ok((traces, public_values))
    }

    /// Proves filled traces with [`trellis_stark::prove_self_checked`]: the unchecked
    /// prover, then the proof's own verification; only if that fails, the row-by-row
    /// checks that name the chip and row at fault. `progress` hears
    /// [`ProveStage::Verifying`] once the prover returns.
    pub(crate) fn prove_filled(
        &self,
        pk: &ProvingKey<DynAir>,
        traces: &[RowMajorMatrix<Val>],
        public_values: &PublicValues,
        progress: &mut dyn FnMut(ProveStage),
    ) -> Result<Proof, ProofError> {
        Ok(trellis_stark::prove_self_checked(
            pk,
            traces,
            public_values,
            &mut || progress(ProveStage::Verifying),
        )?)
    }

    /// Runs and proves a program; `progress` is told each stage as it starts.
    pub fn prove(
        &self,
        pk: &ProvingKey<DynAir>,
        program: &LoadedProgram,
        io: HostIo,
        options: &ExecOptions,
        progress: &mut dyn FnMut(ProveStage),
    ) -> Result<(ExecutionResult, Proof), ProofError> {
        progress(ProveStage::Execution);
        let trace = self.execute_traced(program, io, options)?;
        progress(ProveStage::TraceGeneration);
        let (traces, public_values) = self.fill_traces(&program.program, &trace);
        progress(ProveStage::Proving);
        let result = trace.result;
        let proof = self.prove_filled(pk, &traces, &public_values, progress)?;
        Ok((result, proof))
    }

    /// Reads a verifying key file for this configuration (its digest and
    /// its program binding checked).
    pub fn read_verifying_key(&self, bytes: &[u8]) -> Result<VerifyingKey<DynAir>, ProofError> {
        let vk = VerifyingKey::from_bytes(bytes, self.airs(None))?;
        self.key_binding(vk.binding())?;
        Ok(vk)
    }

    /// Checks that `proof` shows a run of the program behind `vk` ending
    /// with `claim`: the claim must be canonical and start at the key's
    /// entry pc.
    pub fn verify(
        &self,
        vk: &VerifyingKey<DynAir>,
        proof: &Proof,
        claim: &Claim,
    ) -> Result<(), ProofError> {
        claim.check_canonical()?;
        let binding = self.key_binding(vk.binding())?;
        if claim.entry_pc != binding.entry_pc {
            return Err(ProofError::EntryMismatch {
                expected: binding.entry_pc,
                claimed: claim.entry_pc,
            });
        }
        let public_values: Vec<Vec<Val>> = self
            .chips(None)
            .iter()
            .map(|c| c.public_values(claim))
            .collect();
        Ok(trellis_stark::verify(vk, proof, &public_values)?)
    }
}
