//! Fills the compression trace from the steps of `sha256compress`: 70 rows
//! per step (blocks in parallel), zero padding, then the slack columns of
//! the rows whose equations are switched off.

use super::bits::{ch, from_bits, limbs, maj, sigma};
use super::columns::{SHA256_WIDTH, Sha256Cols, SlotCols};
use super::layout::{FIRST_ROUND, ROWS_PER_BLOCK, RowInfo, row_info};
use crate::compress::{self, Compression, compress};
use crate::executor::{ACCESSES, STATE_ORDER};
use rayon::prelude::*;
use trellis_stark::{PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::gadgets::{fill_access, word_bytes};
use trellis_vm::circuit::{LookupCounters, TraceContext, zero_trace};
use trellis_vm::memory::MEMORY_GUARD;
use trellis_vm::trace::MemoryAccess;

fn bits(word: u32) -> [Val; 32] {
    std::array::from_fn(|i| Val::from_u32((word >> i) & 1))
}

fn halves(word: u32) -> [Val; 2] {
    [Val::from_u32(word & 0xffff), Val::from_u32(word >> 16)]
}

fn bit_array<const N: usize>(value: u32) -> [Val; N] {
    std::array::from_fn(|i| Val::from_u32((value >> i) & 1))
}

/// Everything one block's rows are filled from.
struct Block<'a> {
    pc: u32,
    timestamp: u32,
    op_a: u32,
    op_b: u32,
    accesses: &'a [MemoryAccess],
    init: [u32; 8],
    comp: Compression,
}

impl Block<'_> {
    /// `a` (lane 0) or `e` (lane 1) at round time `t` (`t < 0`: the loaded
    /// words before round 0, 0 before they are loaded).
    fn lane(&self, lane: usize, t: i64) -> u32 {
        match t {
            0.. => {
                let values = if lane == 0 {
                    &self.comp.a
                } else {
                    &self.comp.e
                };
                values[t as usize]
            }
            -3..=-1 => self.init[4 * lane + (-t) as usize],
            _ => 0,
        }
    }

    /// `W_t`, or 0 outside `0..64`.
    fn w(&self, t: i64) -> u32 {
        if (0..64).contains(&t) {
            self.comp.w[t as usize]
        } else {
            0
        }
    }
}

fn fill_slot(
    slot: &mut SlotCols<Val>,
    access: &MemoryAccess,
    is_write: bool,
    value: u32,
    counters: &LookupCounters,
) {
    slot.access = fill_access(access, counters);
    slot.data = word_bytes(access.value);
    if is_write {
        let init = access.prev_value;
        slot.prev = word_bytes(init);
        let lo = (init & 0xffff) + (value & 0xffff);
        let hi = (init >> 16) + (value >> 16) + (lo >> 16);
        slot.carry = [Val::from_u32(lo >> 16), Val::from_u32(hi >> 16)];
        debug_assert_eq!(access.value, init.wrapping_add(value), "output word");
        let b = access.value.to_le_bytes().map(u32::from);
        counters.byte_pair(b[0], b[1]);
        counters.byte_pair(b[2], b[3]);
    }
}

