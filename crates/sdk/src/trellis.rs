//! [`Trellis`]: a transpiler and a VM built from one configuration.

use crate::config::{ConfigError, ConfigProblem, ExtensionRegistry, TrellisConfig};
use crate::error::SdkError;
use crate::prover::{ProveEvent, ProveOptions, ProveReport};
use crate::proving::{ProvingKey, TrellisProof, VerifyingKey, check_extensions};
use crate::verify_options::VerifyOptions;
use std::path::Path;
use trellis_isa::Program;
use trellis_stark::ProofParams;
use trellis_transpiler::Transpiler;
use trellis_vm::ProgramBinding;
use trellis_vm::circuit::Claim;
use trellis_vm::prove::ProofError;
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
    config: TrellisConfig,
    key_cache: Option<crate::aggregation_cache::AggregationKeyCache>,
}

impl Trellis {
    /// The base configuration: system + RV32IM ([`TrellisConfig::default`]).
    pub fn rv32im() -> Self {
        Self::from_config(&TrellisConfig::default())
            .expect("the default configuration has no conflicts")
    }

    /// The VM and transpiler of `config`, from the built-in extensions
    /// ([`crate::config::known_extensions`]).
    pub fn from_config(config: &TrellisConfig) -> Result<Self, SdkError> {
        Self::from_config_with(config, &crate::config::known_extensions())
    }

    /// Reads a `trellis.toml` and builds its VM and transpiler.
    pub fn from_config_file(path: &Path) -> Result<Self, SdkError> {
        Self::from_config(&TrellisConfig::from_file(path)?)
    }

    /// The VM and transpiler of `config` with the extensions of `registry`.
    ///
    /// Extensions are enabled in registry order, so the listed order does not
    /// change the machine or its keys. Every known extension left out is
    /// registered with the transpiler as disabled, so a program that uses it
    /// fails to transpile saying which line to add. Two enabled extensions
    /// that claim one VM opcode or one instruction encoding are rejected here,
    /// naming both.
    pub fn from_config_with(
        config: &TrellisConfig,
        registry: &ExtensionRegistry,
    ) -> Result<Self, SdkError> {
        config.validate(registry)?;
        let mut vm_config = VmConfig::new();
        let mut transpiler = Transpiler::new();
        for known in registry.iter() {
            if config.enables(known.name) {
                vm_config = vm_config.with_extension((known.vm)());
                transpiler = transpiler.with_extension((known.decoder)());
            } else {
                let hint = format!(
                    "add \"{}\" to [vm] extensions in {}",
                    known.name,
                    crate::config::CONFIG_FILE_NAME
                );
                transpiler = transpiler.with_disabled_extension((known.decoder)(), hint);
            }
        }
        let conflict = |problem| ConfigError {
            origin: config.origin(),
            location: None,
            problem,
        };
        let vm = Vm::new(vm_config).map_err(|e| conflict(ConfigProblem::OpcodeConflict(e)))?;
        transpiler
            .check_overlaps()
            .map_err(|e| conflict(ConfigProblem::DecoderConflict(e)))?;
        Ok(Self {
            transpiler,
            vm,
            config: config.clone(),
            key_cache: None,
        })
    }

    /// Keeps the root keys of aggregation key sets in `cache` (none: no cache, the
    /// default): aggregating saves them, verifying an aggregated proof loads them instead
    /// of making the keys again ([`crate::aggregation_cache`]).
    pub fn with_aggregation_key_cache(
        mut self,
        cache: Option<crate::aggregation_cache::AggregationKeyCache>,
    ) -> Self {
        self.key_cache = cache;
        self
    }

    /// The aggregation key cache, if any.
    pub fn aggregation_key_cache(&self) -> Option<&crate::aggregation_cache::AggregationKeyCache> {
        self.key_cache.as_ref()
    }

