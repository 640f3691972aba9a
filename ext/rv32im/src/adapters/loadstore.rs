//! The effective address of a load or store: `addr = rs1 + imm` (mod 2^32)
//! with `imm = c + 0xffff_0000 · g` (docs/isa.md: `c` is the immediate's low
//! 16 bits, `g` its sign), proven inside guest memory and aligned.
//!
//! The sum is computed in two 16-bit halves with boolean carries:
//!
//! ```text
//! rs1_0 + 2^8 rs1_1 + c                = lo + 2^16 carry_lo
//! rs1_2 + 2^8 rs1_3 + 0xffff g + carry_lo = hi + 2^16 carry_hi
//! lo = offset + 4 word_lo + 2^12 page_lo
//! ```
//!
//! with `offset = addr mod 4` given by one-hot flags, `word_lo < 2^10`,
//! `page_lo < 2^4` and `hi < 2^13` range-checked (so `addr < 2^29`, the end
//! of guest memory), and `addr ≥ 0x1000` (the guard page) as
//! `addr >> 12 = page_lo + 16 hi ≠ 0`, shown by its inverse. Every quantity
//! stays far below p, so the equations hold over the integers. The word
//! pointer is `addr - offset`. Words need offset 0, halves an even offset.

use trellis_stark::{AirBuilder, BusBuilder, Domain, Field, PrimeCharacteristicRing, Val};
use trellis_vm::circuit::LookupCounters;
use trellis_vm::circuit::buses::RANGE;
use trellis_vm::circuit::gadgets::once;
use trellis_vm::memory::{MEMORY_GUARD, MEMORY_LIMIT};

/// Bits of `word_lo` (address bits 2..12).
const WORD_LO_BITS: u32 = 10;
/// Bits of `page_lo` (address bits 12..16).
const PAGE_LO_BITS: u32 = 4;
/// Bits of `hi` (address bits 16..29): addresses stay below 2^29.
const HI_BITS: u32 = 13;

const _: () = assert!(MEMORY_LIMIT == 1 << (16 + HI_BITS) && MEMORY_GUARD == 1 << 12);

trellis_vm::columns! {
    /// The address columns (9).
    pub struct AddressCols {
        /// Carry out of the low 16-bit half.
        carry_lo: T,
        /// Carry out of the high half (dropped: the sum wraps mod 2^32).
        carry_hi: T,
        /// Address bits 2..12.
        word_lo: T,
        /// Address bits 12..16.
        page_lo: T,
        /// Address bits 16..32 (below 2^13).
        hi: T,
        /// Inverse of `addr >> 12 = page_lo + 16 hi`.
        page_inv: T,
        /// One-hot `addr mod 4` for 1, 2, 3 (all zero: 0).
        offset: [T; 3],
    }
}

impl AddressCols<Domain> {
    /// Domains of the address columns: carries and offset flags boolean,
    /// the address bits range-checked, the page inverse fixed by its product.
    pub const CONTRACT: Self = Self {
        carry_lo: Domain::Bit,
        carry_hi: Domain::Bit,
        word_lo: Domain::Limb { bits: WORD_LO_BITS },
        page_lo: Domain::Limb { bits: PAGE_LO_BITS },
        hi: Domain::Limb { bits: HI_BITS },
        page_inv: Domain::Determined(
            "(page_lo + 16 hi) · page_inv = 1 on instruction rows: the inverse of addr >> 12",
        ),
        offset: [Domain::Bit; 3],
    };
}

/// What the load/store core hands the address gadget (degree 1 each).
pub struct AddressIo<E> {
    /// 1 on instruction rows.
    pub is_valid: E,
    /// Limbs of rs1.
    pub rs1: [E; 4],
    /// Operand `c`: the immediate's low 16 bits.
    pub imm: E,
    /// Operand `g`: the immediate's sign (boolean).
    pub imm_sign: E,
    /// 1 for word accesses (offset 0).
    pub is_word: E,
    /// 1 for half-word accesses (even offset).
    pub is_half: E,
}