/// Fills one row (not its slacks).
fn fill_row(
    block: &Block<'_>,
    info: &RowInfo,
    next_access: &mut usize,
    counters: &LookupCounters,
) -> Sha256Cols<Val> {
    let mut cols = Sha256Cols::<Val>::default();
    let c = &mut cols.ctl;
    c.j = Val::from_u32(info.j);
    c.k = halves(info.k);
    c.is_instruction = Val::from_bool(info.is_instruction);
    c.is_load = Val::from_bool(info.is_load);
    c.is_round = Val::from_bool(info.is_round);
    c.is_final = Val::from_bool(info.is_final);
    c.reads_block = Val::from_bool(info.reads_block);
    c.schedule = Val::from_bool(info.schedule);
    c.is_write = Val::from_bool(info.is_write);
    c.off_a = Val::from_u32(info.off_a);
    c.off_e = Val::from_u32(info.off_e);

    let state_ptr = block.accesses[0].value;
    let block_ptr = block.accesses[1].value;
    cols.state_ptr = Val::from_u32(state_ptr);
    cols.block_ptr = Val::from_u32(block_ptr);
    cols.ts = Val::from_u32(block.timestamp + *next_access as u32);

    // Working variables: (a, b, c, d) = lane 0 at s, s-1, s-2, s-3.
    let s = info.j as i64 - FIRST_ROUND as i64;
    let a = |k: i64| block.lane(0, s - k);
    let e = |k: i64| block.lane(1, s - k);
    cols.a = bits(a(0));
    cols.b = bits(a(1));
    cols.c = bits(a(2));
    cols.d = halves(a(3));
    cols.e = bits(e(0));
    cols.f = bits(e(1));
    cols.g = bits(e(2));
    cols.h = halves(e(3));

    if info.is_round {
        let w = block.w(s);
        let lo = |x: u32| x & 0xffff;
        let hi = |x: u32| x >> 16;
        let (s1, chv) = (compress::big_sigma1(e(0)), compress::ch(e(0), e(1), e(2)));
        let (s0, mj) = (compress::big_sigma0(a(0)), compress::maj(a(0), a(1), a(2)));
        let k = info.k;
        let t1 = [
            lo(e(3)) + lo(s1) + lo(chv) + lo(k) + lo(w),
            hi(e(3)) + hi(s1) + hi(chv) + hi(k) + hi(w),
        ];
        let e_lo = lo(a(3)) + t1[0];
        let e_hi = hi(a(3)) + t1[1] + (e_lo >> 16);
        let a_lo = t1[0] + lo(s0) + lo(mj);
        let a_hi = t1[1] + hi(s0) + hi(mj) + (a_lo >> 16);
        let c3 = |x: u32| bit_array::<3>(x >> 16);
        cols.carry_e = [c3(e_lo), c3(e_hi)].concat().try_into().unwrap();
        cols.carry_a = [c3(a_lo), c3(a_hi)].concat().try_into().unwrap();

        // Window W_{r-16} .. W_{r-1}; W_r.
        for k in 0..16 {
            let [l, h] = halves(block.w(s - 16 + k as i64));
            cols.window[2 * k] = l;
            cols.window[2 * k + 1] = h;
        }
        cols.w = halves(w);
        if info.schedule {
            let (w2, w7, w15, w16) = (
                block.w(s - 2),
                block.w(s - 7),
                block.w(s - 15),
                block.w(s - 16),
            );
            let (ss1, ss0) = (compress::small_sigma1(w2), compress::small_sigma0(w15));
            let l = lo(ss1) + lo(w7) + lo(ss0) + lo(w16);
            let h = hi(ss1) + hi(w7) + hi(ss0) + hi(w16) + (l >> 16);
            let c2 = |x: u32| bit_array::<2>(x >> 16);
            cols.carry_w = [c2(l), c2(h)].concat().try_into().unwrap();
            counters.range(lo(w), 16);
            counters.range(hi(w), 16);
        }
    } else if info.is_final {
        for k in 0..16 {
            let [l, h] = halves(block.w(48 + k as i64));
            cols.window[2 * k] = l;
            cols.window[2 * k + 1] = h;
        }
    }
    let win_word = |k: usize| block.w(s - 16 + k as i64);
    if info.is_round || info.is_final {
        cols.w1_bits = bits(win_word(1));
        cols.w14_bits = bits(win_word(14));
    }

    if info.is_instruction {
        cols.pc = Val::from_u32(block.pc);
        cols.op_a = Val::from_u32(block.op_a);
        cols.op_b = Val::from_u32(block.op_b);
        for (k, ptr) in [state_ptr, block_ptr].into_iter().enumerate() {
            let q = (ptr - MEMORY_GUARD) / 4;
            let (lo, hi) = (q & 0xffff, q >> 16);
            counters.range(lo, super::air::PTR_LO_BITS);
            counters.range(hi, super::air::PTR_HI_BITS);
            cols.ptr_limbs[2 * k] = Val::from_u32(lo);
            cols.ptr_limbs[2 * k + 1] = Val::from_u32(hi);
        }
        counters.byte_pair(8 * (state_ptr >> 24), 8 * (block_ptr >> 24));
    }

    // Slots, in access order; write values are `a` and `e` of the row.
    if info.en_a() == 1 {
        let access = &block.accesses[*next_access];
        *next_access += 1;
        fill_slot(&mut cols.slot_a, access, info.is_write, a(0), counters);
    }
    if info.en_e() == 1 {
        let access = &block.accesses[*next_access];
        *next_access += 1;
        fill_slot(&mut cols.slot_e, access, info.is_write, e(0), counters);
    }
    cols
}

/// Fills the rows of one block.
fn fill_block(block: &Block<'_>, rows: &mut [Val], counters: &LookupCounters) {
    let mut next_access = 0;
    for (j, row) in rows.chunks_exact_mut(SHA256_WIDTH).enumerate() {
        let info = row_info(j);
        fill_row(block, &info, &mut next_access, counters).write(row);
    }
    debug_assert_eq!(next_access, ACCESSES as usize);
}

