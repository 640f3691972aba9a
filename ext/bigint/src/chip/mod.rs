//! The bigint chip: one row per `addmod`, `submod` or `mulmod`.
//!
//! # Design
//!
//! *What an instruction is.* `op rd, rs1, rs2` (custom-1, `funct3` the
//! operation, `funct7` the modulus, [`crate::opcode`]): `r = (a op b) mod
//! m` on 32-byte little-endian numbers in memory, `rd`, `rs1`, `rs2`
//! holding the addresses of `r`, `a`, `b`.
//!
//! *Fixed moduli, not a modulus operand.* The five moduli
//! ([`crate::Modulus`]: secp256k1 `p` and `n`, `2^255 - 19`, BN254 `p` and
//! `r`) are constants of the constraints, selected by five boolean flags:
//! `m_j = Σ_i flag_i · M_i[j]`. A modulus read from memory would cost 8
//! more word reads per instruction (32 more bus interactions), and the
//! chip would have to prove what the table gives for free: that `m` is
//! above `2^253` (the quotient and carry bounds below depend on it) and
//! non-zero. Every curve the issue targets uses one of these five; another
//! modulus above `2^253` is one more table row (and flag column). BN254
//! came at the cost of two flags: the code path is the same.
//!
//! *Operands: any 256-bit values.* The chip proves the integer identity
//! `L(a, b) = q·m + r` with `0 ≤ r < m`, where `L` is `a + b`, `a - b` or
//! `a·b`. That alone makes `r` the unique canonical residue of `L`, for
//! any `a, b < 2^256`: requiring canonical inputs would cost two more
//! comparisons (or reductions) and buy nothing, and guests may keep values
//! lazily reduced. So inputs are any 256-bit values; the output is always
//! canonical.
//!
//! *One row.* All 27 memory accesses (three pointer registers, eight words
//! of `a`, of `b`, of `r`) and the whole identity sit on one row: 369 main
//! columns, 216 bus interactions (109 LogUp columns after same-bus
//! packing), 170 constraints of degree ≤ 3. Several rows per instruction
//! would need transition constraints and copies of the operands for the
//! limb products of other rows; one row is simpler to argue and, at one
//! instruction per row, cheap enough (about 800 cells against about
//! 100,000 for a software multiplication; docs/benchmarks.md).
//!
//! *Byte limbs.* `a`, `b`, `q`, `r`, `m` are bytes: the products `a_i b_j`
//! and `q_i m_j` are below `2^16` and a position sums at most 32 of each,
//! so every limb equation stays far below BabyBear's `p ≈ 2^31` (16-bit
//! limbs would make single products overflow `p`). Memory words are bytes
//! already.
//!
//! # Soundness
//!
//! *Flags.* `is_add`, `is_sub`, `is_mul` and the five modulus flags are
//! boolean; `is_real = is_add + is_sub + is_mul` is boolean (at most one
//! operation) and the modulus flags sum to `is_real` (exactly one modulus
//! on a real row, none on padding). Every bus interaction counts
//! `is_real`, so padding rows (all zero, which satisfies every
//! constraint) send and receive nothing.
//!
//! *Instruction.* A real row receives `(pc, ts)` and sends `(pc + 4, ts +
//! 27)` on the execution bus and looks up `(pc, 0x400 + is_sub + 2·is_mul,
//! regs[0..3], 1, 2, Σ i·modulus_i, 0)` in the committed program: the
//! operation, the modulus and the register operands (`regs`) are those of
//! the instruction at `pc`, so each executed instruction has exactly one
//! row.
//!
//! *Pointers.* Accesses `ts + 0, 1, 2` read registers `regs[0..3]`
//! (address space 1; `prev = data`): their bytes are the pointers of `r`,
//! `a`, `b`. For each, `ptr = 0x1000 + 4 (lo + 2^16 hi)` with `lo < 2^16`,
//! `hi < 2^11` and the top byte `< 2^5` range-checked: the byte sum is an
//! integer below `2^29 < p`, so the field equation is an integer one:
//! every pointer is 4-aligned, at least `0x1000` (not the guard page) and
//! below `2^29`; words `ptr + 4w` (w < 8) past guest memory cannot
//! balance (the boundary only holds words below `2^29`). A pointer the
//! executor refuses (misaligned, in the guard page, past the end) has no
//! such limbs (`forgery` tests the guard page).
//!
//! *Memory.* Accesses `ts + 3 .. ts + 10` read the words of `a`
//! (`a_access`, `a`), `ts + 11 .. ts + 18` those of `b`, `ts + 19 .. ts +
//! 26` write `r` over `r_prev`, each with the gadget of the base chips
//! (`eval_access`: receive the previous bytes and timestamp, send the new
//! ones, `prev_t < t` range-checked). So `a` and `b` are the bytes in
//! memory when the instruction ran (bytes by the memory argument: every
//! value on the memory bus was byte-checked where it was sent), read before
//! `r` is written (`r` may alias either), and the bytes written are the
//! `r` columns, which are byte-checked here.
//!
//! *The identity.* With `q` the 33 quotient bytes (stored `q + 16` for
//! `submod`, whose quotient lies in `(-9, 8]`: `|a - b| < 2^256 < 8m`) and
//! `C_k` the 63 stored carries (`c_k + 2^14`, range-checked to 15 bits, so
//! `c_k ∈ [-2^14, 2^14)`), position `k = 0..63` asserts
//!
//! `L_k - Σ_{i+j=k} q_i m_j + 16·is_sub·m_k - r_k + c_{k-1} - 256·c_k = 0`
//!
//! (`c_{-1} = c_63 = 0`; `L_k` is `a_k ± b_k` or `Σ_{i+j=k} a_i b_j`
//! selected by the operation flag). Every term is bounded: the product
//! sums by `32·255² < 2^21`, `q·m` by the same, `256·|c_k|` by `2^22`: the
//! left side is an integer of absolute value below `2^24 < p`, so it is
//! zero as an integer. Summing `256^k` times each position telescopes the
//! carries: `L(a, b) = q'·m + r` over the integers (`q'` the quotient
//! without its offset). Honest carries are below `2^14` in absolute value
//! (`(2^21 + 2^14)/256 < 2^14`, `arith`'s tests check the extremes).
//! Without the range checks the carries are free field elements: a
//! quotient that makes the identity hold only modulo `p` (`q + t` with
//! `t·m ≡ -δ`) then satisfies every position (`forgery`'s compensating
//! quotient, caught by the carry checks alone).
//!
//! *Canonical result.* One-hot `lt_marker` (boolean, summing to
//! `is_real`) marks a byte `k*`; above it `r_j = m_j` (`(Σ_{i<j}
//! marker_i)·(m_j - r_j) = 0`), and `lt_diff = m_{k*} - r_{k*} - 1` is a
//! byte: an integer in `[-256, 254]` equal to a byte is non-negative, so
//! `r_{k*} < m_{k*}` and `r < m`. With the identity, `r = L(a, b) mod m`,
//! the executor's result, and `q`, the carries, the marker and the
//! difference are then determined too (base-256 digits; carries solved
//! position by position; the highest differing byte).
//!
//! *Column contract* (`BigIntAir::column_domains`). Flags and markers are
//! bits with their own `x(x - 1)`; `r`, `q`, `q_top`, `lt_diff` are bytes
//! (bitwise bus, in pairs); carries 15-bit limbs; pointer limbs and top
//! bytes and timestamp gaps are range-checked limbs; `a`, `b`, `r_prev`,
//! the other register bytes and `regs` are determined by the memory and
//! program buses as above.
//!
//! # Cost
//!
//! One row per instruction: 369 main columns and 109 LogUp columns of 4
//! (about 810 cells), 216 lookups into the shared range and bitwise
//! tables; a software multiplication modulo secp256k1's `p` runs about
//! 1,250 (`k256`) to 2,600 (Montgomery) RV32IM cycles.

mod air;
mod columns;
#[cfg(test)]
mod forgery;
#[cfg(test)]
mod tests;
pub mod trace;

pub use air::{BigIntAir, PTR_HI_BITS, PTR_LO_BITS, PTR_TOP_BITS};
pub use columns::{BIGINT_WIDTH, BigIntCols, RegCols, WordAccesses};

use trellis_stark::{DynAir, RowMajorMatrix, Val};
use trellis_vm::circuit::{Chip, TraceContext};

/// The chip name the bigint opcodes are registered under.
pub const CHIP: &str = "BigInt";

/// The bigint chip: one row per instruction.
#[derive(Clone, Copy, Debug, Default)]
pub struct BigIntChip;

impl Chip for BigIntChip {
    fn name(&self) -> &'static str {
        CHIP
    }
    fn air(&self) -> DynAir {
        DynAir::new(BigIntAir)
    }
    fn generate_trace(&self, ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
        trace::generate_trace(ctx)
    }
}
