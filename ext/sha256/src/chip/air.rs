//! The compression AIR (the soundness argument is in the module doc of
//! `super`).

use super::bits::{ch, from_bits, limbs, maj, sigma};
use super::columns::{ControlCols, SHA256_WIDTH, Sha256Cols, SlotCols};
use super::table::SCHEDULE_BUS;
use crate::executor::ACCESSES;
use crate::opcode::{OPERAND_D, OPERAND_E, Sha256Opcode};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{BITWISE, BITWISE_RANGE, RANGE};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{eval_access, eval_exec, once};
use trellis_vm::memory::MEMORY_GUARD;

/// Bits of the low limb of `(ptr - 0x1000) / 4`.
pub const PTR_LO_BITS: u32 = 16;
/// Bits of its high limb: pointers stay below `0x1000 + 2^29`.
pub const PTR_HI_BITS: u32 = 11;

/// The compression AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256Air;

impl BaseAir<Val> for Sha256Air {
    fn width(&self) -> usize {
        SHA256_WIDTH
    }
}

impl ChipAir for Sha256Air {
    fn chip_name(&self) -> String {
        format!("sha256/{}", super::CHIP)
    }

    /// The column contract (the soundness argument of `super` says why
    /// each determined group is fixed).
    fn column_domains(&self) -> Option<Vec<Domain>> {
        const A_COPY: Domain = Domain::Determined(
            "copy of a's bit 1 row up (b' = a on load and round rows), boolean there",
        );
        const A_COPY_2: Domain = Domain::Determined(
            "copy of b 1 row up (c' = b), so of a's bit 2 rows up on round rows, boolean there",
        );
        const E_COPY: Domain = Domain::Determined(
            "copy of e's bit 1 row up (f' = e on load and round rows), boolean there",
        );
        const E_COPY_2: Domain = Domain::Determined(
            "copy of f 1 row up (g' = f), so of e's bit 2 rows up on round rows, boolean there",
        );
        let ptr_limbs = [
            Domain::Limb { bits: PTR_LO_BITS },
            Domain::Limb { bits: PTR_HI_BITS },
        ];
        Some(layout(&Sha256Cols::<Domain> {
            ctl: ControlCols::CONTRACT,
            pc: Domain::Pointer,
            op_a: Domain::Determined("program bus: operand a (4·rs1) of the committed instruction"),
            op_b: Domain::Determined("program bus: operand b (4·rs2) of the committed instruction"),
            state_ptr: Domain::Pointer,
            block_ptr: Domain::Pointer,
            ts: Domain::Timestamp,
            ptr_limbs: [ptr_limbs[0], ptr_limbs[1], ptr_limbs[0], ptr_limbs[1]],
            slot_a: SlotCols::CONTRACT,
            slot_e: SlotCols::CONTRACT,
            a: [Domain::Bit; 32],
            b: [A_COPY; 32],
            c: [A_COPY_2; 32],
            d: [Domain::Determined(
                "limbs of c 1 row up (d' = limbs(c) on load and round rows): a's limbs 3 rows up",
            ); 2],
            e: [Domain::Bit; 32],
            f: [E_COPY; 32],
            g: [E_COPY_2; 32],
            h: [Domain::Determined(
                "limbs of g 1 row up (h' = limbs(g) on load and round rows): e's limbs 3 rows up",
            ); 2],
            carry_e: [Domain::Bit; 6],
            carry_a: [Domain::Bit; 6],
            slack: [Domain::Determined(
                "zero on round rows (is_round·slack = 0); elsewhere the round equation's residual",
            ); 4],
            window: [Domain::Determined(
                "round rows shift it and append w (window' = window[2..] ++ w): W_{r-16}..W_{r-1}",
            ); 32],
            w: [Domain::Limb { bits: 16 }; 2],
            w1_bits: [Domain::Bit; 32],
            w14_bits: [Domain::Bit; 32],
            carry_w: [Domain::Bit; 4],
            slack_w: [Domain::Determined(
                "zero on schedule rows (schedule·slack_w = 0); elsewhere the schedule equation's residual",
            ); 2],
        }))
    }
}

/// `x0 + 2^8 x1 + 2^16 x2 + 2^24 x3`.
fn word<E: PrimeCharacteristicRing + Clone>(b: &[E; 4]) -> E {
    b[0].clone()
        + b[1].clone() * E::from_u32(1 << 8)
        + b[2].clone() * E::from_u32(1 << 16)
        + b[3].clone() * E::from_u32(1 << 24)
}

