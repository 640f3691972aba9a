//! [`Trellis`]: a transpiler and a VM built from one configuration.

use crate::error::SdkError;
use crate::prover::{ProveEvent, ProveOptions, ProveReport};
use crate::proving::{ProvingKey, TrellisProof, VerifyingKey};
use std::path::Path;
use trellis_isa::Program;
use trellis_stark::ProofParams;
use trellis_transpiler::Transpiler;
use trellis_vm::circuit::Claim;
use trellis_vm::{ExecOptions, ExecutionResult, HostIo, LoadedProgram, Metrics, Vm, VmConfig};

/// First bytes of every ELF file.
const ELF_MAGIC: &[u8; 4] = b"\x7fELF";

/// True if `bytes` start like an ELF file.
pub fn is_elf(bytes: &[u8]) -> bool {
    bytes.starts_with(ELF_MAGIC)
}

/// The transpiler and VM of one configuration.
pub struct Trellis {
    transpiler: Transpiler,
    vm: Vm,
}

impl Trellis {
    /// The base configuration: system + RV32IM.
    pub fn rv32im() -> Self {
        let transpiler = Transpiler::new().with_extension(trellis_rv32im::decoder::Rv32imDecoder);
        let config = VmConfig::new().with_extension(trellis_rv32im::Rv32im);
        let vm = Vm::new(config).expect("the base configuration has no opcode conflicts");
        Self { transpiler, vm }
    }

    /// The VM.
    pub fn vm(&self) -> &Vm {
        &self.vm
    }

    /// The transpiler.
    pub fn transpiler(&self) -> &Transpiler {
        &self.transpiler
    }

    /// Transpiles ELF bytes; `path` only labels errors.
    pub fn transpile(&self, elf: &[u8], path: &Path) -> Result<Program, SdkError> {
        self.transpiler
            .transpile(elf)
            .map_err(|source| SdkError::Transpile {
                path: path.into(),
                source,
            })
    }

    /// Reads a program from an ELF or a Trellis program file (told apart by their magic).
    pub fn load_program(&self, path: &Path) -> Result<Program, SdkError> {
        let bytes = std::fs::read(path).map_err(|source| SdkError::Io {
            path: path.into(),
            source,
        })?;
        if is_elf(&bytes) {
            self.transpile(&bytes, path)
        } else {
            Ok(Program::from_file_bytes(&bytes, path)?)
        }
    }

    /// Pre-decodes a program for repeated runs.
    pub fn prepare(&self, program: &Program) -> Result<LoadedProgram, SdkError> {
        Ok(self.vm.load(program)?)
    }

    /// Runs a program in pure mode with captured output.
    pub fn execute(
        &self,
        program: &Program,
        input: Vec<u8>,
        options: &ExecOptions,
    ) -> Result<ExecutionResult, SdkError> {
        let loaded = self.prepare(program)?;
        Ok(self.vm.execute(&loaded, HostIo::captured(input), options)?)
    }

    /// Runs a program in metered mode with captured output.
    pub fn execute_metered(
        &self,
        program: &Program,
        input: Vec<u8>,
        options: &ExecOptions,
    ) -> Result<(ExecutionResult, Metrics), SdkError> {
        let loaded = self.prepare(program)?;
        Ok(self
            .vm
            .execute_metered(&loaded, HostIo::captured(input), options)?)
    }
}

impl Trellis {
    /// Proving and verifying keys for `program` with `params`
    /// ([`ProofParams::production`] unless testing): the segment STARK keys,
    /// the entry pc and the memory root of the program's initial state.
    pub fn keygen(
        &self,
        program: &Program,
        params: &ProofParams,
    ) -> Result<(ProvingKey, VerifyingKey), SdkError> {
        let (pk, vk) = self.vm.segment_keygen(program, params)?;
        let entry_pc = program.entry_pc;
        let initial_root = trellis_vm::segment::prove::initial_memory_root(program);
        Ok((
            ProvingKey {
                stark: pk,
                entry_pc,
                initial_root,
            },
            VerifyingKey {
                stark: vk,
                entry_pc,
                initial_root,
            },
        ))
    }

    /// Runs `program` on `input` and proves the run as a chain of segments
    /// (see [`crate::prover`]); `progress` hears every step, from any thread.
    pub fn prove(
        &self,
        pk: &ProvingKey,
        program: &Program,
        input: &[u8],
        options: &ProveOptions,
        progress: &(dyn Fn(ProveEvent) + Sync),
    ) -> Result<(ProveReport, TrellisProof), SdkError> {
        let loaded = self.prepare(program)?;
        crate::prover::prove_run(&self.vm, pk, program, &loaded, input, options, progress)
    }

    /// Checks a proof against a verifying key: every segment proof, and
    /// that they chain from the program's entry and initial memory to an
    /// exit. Returns the proven claim.
    pub fn verify(&self, vk: &VerifyingKey, proof: &TrellisProof) -> Result<Claim, SdkError> {
        if proof.claim.entry_pc != vk.entry_pc {
            return Err(SdkError::EntryMismatch {
                expected: vk.entry_pc,
                claimed: proof.claim.entry_pc,
            });
        }
        for (index, segment) in proof.segments.iter().enumerate() {
            self.vm
                .verify_segment(&vk.stark, segment)
                .map_err(|e| SdkError::Chain(format!("segment {index}: {e}")))?;
        }
        let claims: Vec<_> = proof.segments.iter().map(|s| &s.claim).collect();
        let claim = trellis_vm::segment::verify_chain(vk.entry_pc, vk.initial_root, &claims)
            .map_err(|e| SdkError::Chain(e.to_string()))?;
        if claim != proof.claim {
            return Err(SdkError::Chain(
                "the proof's stated result differs from what its segments prove".into(),
            ));
        }
        Ok(claim)
    }
}

impl Default for Trellis {
    fn default() -> Self {
        Self::rv32im()
    }
}
