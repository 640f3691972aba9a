//! The bigint extension: 256-bit modular arithmetic.
//!
//! Three instructions in the custom-1 opcode space ([`opcode`]):
//! `addmod`, `submod`, `mulmod rd, rs1, rs2` compute `r = (a op b) mod m`
//! on 32-byte little-endian operands in guest memory, `rd`, `rs1`, `rs2`
//! holding the addresses of `r`, `a`, `b`, with the modulus `m` fixed by
//! the instruction's `funct7` ([`Modulus`]: secp256k1's `p` and `n`,
//! `2^255 - 19`, BN254's `p` and `r`).
//!
//! - [`decoder::BigIntDecoder`]: the transpiler decoder;
//! - [`BigInt`]: the [`VmExtension`] (executor and chip);
//! - [`chip`]: the AIR and the soundness argument;
//! - [`arith`]: the arithmetic on the host.
//!
//! ```
//! use trellis_vm::{Vm, VmConfig};
//! let config = VmConfig::new()
//!     .with_extension(trellis_rv32im::Rv32im)
//!     .with_extension(trellis_ext_bigint::BigInt);
//! let vm = Vm::new(config).unwrap();
//! assert!(vm.chips(None).iter().any(|c| c.name() == "BigInt"));
//! ```

pub mod arith;
pub mod chip;
pub mod decoder;
pub mod executor;
pub mod modulus;
pub mod opcode;

pub use decoder::BigIntDecoder;
pub use modulus::Modulus;
pub use opcode::BigIntOpcode;

use std::sync::Arc;
use trellis_vm::executor::class_entries;
use trellis_vm::{ExecutorEntry, VmExtension};

/// The bigint extension, as registered with a [`trellis_vm::VmConfig`].
#[derive(Clone, Copy, Debug, Default)]
pub struct BigInt;

impl VmExtension for BigInt {
    fn name(&self) -> &'static str {
        "bigint"
    }

    fn executors(&self) -> Vec<ExecutorEntry> {
        class_entries::<BigIntOpcode>(chip::CHIP, Arc::new(executor::BigIntExecutor))
    }

    fn chips(
        &self,
        _program: Option<&trellis_isa::Program>,
    ) -> Vec<Box<dyn trellis_vm::circuit::Chip>> {
        vec![Box::new(chip::BigIntChip)]
    }
}
