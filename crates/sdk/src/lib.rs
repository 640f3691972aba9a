//! The library users call: build guests, transpile them, execute them,
//! prove and verify runs. A [`Trellis`] is built from a [`TrellisConfig`]
//! (`trellis.toml`, see [`config`]) or is the default RV32IM machine.
//!
//! ```no_run
//! use trellis_sdk::{Trellis, ExecOptions};
//! let trellis = Trellis::rv32im();
//! let program = trellis.load_program(std::path::Path::new("guest.elf"))?;
//! let result = trellis.execute(&program, b"input bytes".to_vec(), &ExecOptions::default())?;
//! println!("exit code {}, {} cycles", result.exit_code, result.cycles);
//! # Ok::<(), trellis_sdk::SdkError>(())
//! ```

pub mod aggregation;
pub mod aggregation_cache;
pub mod build;
pub mod chain;
pub mod config;
mod error;
pub mod files;
mod input;
pub mod profile;
pub mod prover;
pub mod proving;
pub mod shape_catalog;
mod trellis;
mod verify_options;

pub use aggregation::AggregatedProof;
pub use config::{ExtensionRegistry, KnownExtension, TrellisConfig, known_extensions};
pub use error::SdkError;
pub use input::Input;
pub use prover::{ProveEvent, ProveOptions, ProveReport, SegmentPhase};
pub use proving::{ProvingKey, TrellisProof, VerifyingKey};
pub use shape_catalog::{LearnedShapes, ShapeCatalogFile};
pub use trellis::{Trellis, is_elf};
pub use trellis_isa::Program;
pub use trellis_recursion::aggregate::AggregationEvent;
pub use trellis_stark::{ProofParams, REQUIRED_PROVEN_BITS, SecurityLevel};
pub use trellis_vm::circuit::Claim;
pub use trellis_vm::prove::ProveStage;
pub use trellis_vm::{
    ExecError, ExecOptions, ExecutionResult, HostIo, Metrics, OutputSink, ProgramBinding, ProgramId,
};
pub use verify_options::VerifyOptions;