    /// The configuration the VM and transpiler were built from.
    pub fn config(&self) -> &TrellisConfig {
        &self.config
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
    /// bound to the configuration, the entry pc and the memory root of the
    /// program's initial state; their digest is the program id. A program
    /// the VM refuses to load gets no key, with the error loading gives.
    pub fn keygen(
        &self,
        program: &Program,
        params: &ProofParams,
    ) -> Result<(ProvingKey, VerifyingKey), SdkError> {
        let (pk, vk) = self
            .vm
            .segment_keygen(program, params)
            .map_err(|e| match e {
                ProofError::Program(e) => SdkError::PreDecode(e),
                e => e.into(),
            })?;
        let binding = ProgramBinding::from_bytes(pk.binding()).map_err(ProofError::from)?;
        Ok((
            ProvingKey {
                stark: pk,
                binding: binding.clone(),
            },
            VerifyingKey { stark: vk, binding },
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
        check_extensions(&self.vm, &pk.extensions(), Path::new("proving key"))?;
        let loaded = self.prepare(program)?;
        crate::prover::prove_run(&self.vm, pk, program, &loaded, input, options, progress)
    }

    /// [`Trellis::prove`], then writes the proof file to `output`
    /// atomically and only then removes the work directory: a failed write
    /// (a full disk) leaves no truncated proof and loses no finished
    /// segment. Returns the report and the proof file's bytes.
    pub fn prove_to_file(
        &self,
        pk: &ProvingKey,
        program: &Program,
        input: &[u8],
        options: &ProveOptions,
        output: &Path,
        progress: &(dyn Fn(ProveEvent) + Sync),
    ) -> Result<(ProveReport, Vec<u8>), SdkError> {
        check_extensions(&self.vm, &pk.extensions(), Path::new("proving key"))?;
        let loaded = self.prepare(program)?;
        crate::prover::prove_run_to_file(
            &self.vm, pk, program, &loaded, input, options, output, progress,
        )
    }

    /// Proves a run and aggregates its segment proofs into one proof
    /// ([`Trellis::aggregate`]), written to `output` (an [`crate::AggregatedProof`]
    /// file). With a work directory in `options`, finished segment proofs and
    /// finished aggregation nodes are kept there until the file is written, so an
    /// interrupted run resumes from both. Returns the report and the file's bytes.
    pub fn prove_aggregated_to_file(
        &self,
        pk: &ProvingKey,
        program: &Program,
        input: &[u8],
        options: &ProveOptions,
        output: &Path,
        progress: &(dyn Fn(ProveEvent) + Sync),
    ) -> Result<(ProveReport, Vec<u8>), SdkError> {
        check_extensions(&self.vm, &pk.extensions(), Path::new("proving key"))?;
        let loaded = self.prepare(program)?;
        let vk = pk.verifying_key(&self.vm)?;
        if let Some(catalog) = &options.shape_catalog {
            // Refused before proving: the aggregation keys are made from the catalog.
            crate::ShapeCatalogFile {
                tables: vk.stark().air_names().to_vec(),
                shapes: catalog.clone(),
            }
            .shapes_for(&vk)?;
        }
        let aggregate = |proof: &TrellisProof,
                         dir: Option<&crate::prover::WorkDir>|
         -> Result<Vec<u8>, SdkError> {
            let store = dir.map(|d| d as &dyn trellis_recursion::aggregate::NodeStore);
            let catalog = options.shape_catalog.as_deref();
            let aggregated = self.aggregate_in_catalog(&vk, proof, catalog, store, &|event| {
                progress(ProveEvent::Aggregation(event))
            })?;
            Ok(aggregated.to_bytes())
        };
        crate::prover::prove_run_aggregated_to_file(
            &self.vm, pk, program, &loaded, input, options, output, &aggregate, progress,
        )
    }

    /// Aggregates the segment proofs of the proof file `proof_bytes` (read from
    /// `proof_path`) into one proof written to `output`, keeping finished nodes in
    /// `work_dir` (if given) until the file is written, so that an interrupted
    /// aggregation resumes. With `catalog`, the segments must have been proven against
    /// that shape catalog and the keys are made from all of it
    /// ([`Trellis::aggregate_in_catalog`]). Returns the aggregated proof.
    #[allow(clippy::too_many_arguments)]
    pub fn aggregate_to_file(
        &self,
        vk: &VerifyingKey,
        proof_bytes: &[u8],
        proof_path: &Path,
        output: &Path,
        work_dir: Option<&Path>,
        catalog: Option<&[Vec<u8>]>,
        progress: &dyn Fn(trellis_recursion::aggregate::AggregationEvent),
    ) -> Result<crate::AggregatedProof, SdkError> {
        let proof = TrellisProof::from_bytes(proof_bytes, proof_path)?;
        let dir = match work_dir {
            Some(path) => {
                let manifest =
                    crate::prover::Manifest::for_aggregation(proof_bytes, vk.stark().digest());
                Some(crate::prover::WorkDir::open(path, &manifest)?.0)
            }
            None => None,
        };
        let store = dir
            .as_ref()
            .map(|d| d as &dyn trellis_recursion::aggregate::NodeStore);
        let aggregated = match self.aggregate_in_catalog(vk, &proof, catalog, store, progress) {
            Ok(a) => a,
            Err(e) => {
                if let Some(dir) = dir {
                    dir.remove_if_unused()?;
                }
                return Err(e);
            }
        };
        crate::files::write_atomic(output, &aggregated.to_bytes())?;
        if let Some(dir) = dir {
            dir.remove()?;
        }
        Ok(aggregated)
    }

    /// [`Trellis::verify`] after checking the key against `options`: by
    /// default a key made with the insecure test parameters is refused
    /// ([`SdkError::InsecureKey`]). Use this for keys read from files.
    pub fn verify_with(
        &self,
        vk: &VerifyingKey,
        proof: &TrellisProof,
        options: &VerifyOptions,
    ) -> Result<Claim, SdkError> {
        options.check_key(vk)?;
        self.verify(vk, proof)
    }

    /// Checks a proof against a verifying key: that it is for the key's
    /// program id, that every claim value is canonical, every segment
    /// proof, and that they chain from the program's entry and initial
    /// memory to an exit. Returns the proven claim.
    ///
    /// Accepts any key that exists, including one made in this process with
    /// the insecure test parameters; [`Trellis::verify_with`] refuses those
    /// unless allowed by name.
    pub fn verify(&self, vk: &VerifyingKey, proof: &TrellisProof) -> Result<Claim, SdkError> {
        check_extensions(&self.vm, &vk.extensions(), Path::new("verifying key"))?;
        vk.binding()
            .check_config(&self.vm)
            .map_err(|e| SdkError::Proof(e.into()))?;
        if proof.program_id != vk.program_id() {
            return Err(SdkError::ProgramMismatch {
                expected: vk.program_id(),
                claimed: proof.program_id,
            });
        }
        proof
            .claim
            .check_canonical()
            .map_err(|e| SdkError::Proof(e.into()))?;
        if proof.claim.entry_pc != vk.entry_pc() {
            return Err(SdkError::EntryMismatch {
                expected: vk.entry_pc(),
                claimed: proof.claim.entry_pc,
            });
        }
        for (index, segment) in proof.segments.iter().enumerate() {
            self.vm
                .verify_segment(&vk.stark, segment)
                .map_err(|e| SdkError::SegmentRejected {
                    index,
                    source: Box::new(e),
                })?;
        }
        let claims: Vec<_> = proof.segments.iter().map(|s| &s.claim).collect();
        let claim = trellis_vm::segment::verify_chain(vk.entry_pc(), vk.initial_root(), &claims)
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