/// The residuals of the round and schedule equations of `row` given the
/// next row (zero on rows where the equations are on, if honest).
pub fn slacks(row: &Sha256Cols<Val>, next: &Sha256Cols<Val>) -> ([Val; 4], [Val; 2]) {
    let two16 = Val::from_u32(1 << 16);
    let s1 = limbs(&sigma(&row.e, 6, 11, 25, false));
    let chs = limbs(&ch(&row.e, &row.f, &row.g));
    let s0 = limbs(&sigma(&row.a, 2, 13, 22, false));
    let mj = limbs(&maj(&row.a, &row.b, &row.c));
    let (new_e, new_a) = (limbs(&next.e), limbs(&next.a));
    let ce = [from_bits(&row.carry_e[..3]), from_bits(&row.carry_e[3..])];
    let ca = [from_bits(&row.carry_a[..3]), from_bits(&row.carry_a[3..])];
    let mut slack = [Val::ZERO; 4];
    for half in 0..2 {
        let t1 = row.h[half] + s1[half] + chs[half] + row.ctl.k[half] + row.w[half];
        let (cie, cia) = if half == 0 {
            (Val::ZERO, Val::ZERO)
        } else {
            (ce[0], ca[0])
        };
        slack[half] = new_e[half] + ce[half] * two16 - row.d[half] - t1 - cie;
        slack[2 + half] = new_a[half] + ca[half] * two16 - t1 - s0[half] - mj[half] - cia;
    }
    let ss0 = limbs(&sigma(&row.w1_bits, 7, 18, 3, true));
    let ss1 = limbs(&sigma(&row.w14_bits, 17, 19, 10, true));
    let cw = [from_bits(&row.carry_w[..2]), from_bits(&row.carry_w[2..])];
    let mut slack_w = [Val::ZERO; 2];
    for half in 0..2 {
        let cin = if half == 0 { Val::ZERO } else { cw[0] };
        slack_w[half] = row.w[half] + cw[half] * two16
            - ss1[half]
            - row.window[18 + half]
            - ss0[half]
            - row.window[half]
            - cin;
    }
    (slack, slack_w)
}

/// The compression trace: [`ROWS_PER_BLOCK`] rows per step, zero padding.
pub fn generate_trace(ctx: &TraceContext<'_>) -> RowMajorMatrix<Val> {
    let trace = generate_trace_with(ctx, &compress);
    debug_assert!(
        trace.values.chunks_exact(SHA256_WIDTH).all(|row| {
            let cols = Sha256Cols::read(row);
            (cols.ctl.is_round == Val::ZERO || cols.slack == [Val::ZERO; 4])
                && (cols.ctl.schedule == Val::ZERO || cols.slack_w == [Val::ZERO; 2])
        }),
        "a round or schedule equation of the honest trace fails"
    );
    trace
}

/// The compression function as trace generation sees it: the state and the
/// block words to every value of the compression.
pub(super) type CompressFn = dyn Fn([u32; 8], [u32; 16]) -> Compression + Sync;

/// The trace with the values of each block taken from `comp_of` (the
/// honest trace for [`compress`]; tests pass a forger's function). The
/// memory slots are those of the traced accesses, so the words written must
/// be the loaded state plus `comp_of`'s final `a` and `e` words.
pub(super) fn generate_trace_with(
    ctx: &TraceContext<'_>,
    comp_of: &CompressFn,
) -> RowMajorMatrix<Val> {
    let steps = ctx.steps(super::CHIP);
    let mut trace = zero_trace(steps.len() * ROWS_PER_BLOCK, SHA256_WIDTH);
    trace
        .values
        .par_chunks_mut(ROWS_PER_BLOCK * SHA256_WIDTH)
        .zip(steps.par_iter())
        .for_each(|(rows, step)| {
            let accesses = ctx.trace.accesses_of(step);
            assert_eq!(accesses.len(), ACCESSES as usize, "sha256compress accesses");
            let mut init = [0u32; 8];
            for (k, &i) in STATE_ORDER.iter().enumerate() {
                init[i] = accesses[2 + k].value;
            }
            let w: [u32; 16] = std::array::from_fn(|i| accesses[10 + i].value.swap_bytes());
            let inst = ctx.instruction(step.pc);
            let [op_a, op_b, ..] = inst.operands();
            let block = Block {
                pc: step.pc,
                timestamp: step.timestamp,
                op_a,
                op_b,
                accesses,
                init,
                comp: comp_of(init, w),
            };
            fill_block(&block, rows, ctx.counters);
        });
    fill_slacks(&mut trace);
    trace
}

/// Sets every row's slack columns to the residuals of its equations (zero
/// where they hold).
pub(super) fn fill_slacks(trace: &mut RowMajorMatrix<Val>) {
    let height = trace.values.len() / SHA256_WIDTH;
    let all: Vec<([Val; 4], [Val; 2])> = (0..height)
        .into_par_iter()
        .map(|i| {
            let row = Sha256Cols::read(&trace.values[i * SHA256_WIDTH..]);
            let next = Sha256Cols::read(&trace.values[((i + 1) % height) * SHA256_WIDTH..]);
            slacks(&row, &next)
        })
        .collect();
    trace
        .values
        .par_chunks_mut(SHA256_WIDTH)
        .zip(all)
        .for_each(|(row, (slack, slack_w))| {
            let mut cols = Sha256Cols::read(row);
            cols.slack = slack;
            cols.slack_w = slack_w;
            cols.write(row);
        });
}
