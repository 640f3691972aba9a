//! The Keccak extension: `keccakf rs1`, Keccak-f\[1600\] in place on the
//! 200-byte state at the word-aligned address in `rs1`, as one instruction
//! in the RISC-V custom-0 space (docs/isa.md), with its transpiler decoder
//! ([`decoder`]), executor and AIR ([`permute`]).
//!
//! Register both halves with a configuration:
//!
//! ```ignore
//! let transpiler = Transpiler::new()
//!     .with_extension(Rv32imDecoder)
//!     .with_extension(trellis_keccak::decoder());
//! let vm = Vm::new(VmConfig::new().with_extension(Rv32im).with_extension(trellis_keccak::Keccak))?;
//! ```
//!
//! # Why the permutation only
//!
//! The instruction permutes; padding and absorbing (xoring 136-byte rate
//! blocks into the state) stay in the guest library. Absorbing costs the
//! guest 34 word xors per 136-byte block, about 170 RV32IM instructions or
//! some 6,000 trace cells, against the permutation's 24 rows of 2775
//! columns (66,600 cells): under 10 % of the proving work, while an
//! absorbing instruction would need another 34 memory accesses per block
//! (LogUp columns on every row) and would not serve other Keccak-based
//! modes (SHA-3, SHAKE, duplex).

pub mod decoder;
pub mod permute;

use std::sync::Arc;
use trellis_isa::keccak::KeccakOpcode;
use trellis_vm::circuit::Chip;
use trellis_vm::executor::class_entries;
use trellis_vm::{ExecutorEntry, VmExtension};

pub use decoder::KeccakDecoder;

/// The Keccak extension, as registered with a [`trellis_vm::VmConfig`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Keccak;

impl VmExtension for Keccak {
    fn name(&self) -> &'static str {
        "keccak"
    }

    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<KeccakOpcode>(permute::CHIP, Arc::new(permute::KeccakExecutor))
    }

    fn chips(&self, _program: Option<&trellis_isa::Program>) -> Vec<Box<dyn Chip>> {
        vec![Box::new(permute::KeccakfChip)]
    }
}

/// The extension's transpiler decoder, for [`trellis_transpiler::Transpiler::with_extension`].
pub fn decoder() -> KeccakDecoder {
    KeccakDecoder
}
