//! The Trellis machine.
//!
//! A [`Vm`] is built from a [`VmConfig`]: the system extension (always
//! present) plus whatever extensions the configuration lists. Each extension
//! registers one executor per opcode; two extensions claiming one opcode is an
//! [`VmBuildError::ExtensionConflict`]. The VM pre-decodes a
//! [`trellis_isa::Program`] into a dense table of [`Op`]s and runs it in one
//! of the execution modes of [`run`].

pub mod circuit;
pub mod cpu;
pub mod error;
pub mod executor;
pub mod extension;
pub mod identity;
pub mod io;
pub mod loaded;
pub mod machine;
pub mod memory;
pub mod memory_tree;
pub mod prove;
pub mod run;
pub mod segment;
pub mod system;
pub mod system_chips;
pub mod trace;

pub use cpu::Cpu;
pub use error::{ExecError, PreDecodeError, VmBuildError};
pub use executor::{Decoded, ExecutorEntry, Handler, Handlers, InstructionExecutor, Op};
pub use extension::{Vm, VmConfig, VmExtension};
pub use identity::{BindingError, ExtensionId, ProgramBinding, ProgramId};
pub use io::{HostIo, OutputSink};
pub use loaded::LoadedProgram;
pub use machine::{Machine, Stop};
pub use memory::{GuestMemory, MEMORY_GUARD, MEMORY_LIMIT};
pub use run::{ExecOptions, ExecutionResult, Metrics};
