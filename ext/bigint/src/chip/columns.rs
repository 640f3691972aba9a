//! The columns of one bigint row (one instruction per row).

use crate::arith::{CARRIES, Q_BYTES};
use crate::executor::WORDS;
use crate::modulus::{BYTES, MODULI};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::AccessCols;

trellis_vm::columns! {
    /// The read of one pointer register.
    pub struct RegCols {
        /// Timestamp proof.
        access: AccessCols<T>,
        /// The register's bytes (the pointer, little-endian).
        data: [T; 4],
        /// `(ptr - 0x1000) / 4` in 16 + 11 bits: low, high.
        limbs: [T; 2],
    }
}

trellis_vm::columns! {
    /// The timestamp proofs of an operand's eight word accesses.
    pub struct WordAccesses {
        /// Previous timestamps.
        prev_timestamp: [T; WORDS],
        /// Low 16 bits of each gap.
        gap_lo: [T; WORDS],
        /// High 13 bits of each gap.
        gap_hi: [T; WORDS],
    }
}

impl<T: Copy> WordAccesses<T> {
    /// The timestamp proof of word `w`.
    pub fn get(&self, w: usize) -> AccessCols<T> {
        AccessCols {
            prev_timestamp: self.prev_timestamp[w],
            gap_lo: self.gap_lo[w],
            gap_hi: self.gap_hi[w],
        }
    }

    /// Sets the timestamp proof of word `w`.
    pub fn set(&mut self, w: usize, access: AccessCols<T>) {
        self.prev_timestamp[w] = access.prev_timestamp;
        self.gap_lo[w] = access.gap_lo;
        self.gap_hi[w] = access.gap_hi;
    }
}

trellis_vm::columns! {
    /// One row: one `addmod`, `submod` or `mulmod`.
    pub struct BigIntCols {
        /// `addmod` (at most one operation flag is set; none on padding).
        is_add: T,
        /// `submod`.
        is_sub: T,
        /// `mulmod`.
        is_mul: T,
        /// One-hot modulus selector (indexed like `Modulus::ALL`).
        modulus: [T; MODULI],
        /// pc of the instruction.
        pc: T,
        /// Timestamp of its first access.
        ts: T,
        /// Operands `a, b, c` of the instruction: `4·rd, 4·rs1, 4·rs2`.
        regs: [T; 3],
        /// The read of `rd` (the result's address).
        ptr_r: RegCols<T>,
        /// The read of `rs1` (`a`'s address).
        ptr_a: RegCols<T>,
        /// The read of `rs2` (`b`'s address).
        ptr_b: RegCols<T>,
        /// Timestamp proofs of the reads of `a`'s words.
        a_access: WordAccesses<T>,
        /// `a`, little-endian bytes.
        a: [T; BYTES],
        /// Timestamp proofs of the reads of `b`'s words.
        b_access: WordAccesses<T>,
        /// `b`, little-endian bytes.
        b: [T; BYTES],
        /// Timestamp proofs of the writes of `r`'s words.
        r_access: WordAccesses<T>,
        /// The bytes `r` overwrites.
        r_prev: [T; BYTES],
        /// The result `r`, little-endian bytes.
        r: [T; BYTES],
        /// Quotient bytes 0..32 (`q + 16` for `submod`).
        q: [T; 32],
        /// Quotient byte 32.
        q_top: T,
        /// Carries out of positions 0..32, each `+ 2^14`.
        carry_lo: [T; 32],
        /// Carries out of positions 32..63, each `+ 2^14`.
        carry_hi: [T; CARRIES - 32],
        /// One-hot: the highest byte where `r` and `m` differ.
        lt_marker: [T; BYTES],
        /// `m_k - r_k - 1` at the marked byte `k`.
        lt_diff: T,
    }
}

impl<T: Copy> BigIntCols<T> {
    /// The 33 quotient bytes.
    pub fn quotient(&self) -> [T; Q_BYTES] {
        std::array::from_fn(|i| if i < 32 { self.q[i] } else { self.q_top })
    }

    /// Sets the 33 quotient bytes.
    pub fn set_quotient(&mut self, q: [T; Q_BYTES]) {
        self.q.copy_from_slice(&q[..32]);
        self.q_top = q[32];
    }

    /// The 63 stored carries.
    pub fn carries(&self) -> [T; CARRIES] {
        std::array::from_fn(|k| {
            if k < 32 {
                self.carry_lo[k]
            } else {
                self.carry_hi[k - 32]
            }
        })
    }

    /// Sets the 63 stored carries.
    pub fn set_carries(&mut self, c: [T; CARRIES]) {
        self.carry_lo.copy_from_slice(&c[..32]);
        self.carry_hi.copy_from_slice(&c[32..]);
    }

    /// The three pointer reads: result, a, b.
    pub fn ptrs(&self) -> [RegCols<T>; 3] {
        [self.ptr_r, self.ptr_a, self.ptr_b]
    }
}

/// Number of columns of [`BigIntCols`].
pub const BIGINT_WIDTH: usize = <BigIntCols<u8> as Columns<u8>>::WIDTH;