/// Constrains the address and returns the word pointer `addr - offset`.
pub fn eval_address<AB: BusBuilder>(
    builder: &mut AB,
    cols: &AddressCols<AB::Var>,
    io: AddressIo<AB::Expr>,
) -> AB::Expr {
    let AddressIo {
        is_valid,
        rs1,
        imm,
        imm_sign,
        is_word,
        is_half,
    } = io;
    let c = |x: u32| AB::Expr::from_u32(x);
    let [o1, o2, o3] = cols.offset.map(Into::<AB::Expr>::into);
    for flag in [&o1, &o2, &o3] {
        builder.assert_bool(flag.clone());
    }
    builder.assert_bool(o1.clone() + o2.clone() + o3.clone());
    builder.assert_zero((o1.clone() + o3.clone()) * (is_word.clone() + is_half));
    builder.assert_zero(o2.clone() * is_word);
    builder.assert_bool(cols.carry_lo);
    builder.assert_bool(cols.carry_hi);
    builder.assert_bool(imm_sign.clone());

    let [r0, r1, r2, r3] = rs1;
    let word_pointer =
        cols.word_lo.into() * c(4) + cols.page_lo.into() * c(1 << 12) + cols.hi.into() * c(1 << 16);
    let lo =
        o1 + o2 * c(2) + o3 * c(3) + cols.word_lo.into() * c(4) + cols.page_lo.into() * c(1 << 12);
    builder.assert_eq(
        r0 + r1 * c(256) + imm,
        lo + cols.carry_lo.into() * c(1 << 16),
    );
    builder.assert_eq(
        r2 + r3 * c(256) + imm_sign * c(0xffff) + cols.carry_lo.into(),
        cols.hi.into() + cols.carry_hi.into() * c(1 << 16),
    );
    let page = cols.page_lo.into() + cols.hi.into() * c(16);
    builder.assert_zero(is_valid.clone() * (page * cols.page_inv.into() - AB::Expr::ONE));
    for (x, bits) in [
        (cols.word_lo, WORD_LO_BITS),
        (cols.page_lo, PAGE_LO_BITS),
        (cols.hi, HI_BITS),
    ] {
        RANGE.lookup(builder, [x.into(), c(bits)], once::<AB>(is_valid.clone()));
    }
    word_pointer
}

/// The four one-hot offset selectors `[addr mod 4 == k]` for `k = 0..4`
/// (the first is `1 - o1 - o2 - o3`, so 1 on padding rows).
pub fn offset_selectors<AB: AirBuilder>(cols: &AddressCols<AB::Var>) -> [AB::Expr; 4] {
    let [o1, o2, o3] = cols.offset.map(Into::<AB::Expr>::into);
    [
        AB::Expr::ONE - o1.clone() - o2.clone() - o3.clone(),
        o1,
        o2,
        o3,
    ]
}

/// Fills the address columns for `rs1 + imm` (operands `c`, `g`), records
/// the range lookups, and returns the address. The run checked bounds and
/// alignment, so the address is in guest memory.
pub fn fill_address(
    rs1: u32,
    c: u32,
    g: u32,
    counters: &LookupCounters,
) -> (AddressCols<Val>, u32) {
    let sum_lo = (rs1 & 0xffff) + c;
    let sum_hi = (rs1 >> 16) + 0xffff * g + (sum_lo >> 16);
    let addr = (sum_lo & 0xffff) | (sum_hi & 0xffff) << 16;
    debug_assert!(
        (MEMORY_GUARD..MEMORY_LIMIT).contains(&addr),
        "address {addr:#x} outside memory"
    );
    let (word_lo, page_lo, hi) = ((addr >> 2) & 0x3ff, (addr >> 12) & 0xf, addr >> 16);
    counters.range(word_lo, WORD_LO_BITS);
    counters.range(page_lo, PAGE_LO_BITS);
    counters.range(hi, HI_BITS);
    let mut offset = [Val::ZERO; 3];
    if addr & 3 != 0 {
        offset[(addr & 3) as usize - 1] = Val::ONE;
    }
    let cols = AddressCols {
        carry_lo: Val::from_u32(sum_lo >> 16),
        carry_hi: Val::from_u32(sum_hi >> 16),
        word_lo: Val::from_u32(word_lo),
        page_lo: Val::from_u32(page_lo),
        hi: Val::from_u32(hi),
        page_inv: Val::from_u32(addr >> 12).inverse(),
        offset,
    };
    (cols, addr)
}
