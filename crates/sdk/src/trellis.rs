//! [`Trellis`]: a transpiler and a VM built from one configuration.

use crate::error::SdkError;
use std::path::Path;
use trellis_isa::Program;
use trellis_transpiler::Transpiler;
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

impl Default for Trellis {
    fn default() -> Self {
        Self::rv32im()
    }
}