/// The 16-bit halves of a little-endian word.
fn halves<E: PrimeCharacteristicRing + Clone>(b: &[E; 4]) -> [E; 2] {
    [
        b[0].clone() + b[1].clone() * E::from_u32(256),
        b[2].clone() + b[3].clone() * E::from_u32(256),
    ]
}

impl<AB: BusBuilder> Air<AB> for Sha256Air {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l = Sha256Cols::<AB::Var>::read(main.current_slice());
        let n = Sha256Cols::<AB::Var>::read(main.next_slice());
        let x = |v: AB::Var| -> AB::Expr { v.into() };
        let num = |v: u32| AB::Expr::from_u32(v);
        let bits = |v: [AB::Var; 32]| v.map(x);
        let c = &l.ctl;

        // Flags and block structure.
        let flags = [
            c.is_instruction,
            c.is_load,
            c.is_round,
            c.is_final,
            c.reads_block,
            c.schedule,
            c.is_write,
        ];
        for f in flags {
            builder.assert_bool(x(f));
        }
        let is_real = x(c.is_instruction) + x(c.is_load) + x(c.is_round) + x(c.is_final);
        let n_real =
            x(n.ctl.is_instruction) + x(n.ctl.is_load) + x(n.ctl.is_round) + x(n.ctl.is_final);
        builder.assert_bool(is_real.clone());
        for f in [c.reads_block, c.schedule, c.is_write] {
            builder.assert_zero((AB::Expr::ONE - is_real.clone()) * x(f));
        }
        SCHEDULE_BUS.lookup(
            builder,
            [
                x(c.j),
                x(c.k[0]),
                x(c.k[1]),
                x(c.is_instruction),
                x(c.is_load),
                x(c.is_round),
                x(c.is_final),
                x(c.reads_block),
                x(c.schedule),
                x(c.is_write),
                x(c.off_a),
                x(c.off_e),
            ],
            once::<AB>(is_real.clone()),
        );
        // `inner`: a real row that is not the last of its block.
        let inner = is_real.clone() - x(c.is_final);
        builder.when_first_row().assert_zero(x(c.j));
        builder.when_last_row().assert_zero(inner.clone());
        {
            let mut t = builder.when_transition();
            t.assert_zero(inner.clone() * (x(n.ctl.j) - x(c.j) - AB::Expr::ONE));
            t.assert_zero(inner.clone() * (AB::Expr::ONE - n_real.clone()));
            t.assert_zero(x(c.is_final) * x(n.ctl.j));
            t.assert_zero((AB::Expr::ONE - is_real.clone()) * n_real);
        }

        // Values carried through the block; timestamps advance by the accesses.
        let en_a = x(c.is_instruction) + x(c.is_load) + x(c.reads_block) + x(c.is_write);
        let en_e = x(c.is_instruction) + x(c.is_load) + x(c.is_write);
        builder.assert_zero(inner.clone() * (x(n.state_ptr) - x(l.state_ptr)));
        builder.assert_zero(inner.clone() * (x(n.block_ptr) - x(l.block_ptr)));
        builder.assert_zero(inner * (x(n.ts) - x(l.ts) - en_a.clone() - en_e.clone()));

