//! Keccak extension opcodes (ext/keccak): the Keccak-f\[1600\] permutation
//! as one instruction in the RISC-V custom-0 space.

use crate::opcode_class;

/// Major opcode of the RISC-V custom-0 space (`0b000_1011`).
pub const CUSTOM_0: u32 = 0x0b;
/// `funct3` of `keccakf` inside custom-0 (0b001 belongs to SHA-256).
pub const KECCAKF_FUNCT3: u32 = 0b000;
/// Bytes of the Keccak-f\[1600\] state `keccakf` permutes in memory.
pub const KECCAK_STATE_BYTES: u32 = 200;
/// 32-bit words of the state.
pub const KECCAK_STATE_WORDS: usize = 50;

opcode_class! {
    /// The Keccak extension's only class (block 0x200).
    pub enum KeccakOpcode at 0x200 => {
        /// `keccakf rs1`: Keccak-f\[1600\] in place on the 200-byte state at
        /// the word-aligned address in `rs1`.
        KeccakF = "keccakf",
    }
}
