//! The bigint AIR (the soundness argument is in the module doc of
//! `super`).

use super::columns::{BIGINT_WIDTH, BigIntCols, RegCols, WordAccesses};
use crate::arith::{CARRY_BITS, CARRY_OFFSET, POSITIONS, Q_BYTES, SUB_OFFSET};
use crate::executor::{ACCESSES, WORDS};
use crate::modulus::{BYTES, Modulus};
use crate::opcode::{BigIntOpcode, OPERAND_D, OPERAND_E};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::{
    BITWISE, BITWISE_RANGE, RANGE, TIMESTAMP_HIGH_BITS, TIMESTAMP_LOW_BITS,
};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{AccessCols, eval_access, eval_exec, once};
use trellis_vm::memory::MEMORY_GUARD;

/// Bits of the low limb of `(ptr - 0x1000) / 4`.
pub const PTR_LO_BITS: u32 = 16;
/// Bits of its high limb: pointers stay below `0x1000 + 2^29`.
pub const PTR_HI_BITS: u32 = 11;
/// Bits of a pointer's top byte (pointer below `2^29`).
pub const PTR_TOP_BITS: u32 = 5;
/// Accesses before the first word of `a`: the three registers.
pub const FIRST_A: u32 = 3;
/// Access index of `b`'s first word.
pub const FIRST_B: u32 = FIRST_A + WORDS as u32;
/// Access index of `r`'s first word.
pub const FIRST_R: u32 = FIRST_B + WORDS as u32;

/// The bigint AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct BigIntAir;