        // Instruction row: execution, program, pointers from the registers.
        let is_i = x(c.is_instruction);
        let opcode = AB::Expr::from_u16(Sha256Opcode::Compress.global().as_u16());
        eval_exec(
            builder,
            is_i.clone(),
            x(l.pc),
            x(l.ts),
            x(l.pc) + num(4),
            num(ACCESSES),
            [
                opcode,
                x(l.op_a),
                x(l.op_b),
                AB::Expr::ZERO,
                num(OPERAND_D),
                num(OPERAND_E),
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
        );
        let data_a = l.slot_a.data.map(x);
        let data_e = l.slot_e.data.map(x);
        let [qa_lo, qa_hi, qe_lo, qe_hi] = l.ptr_limbs.map(x);
        for (ptr, data, lo, hi) in [
            (l.state_ptr, &data_a, qa_lo, qa_hi),
            (l.block_ptr, &data_e, qe_lo, qe_hi),
        ] {
            builder.assert_zero(is_i.clone() * (x(ptr) - word(data)));
            builder.assert_zero(
                is_i.clone()
                    * (x(ptr)
                        - num(MEMORY_GUARD)
                        - lo.clone() * num(4)
                        - hi.clone() * num(4 << PTR_LO_BITS)),
            );
            RANGE.lookup(builder, [lo, num(PTR_LO_BITS)], once::<AB>(is_i.clone()));
            RANGE.lookup(builder, [hi, num(PTR_HI_BITS)], once::<AB>(is_i.clone()));
        }
        // Top bytes below 32: the pointers are below 2^29 < p as integers.
        BITWISE.lookup(
            builder,
            [
                data_a[3].clone() * num(8),
                data_e[3].clone() * num(8),
                AB::Expr::ZERO,
                num(BITWISE_RANGE),
            ],
            once::<AB>(is_i.clone()),
        );

        // The two memory slots.
        let address_space = num(AS_MEMORY) - is_i.clone() * num(AS_MEMORY - AS_REGISTER);
        let not_i = AB::Expr::ONE - is_i.clone();
        let ptr_a = is_i.clone() * x(l.op_a)
            + not_i.clone() * x(l.state_ptr)
            + x(c.reads_block) * (x(l.block_ptr) - x(l.state_ptr))
            + x(c.off_a);
        let ptr_e = is_i * x(l.op_b) + not_i * x(l.state_ptr) + x(c.off_e);
        let is_write = x(c.is_write);
        let a_bits = bits(l.a);
        let e_bits = bits(l.e);
        for (slot, enabled, ptr, timestamp, value) in [
            (&l.slot_a, en_a.clone(), ptr_a, x(l.ts), &a_bits),
            (&l.slot_e, en_e, ptr_e, x(l.ts) + en_a, &e_bits),
        ] {
            eval_slot::<AB>(
                builder,
                slot,
                enabled,
                address_space.clone(),
                ptr,
                timestamp,
                is_write.clone(),
                limbs(value),
            );
        }

        // Load rows put the words read into the next row's `a` and `e`.
        let is_load = x(c.is_load);
        for (next, data) in [(bits(n.a), &data_a), (bits(n.e), &data_e)] {
            for (got, want) in limbs(&next).into_iter().zip(halves(data)) {
                builder.assert_zero(is_load.clone() * (got - want));
            }
        }

        // Load and round rows shift the working variables.
        let shift = is_load + x(c.is_round);
        for (to, from) in [(n.b, l.a), (n.c, l.b), (n.f, l.e), (n.g, l.f)] {
            for i in 0..32 {
                builder.assert_zero(shift.clone() * (x(to[i]) - x(from[i])));
            }
        }
        for (to, from) in [(n.d, bits(l.c)), (n.h, bits(l.g))] {
            for (t, f) in to.into_iter().zip(limbs(&from)) {
                builder.assert_zero(shift.clone() * (x(t) - f));
            }
        }

        // `a` and `e` are bits on every row. Only their limbs are tied to
        // the loaded words and the round results, and `Σ0, Σ1, Ch, Maj` are
        // polynomials that compute the word functions on bits only (issue
        // #10 item 1.1: non-boolean bits with the right limbs forged any
        // output word). `b, c, f, g` on round rows are bitwise copies of
        // earlier rows' `a` and `e`, so they need no constraint of their own
        // (the soundness argument in `super`).
        for bit in l.a.into_iter().chain(l.e) {
            builder.assert_bool(x(bit));
        }

        // The round: new e = d + T1, new a = T1 + T2, in 16-bit halves.
        let (b_bits, c_bits, f_bits, g_bits) = (bits(l.b), bits(l.c), bits(l.f), bits(l.g));
        let s1 = limbs(&sigma(&e_bits, 6, 11, 25, false));
        let chs = limbs(&ch(&e_bits, &f_bits, &g_bits));
        let s0 = limbs(&sigma(&a_bits, 2, 13, 22, false));
        let mj = limbs(&maj(&a_bits, &b_bits, &c_bits));
        let new_e = limbs(&bits(n.e));
        let new_a = limbs(&bits(n.a));
        let carry_e = split::<AB, 3>(l.carry_e.map(x));
        let carry_a = split::<AB, 3>(l.carry_a.map(x));
        for bit in l.carry_e.into_iter().chain(l.carry_a) {
            builder.assert_bool(x(bit));
        }
        let two16 = num(1 << 16);
        for half in 0..2 {
            let t1 =
                x(l.h[half]) + s1[half].clone() + chs[half].clone() + x(c.k[half]) + x(l.w[half]);
            let (carry_in_e, carry_in_a) = if half == 0 {
                (AB::Expr::ZERO, AB::Expr::ZERO)
            } else {
                (carry_e[0].clone(), carry_a[0].clone())
            };
            builder.assert_zero(
                new_e[half].clone() + carry_e[half].clone() * two16.clone()
                    - x(l.d[half])
                    - t1.clone()
                    - carry_in_e
                    - x(l.slack[half]),
            );
            builder.assert_zero(
                new_a[half].clone() + carry_a[half].clone() * two16.clone()
                    - t1
                    - s0[half].clone()
                    - mj[half].clone()
                    - carry_in_a
                    - x(l.slack[2 + half]),
            );
        }
        for s in l.slack {
            builder.assert_zero(x(c.is_round) * x(s));
        }

        // The message schedule.
        let reads_block = x(c.reads_block);
        builder.assert_zero(
            reads_block.clone() * (x(l.w[0]) - data_a[3].clone() - data_a[2].clone() * num(256)),
        );
        builder.assert_zero(
            reads_block * (x(l.w[1]) - data_a[1].clone() - data_a[0].clone() * num(256)),
        );
        let w1 = bits(l.w1_bits);
        let w14 = bits(l.w14_bits);
        for b in l.w1_bits.into_iter().chain(l.w14_bits).chain(l.carry_w) {
            builder.assert_bool(x(b));
        }
        let win = |k: usize, half: usize| x(l.window[2 * k + half]);
        for (half, (lo1, lo14)) in limbs(&w1).into_iter().zip(limbs(&w14)).enumerate() {
            builder.assert_zero(lo1 - win(1, half));
            builder.assert_zero(lo14 - win(14, half));
        }
        let ss0 = limbs(&sigma(&w1, 7, 18, 3, true));
        let ss1 = limbs(&sigma(&w14, 17, 19, 10, true));
        let carry_w = split::<AB, 2>(l.carry_w.map(x));
        for half in 0..2 {
            let carry_in = if half == 0 {
                AB::Expr::ZERO
            } else {
                carry_w[0].clone()
            };
            builder.assert_zero(
                x(l.w[half]) + carry_w[half].clone() * two16.clone()
                    - ss1[half].clone()
                    - win(9, half)
                    - ss0[half].clone()
                    - win(0, half)
                    - carry_in
                    - x(l.slack_w[half]),
            );
        }
        let schedule = x(c.schedule);
        for s in l.slack_w {
            builder.assert_zero(schedule.clone() * x(s));
        }
        for half in 0..2 {
            RANGE.lookup(
                builder,
                [x(l.w[half]), num(16)],
                once::<AB>(schedule.clone()),
            );
        }
        let round = x(c.is_round);
        for k in 0..30 {
            builder.assert_zero(round.clone() * (x(n.window[k]) - x(l.window[k + 2])));
        }
        for half in 0..2 {
            builder.assert_zero(round.clone() * (x(n.window[30 + half]) - x(l.w[half])));
        }
    }
}

