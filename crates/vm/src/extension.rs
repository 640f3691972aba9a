//! The extension registry: which executor runs which opcode.

use crate::error::{PreDecodeError, VmBuildError};
use crate::executor::{ExecutorEntry, Op, TracedHandler};
use crate::loaded::LoadedProgram;
use crate::memory::{MEMORY_GUARD, MEMORY_LIMIT, in_bounds};
use crate::system::SystemExtension;
use std::sync::Arc;
use trellis_isa::{Opcode, Program};

/// Highest number of distinct opcodes one VM can register (dense tables).
pub const MAX_OPCODES: usize = 1 << 12;

/// A bundle of executors (and, in other crates, decoders, circuits and guest
/// libraries) that adds instructions to the machine.
pub trait VmExtension: Send + Sync {
    /// Name used in errors and listings.
    fn name(&self) -> &'static str;
    /// Version of what the extension's proofs mean, covered by every
    /// program id ([`crate::identity`]). Changing an AIR already changes the
    /// ids; bump this when the meaning of a proof changes without its AIRs
    /// changing (e.g. how the claim is read from its public values).
    fn version(&self) -> u32 {
        1
    }
    /// Every opcode the extension executes.
    fn executors(&self) -> Vec<ExecutorEntry>;
    /// The chips that prove this extension's instructions. Tables built
    /// from the program (its code, its initial memory) get `Some(program)`
    /// when proving and `None` when only verifying: their constraints must
    /// not depend on it, only their preprocessed columns (committed in the
    /// verifying key).
    fn chips(&self, _program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        Vec::new()
    }
    /// The chips of a segment proof (continuations): the same as
    /// [`VmExtension::chips`] unless the extension proves something at the
    /// boundary of a run (only the system extension does).
    fn segment_chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        self.chips(program)
    }
}

/// A boxed extension is an extension, so registries can hand out `Box<dyn VmExtension>`.
impl VmExtension for Box<dyn VmExtension> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn version(&self) -> u32 {
        (**self).version()
    }
    fn executors(&self) -> Vec<ExecutorEntry> {
        (**self).executors()
    }
    fn chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        (**self).chips(program)
    }
    fn segment_chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        (**self).segment_chips(program)
    }
}

/// Which extensions a VM has. The system extension is always included.
#[derive(Clone)]
pub struct VmConfig {
    extensions: Vec<Arc<dyn VmExtension>>,
}

impl Default for VmConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl VmConfig {
    /// A configuration with only the system extension.
    pub fn new() -> Self {
        Self {
            extensions: vec![Arc::new(SystemExtension)],
        }
    }

    /// Adds an extension.
    pub fn with_extension(mut self, extension: impl VmExtension + 'static) -> Self {
        self.extensions.push(Arc::new(extension));
        self
    }

    /// Names of the extensions, in registration order.
    pub fn extension_names(&self) -> Vec<&'static str> {
        self.extensions.iter().map(|e| e.name()).collect()
    }

    /// The extensions, in registration order.
    pub fn extensions(&self) -> impl Iterator<Item = &dyn VmExtension> {
        self.extensions.iter().map(|e| e.as_ref())
    }
}

/// One registered opcode.
#[derive(Clone)]
pub struct Registered {
    /// The executor entry.
    pub entry: ExecutorEntry,
    /// The extension that registered it.
    pub extension: &'static str,
}

/// A machine built from a configuration, ready to load programs.
#[derive(Clone)]
pub struct Vm {
    /// Registered opcodes in registration order; an op's `slot` indexes this.
    registered: Vec<Registered>,
    /// Global opcode number -> index into `registered`.
    by_opcode: Vec<Option<u32>>,
    config: VmConfig,
}

impl Vm {
    /// Builds the registry, rejecting two extensions that claim one opcode.
    pub fn new(config: VmConfig) -> Result<Self, VmBuildError> {
        let mut registered: Vec<Registered> = Vec::new();
        let mut by_opcode = vec![None; MAX_OPCODES];
        for extension in &config.extensions {
            for entry in extension.executors() {
                let index = entry.opcode.as_usize();
                if index >= MAX_OPCODES {
                    return Err(VmBuildError::OpcodeOutOfRange {
                        extension: extension.name(),
                        opcode: entry.opcode,
                        limit: MAX_OPCODES,
                    });
                }
                if let Some(existing) = by_opcode[index] {
                    let existing: &Registered = &registered[existing as usize];
                    return Err(VmBuildError::ExtensionConflict {
                        opcode: entry.opcode,
                        mnemonic: existing.entry.mnemonic,
                        first: existing.extension,
                        second: extension.name(),
                    });
                }
                by_opcode[index] = Some(registered.len() as u32);
                registered.push(Registered {
                    entry,
                    extension: extension.name(),
                });
            }
        }
        Ok(Self {
            registered,
            by_opcode,
            config,
        })
    }