impl BaseAir<Val> for BigIntAir {
    fn width(&self) -> usize {
        BIGINT_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl RegCols<Domain> {
    /// Domains of a pointer register read.
    pub const CONTRACT: Self = Self {
        access: AccessCols::CONTRACT,
        data: [
            Domain::Determined("memory bus: the register's byte 0 (the pointer)"),
            Domain::Determined("memory bus: the register's byte 1 (the pointer)"),
            Domain::Determined("memory bus: the register's byte 2 (the pointer)"),
            Domain::Limb { bits: PTR_TOP_BITS },
        ],
        limbs: [
            Domain::Limb { bits: PTR_LO_BITS },
            Domain::Limb { bits: PTR_HI_BITS },
        ],
    };
}

impl WordAccesses<Domain> {
    /// Domains of eight timestamp proofs.
    pub const CONTRACT: Self = Self {
        prev_timestamp: [Domain::Timestamp; WORDS],
        gap_lo: [Domain::Limb {
            bits: TIMESTAMP_LOW_BITS,
        }; WORDS],
        gap_hi: [Domain::Limb {
            bits: TIMESTAMP_HIGH_BITS,
        }; WORDS],
    };
}

impl ChipAir for BigIntAir {
    fn chip_name(&self) -> String {
        format!("bigint/{}", super::CHIP)
    }

    /// The column contract (the soundness argument of `super` says why
    /// each determined column is fixed).
    fn column_domains(&self) -> Option<Vec<Domain>> {
        let carry = Domain::Limb { bits: CARRY_BITS };
        Some(layout(&BigIntCols::<Domain> {
            is_add: Domain::Bit,
            is_sub: Domain::Bit,
            is_mul: Domain::Bit,
            modulus: [Domain::Bit; 5],
            pc: Domain::Pointer,
            ts: Domain::Timestamp,
            regs: [Domain::Determined(
                "program bus: operands a, b, c (4·rd, 4·rs1, 4·rs2) of the committed instruction",
            ); 3],
            ptr_r: RegCols::CONTRACT,
            ptr_a: RegCols::CONTRACT,
            ptr_b: RegCols::CONTRACT,
            a_access: WordAccesses::CONTRACT,
            a: [Domain::Determined(
                "memory bus: the bytes of a's words read (bytes by the memory argument)",
            ); BYTES],
            b_access: WordAccesses::CONTRACT,
            b: [Domain::Determined(
                "memory bus: the bytes of b's words read (bytes by the memory argument)",
            ); BYTES],
            r_access: WordAccesses::CONTRACT,
            r_prev: [Domain::Determined("memory bus: the bytes the result overwrites"); BYTES],
            r: [Domain::Byte; BYTES],
            q: [Domain::Byte; 32],
            q_top: Domain::Byte,
            carry_lo: [carry; 32],
            carry_hi: [carry; 31],
            lt_marker: [Domain::Bit; BYTES],
            lt_diff: Domain::Byte,
        }))
    }
}

/// `x0 + 2^8 x1 + 2^16 x2 + 2^24 x3`.
fn word<E: PrimeCharacteristicRing + Clone>(b: &[E]) -> E {
    (0..4)
        .map(|i| b[i].clone() * E::from_u32(1 << (8 * i)))
        .sum()
}

impl<AB: BusBuilder> Air<AB> for BigIntAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l = BigIntCols::<AB::Var>::read(main.current_slice());
        let x = |v: AB::Var| -> AB::Expr { v.into() };
        let num = |v: u32| AB::Expr::from_u32(v);

        // Operation and modulus flags: boolean, at most one operation, and
        // exactly one modulus on a real row (none on padding).
        for f in [l.is_add, l.is_sub, l.is_mul].into_iter().chain(l.modulus) {
            builder.assert_bool(x(f));
        }
        let is_real = x(l.is_add) + x(l.is_sub) + x(l.is_mul);
        builder.assert_bool(is_real.clone());
        let modulus_sum: AB::Expr = l.modulus.into_iter().map(x).sum();
        builder.assert_zero(modulus_sum - is_real.clone());
        let modulus_index: AB::Expr = (0..l.modulus.len())
            .map(|i| x(l.modulus[i]) * num(i as u32))
            .sum();

        // Execution and program bus.
        let opcode = AB::Expr::from_u16(BigIntOpcode::AddMod.global().as_u16())
            + x(l.is_sub)
            + x(l.is_mul) * num(2);
        eval_exec(
            builder,
            is_real.clone(),
            x(l.pc),
            x(l.ts),
            x(l.pc) + num(4),
            num(ACCESSES),
            [
                opcode,
                x(l.regs[0]),
                x(l.regs[1]),
                x(l.regs[2]),
                num(OPERAND_D),
                num(OPERAND_E),
                modulus_index,
                AB::Expr::ZERO,
            ],
        );

        // The pointer registers: read, aligned, in [0x1000, 2^29).
        let mut ptrs = Vec::with_capacity(3);
        for (k, reg) in l.ptrs().iter().enumerate() {
            let data = reg.data.map(x);
            let ptr = word(&data);
            eval_access(
                builder,
                is_real.clone(),
                num(AS_REGISTER),
                x(l.regs[k]),
                data.clone(),
                data.clone(),
                x(l.ts) + num(k as u32),
                &reg.access,
            );
            builder.assert_zero(
                is_real.clone()
                    * (ptr.clone()
                        - num(MEMORY_GUARD)
                        - x(reg.limbs[0]) * num(4)
                        - x(reg.limbs[1]) * num(4 << PTR_LO_BITS)),
            );
            for (value, bits) in [
                (reg.limbs[0], PTR_LO_BITS),
                (reg.limbs[1], PTR_HI_BITS),
                (reg.data[3], PTR_TOP_BITS),
            ] {
                RANGE.lookup(builder, [x(value), num(bits)], once::<AB>(is_real.clone()));
            }
            ptrs.push(ptr);
        }
        let [ptr_r, ptr_a, ptr_b] = [ptrs[0].clone(), ptrs[1].clone(), ptrs[2].clone()];

        // The operand words (reads) and the result words (writes).
        let a = l.a.map(x);
        let b = l.b.map(x);
        let r = l.r.map(x);
        let r_prev = l.r_prev.map(x);
        let words = |bytes: &[AB::Expr], w: usize| -> [AB::Expr; 4] {
            std::array::from_fn(|i| bytes[4 * w + i].clone())
        };
        // (timestamp proofs, pointer, bytes before, bytes after, first access)
        let accesses = [
            (&l.a_access, &ptr_a, &a, &a, FIRST_A),
            (&l.b_access, &ptr_b, &b, &b, FIRST_B),
            (&l.r_access, &ptr_r, &r_prev, &r, FIRST_R),
        ];
        for (cols, ptr, before, after, first) in accesses {
            let cols: &WordAccesses<AB::Var> = cols;
            for w in 0..WORDS {
                eval_access(
                    builder,
                    is_real.clone(),
                    num(AS_MEMORY),
                    ptr.clone() + num(4 * w as u32),
                    words(before, w),
                    words(after, w),
                    x(l.ts) + num(first + w as u32),
                    &cols.get(w),
                );
            }
        }

        // Bytes: the result (written to memory), the quotient and the
        // comparison's difference, in pairs.
        let q = l.quotient().map(x);
        let mut bytes: Vec<AB::Expr> = r.to_vec();
        bytes.extend(q.iter().cloned());
        bytes.push(x(l.lt_diff));
        for pair in bytes.chunks(2) {
            BITWISE.lookup(
                builder,
                [
                    pair[0].clone(),
                    pair[1].clone(),
                    AB::Expr::ZERO,
                    num(BITWISE_RANGE),
                ],
                once::<AB>(is_real.clone()),
            );
        }
        let carries = l.carries();
        for c in carries {
            RANGE.lookup(
                builder,
                [x(c), num(CARRY_BITS)],
                once::<AB>(is_real.clone()),
            );
        }

        // The modulus bytes: m_j = Σ_i modulus_i · M_i[j].
        let table: Vec<[u8; BYTES]> = Modulus::ALL.iter().map(|m| m.bytes()).collect();
        let m: Vec<AB::Expr> = (0..BYTES)
            .map(|j| {
                (0..table.len())
                    .map(|i| x(l.modulus[i]) * num(u32::from(table[i][j])))
                    .sum()
            })
            .collect();

        // The identity L(a, b) = q·m + r, position by position:
        //   L_k - Σ_{i+j=k} q_i m_j + 16·is_sub·m_k - r_k
        //     + (C_{k-1} - 2^14) - 256 (C_k - 2^14) = 0
        // with C the stored carries (the offset taken on real rows only,
        // so an all-zero padding row holds).
        let offset = |c: AB::Var| x(c) - is_real.clone() * num(CARRY_OFFSET as u32);
        for k in 0..POSITIONS {
            let mut e = AB::Expr::ZERO;
            if k < BYTES {
                e += x(l.is_add) * (a[k].clone() + b[k].clone());
                e += x(l.is_sub) * (a[k].clone() - b[k].clone());
                e += x(l.is_sub) * m[k].clone() * num(SUB_OFFSET as u32);
                e -= r[k].clone();
            }
            let product: AB::Expr = (0..BYTES)
                .filter(|&i| k >= i && k - i < BYTES)
                .map(|i| a[i].clone() * b[k - i].clone())
                .sum();
            e += x(l.is_mul) * product;
            for (mi, bytes) in table.iter().enumerate() {
                let qm: AB::Expr = (0..Q_BYTES)
                    .filter(|&i| k >= i && k - i < BYTES)
                    .map(|i| q[i].clone() * num(u32::from(bytes[k - i])))
                    .sum();
                e -= x(l.modulus[mi]) * qm;
            }
            if k > 0 {
                e += offset(carries[k - 1]);
            }
            if k < carries.len() {
                e -= offset(carries[k]) * num(256);
            }
            builder.assert_zero(e);
        }

        // r < m: at the marked byte k, m_k > r_k; above it, equal.
        let mut below = AB::Expr::ZERO;
        let mut at_marker = AB::Expr::ZERO;
        for k in 0..BYTES {
            builder.assert_bool(x(l.lt_marker[k]));
            builder.assert_zero(below.clone() * (m[k].clone() - r[k].clone()));
            below += x(l.lt_marker[k]);
            at_marker += x(l.lt_marker[k]) * (m[k].clone() - r[k].clone());
        }
        builder.assert_zero(below - is_real.clone());
        builder.assert_zero(x(l.lt_diff) - at_marker + is_real);
    }
}
