//! The Trellis transpiler: turns a RISC-V ELF executable into a
//! [`trellis_isa::Program`].
//!
//! The [`Transpiler`] itself knows no instructions. Each extension (the base
//! RV32IM extension first) registers a [`TranspilerExtension`] that decodes
//! the 32-bit words it owns; every word of the code must be claimed by
//! exactly one of them. Words nobody claims are reported with their pc and a
//! best-effort RISC-V mnemonic ([`classify`]), so a guest built for the wrong
//! target gets an error that says how to fix the build.
//!
//! Decoders of known extensions that a configuration leaves out can be
//! registered as *disabled*: they never decode, but a word only they claim
//! fails with [`TranspileError::ExtensionNotEnabled`], which says how to
//! enable the extension. [`Transpiler::check_overlaps`] finds two enabled
//! decoders that claim one encoding before any program is read.
//!
//! Modules: `loader` (ELF checks and extraction), [`classify`] (naming
//! foreign instructions), `error` ([`TranspileError`]) and `transpiler`
//! (decoding and program assembly).

#![warn(missing_docs)]

pub mod classify;
mod error;
mod loader;
mod transpiler;

#[cfg(test)]
mod test_elf;

pub use error::TranspileError;
pub use loader::MAX_CODE_BYTES;
pub use transpiler::Transpiler;
pub use trellis_isa::Instruction;

/// One extension's decoder: claims the instruction words its extension owns.
///
/// Implementations must be pure functions of `(word, pc)`; the transpiler
/// asks every extension about every word and rejects words claimed twice.
pub trait TranspilerExtension: Send + Sync {
    /// Name used in errors.
    fn name(&self) -> &'static str;
    /// Decodes one 32-bit word found at `pc`; None if this extension does not own it.
    fn decode(&self, word: u32, pc: u32) -> Option<Instruction>;
}

/// A boxed decoder is a decoder, so registries can hand out `Box<dyn TranspilerExtension>`.
impl TranspilerExtension for Box<dyn TranspilerExtension> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn decode(&self, word: u32, pc: u32) -> Option<Instruction> {
        (**self).decode(word, pc)
    }
}