/// Two `N`-bit numbers from `2N` bits (low number first).
fn split<AB: BusBuilder, const N: usize>(bits: impl AsRef<[AB::Expr]>) -> [AB::Expr; 2] {
    let bits = bits.as_ref();
    [from_bits(&bits[..N]), from_bits(&bits[N..2 * N])]
}

/// One slot's access when `enabled`: a read of `data`, or (when
/// `is_write`) a write of `data = prev + value` (mod 2^32, `value` given by
/// its 16-bit halves) with `data`'s bytes range-checked.
#[allow(clippy::too_many_arguments)]
fn eval_slot<AB: BusBuilder>(
    builder: &mut AB,
    slot: &SlotCols<AB::Var>,
    enabled: AB::Expr,
    address_space: AB::Expr,
    pointer: AB::Expr,
    timestamp: AB::Expr,
    is_write: AB::Expr,
    value: [AB::Expr; 2],
) {
    let x = |v: AB::Var| -> AB::Expr { v.into() };
    let data = slot.data.map(x);
    let prev = slot.prev.map(x);
    let prev_or_data: [AB::Expr; 4] = std::array::from_fn(|i| {
        data[i].clone() + is_write.clone() * (prev[i].clone() - data[i].clone())
    });
    eval_access(
        builder,
        enabled,
        address_space,
        pointer,
        prev_or_data,
        data.clone(),
        timestamp,
        &slot.access,
    );
    let (out, init) = (halves(&data), halves(&prev));
    let carry = slot.carry.map(x);
    for k in 0..2 {
        builder.assert_bool(carry[k].clone());
        let carry_in = if k == 0 {
            AB::Expr::ZERO
        } else {
            carry[0].clone()
        };
        builder.assert_zero(
            is_write.clone()
                * (out[k].clone() + carry[k].clone() * AB::Expr::from_u32(1 << 16)
                    - init[k].clone()
                    - value[k].clone()
                    - carry_in),
        );
    }
    for k in [0, 2] {
        BITWISE.lookup(
            builder,
            [
                data[k].clone(),
                data[k + 1].clone(),
                AB::Expr::ZERO,
                AB::Expr::from_u32(BITWISE_RANGE),
            ],
            once::<AB>(is_write.clone()),
        );
    }
}
