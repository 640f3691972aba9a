//! The SHA-256 precompile extension.
//!
//! One instruction, `sha256compress rs1, rs2` (custom-0 opcode space,
//! funct3 1; Trellis opcode `0x300`): compress the 64-byte block at `rs2`
//! into the state at `rs1` (eight native little-endian `u32` words
//! `H_0..H_7`), in place. Padding is the guest library's job
//! (`trellis_guest::sha256`, `trellis_sha256` in the C runtime).
//!
//! - [`decoder::Sha256Decoder`]: the transpiler decoder;
//! - [`Sha256`]: the [`VmExtension`] (executor and chips);
//! - [`chip`]: the AIRs and the soundness argument;
//! - [`compress`]: the compression function on the host.
//!
//! ```
//! use trellis_vm::{Vm, VmConfig};
//! let config = VmConfig::new()
//!     .with_extension(trellis_rv32im::Rv32im)
//!     .with_extension(trellis_sha256::Sha256);
//! let vm = Vm::new(config).unwrap();
//! assert!(vm.chips(None).iter().any(|c| c.name() == "Sha256"));
//! let transpiler = trellis_transpiler::Transpiler::new()
//!     .with_extension(trellis_rv32im::decoder::Rv32imDecoder)
//!     .with_extension(trellis_sha256::Sha256Decoder);
//! # let _ = transpiler;
//! ```

pub mod chip;
pub mod compress;
pub mod decoder;
pub mod executor;
pub mod opcode;

pub use decoder::Sha256Decoder;
pub use opcode::Sha256Opcode;

use std::sync::Arc;
use trellis_vm::executor::class_entries;
use trellis_vm::{ExecutorEntry, VmExtension};

/// The SHA-256 extension, as registered with a [`trellis_vm::VmConfig`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256;

impl VmExtension for Sha256 {
    fn name(&self) -> &'static str {
        "sha256"
    }

    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<Sha256Opcode>(chip::CHIP, Arc::new(executor::Sha256Executor))
    }

    fn chips(
        &self,
        _program: Option<&trellis_isa::Program>,
    ) -> Vec<Box<dyn trellis_vm::circuit::Chip>> {
        vec![Box::new(chip::Sha256Chip), Box::new(chip::ScheduleChip)]
    }
}