    /// Every chip of the configuration in a fixed order (see [`VmExtension::chips`]).
    pub fn chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        self.config
            .extensions
            .iter()
            .flat_map(|e| e.chips(program))
            .collect()
    }

    /// Every chip of a segment proof, in a fixed order (see
    /// [`VmExtension::segment_chips`]).
    pub fn segment_chips(&self, program: Option<&Program>) -> Vec<Box<dyn crate::circuit::Chip>> {
        self.config
            .extensions
            .iter()
            .flat_map(|e| e.segment_chips(program))
            .collect()
    }

    /// The configuration the VM was built from.
    pub fn config(&self) -> &VmConfig {
        &self.config
    }

    /// Every registered opcode; an [`crate::Op`]'s `slot` indexes this list.
    pub fn registered(&self) -> &[Registered] {
        &self.registered
    }

    /// The registration of a global opcode, if any.
    pub fn lookup(&self, opcode: Opcode) -> Option<&Registered> {
        let slot = (*self.by_opcode.get(opcode.as_usize())?)?;
        Some(&self.registered[slot as usize])
    }

    /// Pre-decodes a program and checks it: see [`Vm::check_program`].
    pub fn load(&self, program: &Program) -> Result<LoadedProgram, PreDecodeError> {
        let (ops, traced) = self.pre_decode(program)?;
        Ok(LoadedProgram {
            ops,
            traced,
            pc_base: program.pc_base,
            entry_pc: program.entry_pc,
            program: program.clone(),
        })
    }

    /// The load-time checks, without keeping the pre-decoded program: the
    /// program's own invariants ([`Program::validate`]), its code and image
    /// inside guest memory (so every pc is below 2^29), and every
    /// instruction accepted by the executor of its opcode (operands, e.g.
    /// no ALU instruction writing `x0`). Loading and keygen both run
    /// exactly these, so no key exists for a program the VM refuses.
    pub fn check_program(&self, program: &Program) -> Result<(), PreDecodeError> {
        self.pre_decode(program).map(drop)
    }

    /// Every load-time check, and the pre-decoded ops.
    fn pre_decode(
        &self,
        program: &Program,
    ) -> Result<(Vec<Op>, Vec<TracedHandler>), PreDecodeError> {
        program.validate()?;
        for segment in &program.memory_image {
            let len = u32::try_from(segment.bytes.len()).unwrap_or(u32::MAX);
            if !segment.bytes.is_empty() && !in_bounds(segment.start, len) {
                return Err(PreDecodeError::ImageOutOfBounds {
                    start: segment.start,
                    end: segment.end(),
                    guard: MEMORY_GUARD,
                    limit: MEMORY_LIMIT,
                });
            }
        }
        let code_len = u32::try_from(4 * program.instructions.len()).unwrap_or(u32::MAX);
        if !program.instructions.is_empty() && !in_bounds(program.pc_base, code_len) {
            return Err(PreDecodeError::CodeOutOfBounds {
                start: program.pc_base,
                end: program.pc_end(),
                guard: MEMORY_GUARD,
                limit: MEMORY_LIMIT,
            });
        }
        let mut ops = Vec::with_capacity(program.instructions.len());
        let mut traced = Vec::with_capacity(program.instructions.len());
        for (i, instruction) in program.instructions.iter().enumerate() {
            let pc = program.pc_base.wrapping_add(4 * i as u32);
            let slot = self
                .by_opcode
                .get(instruction.opcode.as_usize())
                .copied()
                .flatten()
                .ok_or(PreDecodeError::NoExecutor {
                    pc,
                    opcode: instruction.opcode,
                })?;
            let decoded = self.registered[slot as usize]
                .entry
                .executor
                .pre_decode(instruction, pc)?;
            ops.push(Op { slot, ..decoded.op });
            traced.push(decoded.traced);
        }
        Ok((ops, traced))
    }
}
