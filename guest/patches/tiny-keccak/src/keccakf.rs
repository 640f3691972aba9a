use crate::{Buffer, Permutation};

// Trellis patch: on the Trellis zkVM, `keccakf` is the `keccakf`
// precompile (see TRELLIS.md); elsewhere the software permutation below.
#[cfg(all(target_os = "zkvm", target_arch = "riscv32"))]
pub use self::zkvm::keccakf;

#[cfg(not(all(target_os = "zkvm", target_arch = "riscv32")))]
const ROUNDS: usize = 24;

#[cfg(not(all(target_os = "zkvm", target_arch = "riscv32")))]
const RC: [u64; ROUNDS] = [
    1u64,
    0x8082u64,
    0x800000000000808au64,
    0x8000000080008000u64,
    0x808bu64,
    0x80000001u64,
    0x8000000080008081u64,
    0x8000000000008009u64,
    0x8au64,
    0x88u64,
    0x80008009u64,
    0x8000000au64,
    0x8000808bu64,
    0x800000000000008bu64,
    0x8000000000008089u64,
    0x8000000000008003u64,
    0x8000000000008002u64,
    0x8000000000000080u64,
    0x800au64,
    0x800000008000000au64,
    0x8000000080008081u64,
    0x8000000000008080u64,
    0x80000001u64,
    0x8000000080008008u64,
];

#[cfg(not(all(target_os = "zkvm", target_arch = "riscv32")))]
keccak_function!("`keccak-f[1600, 24]`", keccakf, ROUNDS, RC);

#[cfg(all(target_os = "zkvm", target_arch = "riscv32"))]
mod zkvm {
    /// `keccak-f[1600, 24]`
    ///
    /// Trellis patch: one `keccakf` instruction of the Trellis zkVM
    /// (docs/guest-abi.md, "Precompiles: Keccak-256", in the Trellis
    /// sources): Keccak-f[1600] in place on the 25 lanes at `a` (lane
    /// `x + 5y` at index `x + 5y`, little-endian, the layout of a
    /// `[u64; 25]` on this target). Custom-0, funct3 0, `rd = rs2 = x0`.
    #[inline(always)]
    pub fn keccakf(a: &mut [u64; crate::WORDS]) {
        // SAFETY: the instruction reads and writes the 200 bytes at `a`,
        // which a `[u64; 25]` holds, 8-aligned (the instruction needs 4).
        unsafe {
            core::arch::asm!(
                ".insn r 0x0B, 0, 0, x0, {state}, x0",
                state = in(reg) a.as_mut_ptr(),
                options(nostack),
            );
        }
    }
}

pub struct KeccakF;

impl Permutation for KeccakF {
    fn execute(buffer: &mut Buffer) {
        keccakf(buffer.words());
    }
}
