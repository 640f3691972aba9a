//! The LoadStore AIR: lw, lbu, lhu, lb, lh, sw, sh, sb.
//!
//! Operands (docs/isa.md): `a` = 4·rd (loads) or 4·rs2 (stores), `b` = 4·rs1,
//! `c` = the immediate's low 16 bits, `d = 1`, `e = 2`, `f` = rd ≠ x0 (loads)
//! or 1 (stores), `g` = the immediate's sign.
//!
//! Accesses, in the handler's order (`load_store/executor.rs`):
//!
//! | timestamp | loads | stores |
//! |-----------|-------|--------|
//! | `t` | read rs1 | read rs1 |
//! | `t + 1` | read the memory word | read rs2 |
//! | `t + 2` | write rd (only if `f = 1`) | read-modify-write the memory word |
//!
//! so the timestamp advances by `2 + f`. The second access's columns hold the
//! memory word (loads) or rs2 (stores): `data`. The third access writes
//! `written`: the loaded value (loads) or the new memory word (stores).
//!
//! The address gadget ([`crate::adapters::loadstore`]) proves
//! `addr = rs1 + imm` in guest memory and aligned, with one-hot offset
//! selectors `s_k = [addr mod 4 = k]`. Then, with `d = data` and `p` the
//! word's previous bytes (`write.prev_data`):
//!
//! - lw: `written = d`; lbu: `(Σ s_k d_k, 0, 0, 0)`;
//!   lhu: `(d_0 or d_2, d_1 or d_3, 0, 0)` by `s_2`;
//!   lb / lh: the same with the upper limbs `255 · sign`, where `sign` is the
//!   top bit of `written_0` (lb) or `written_1` (lh), proven by the range
//!   lookup `written_j - 128 · sign < 2^7`;
//! - sw: `written = d`; sh: `d_0, d_1` replace `p_0, p_1` or `p_2, p_3`;
//!   sb: `d_0` replaces `p_k` where `s_k = 1`; the other limbs stay `p`.
//!
//! `sign` is 0 on rows other than lb / lh, and the third access's columns are
//! 0 on a load into x0 (no write), so every instruction row has one witness.
//!
//! Loaded limbs are bytes read from memory (or `0`, `255 · sign`); stored limbs
//! are bytes of rs2 or of the old word, so `written` needs no range check.
//!
//! Columns: 8 flags + pc, timestamp + a, b, c, g + write_rd + 7 (rs1)
//! + 7 (data) + 11 (written, write) + 9 (address) + sign = 50. Degree 3.

use crate::adapters::loadstore::{AddressCols, AddressIo, eval_address, offset_selectors};
use trellis_isa::OpcodeClass;
use trellis_isa::rv32im::{AS_MEMORY, AS_REGISTER, LoadStoreOpcode};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::RANGE;
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{AccessCols, WriteCols, eval_access, eval_exec, once};

/// Bits of `byte - 128 · sign` for a byte whose top bit is `sign`.
pub const SIGN_CHECK_BITS: u32 = 7;

trellis_vm::columns! {
    /// One row of the LoadStore chip.
    pub struct LoadStoreCols {
        /// One flag per opcode, in local order (lw, lbu, lhu, lb, lh, sw, sh, sb).
        flags: [T; 8],
        /// The instruction's pc.
        pc: T,
        /// Timestamp of its first access.
        timestamp: T,
        /// Operand `a`: 4·rd (loads) or 4·rs2 (stores).
        a: T,
        /// Operand `b`: 4·rs1.
        rs1_ptr: T,
        /// Operand `c`: the immediate's low 16 bits.
        imm: T,
        /// Operand `g`: the immediate's sign.
        imm_sign: T,
        /// Operand `f` of a load: 1 if rd is written (rd ≠ x0); 0 for stores.
        write_rd: T,
        /// Limbs of rs1.
        rs1: [T; 4],
        /// Timestamp proof of the rs1 read.
        rs1_read: AccessCols<T>,
        /// The memory word (loads) or rs2 (stores).
        data: [T; 4],
        /// Timestamp proof of the second access.
        data_read: AccessCols<T>,
        /// What the third access writes: the loaded value or the new memory word.
        written: [T; 4],
        /// Timestamp proof and previous bytes of the third access.
        write: WriteCols<T>,
        /// The effective address.
        address: AddressCols<T>,
        /// Sign bit of the loaded byte / half (lb, lh).
        sign: T,
    }
}

/// Number of columns of [`LoadStoreCols`].
pub const LOAD_STORE_WIDTH: usize = <LoadStoreCols<u8> as Columns<u8>>::WIDTH;

/// The LoadStore AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadStoreAir;

impl BaseAir<Val> for LoadStoreAir {
    fn width(&self) -> usize {
        LOAD_STORE_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for LoadStoreAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&LoadStoreCols::<Domain> {
            flags: [Domain::Bit; 8],
            pc: Domain::Pointer,
            timestamp: Domain::Timestamp,
            a: Domain::Determined("program bus: operand a of the committed instruction"),
            rs1_ptr: Domain::Determined("program bus: operand b of the committed instruction"),
            imm: Domain::Determined("program bus: operand c of the committed instruction"),
            imm_sign: Domain::Bit,
            write_rd: Domain::Bit,
            rs1: [Domain::Determined(
                "memory bus: the bytes of rs1 (the read receives and re-sends them)",
            ); 4],
            rs1_read: AccessCols::CONTRACT,
            data: [Domain::Determined(
                "memory bus: the bytes of the memory word (loads) or of rs2 (stores)",
            ); 4],
            data_read: AccessCols::CONTRACT,
            written: [Domain::Determined(
                "w_k = loaded_k + stored_k: selected bytes of data, 0, 255 · sign, or prev_data",
            ); 4],
            write: WriteCols::CONTRACT,
            address: AddressCols::CONTRACT,
            sign: Domain::Bit,
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for LoadStoreAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = LoadStoreCols::<AB::Var>::read(main.current_slice());
        let c = |x: u32| AB::Expr::from_u32(x);
        let [lw, lbu, lhu, lb, lh, sw, sh, sb] = cols.flags.map(Into::<AB::Expr>::into);
        for flag in cols.flags {
            builder.assert_bool(flag);
        }
        let is_load = lw.clone() + lbu.clone() + lhu.clone() + lb.clone() + lh.clone();
        let is_store = sw.clone() + sh.clone() + sb.clone();
        let is_valid = is_load.clone() + is_store.clone();
        builder.assert_bool(is_valid.clone());
        let opcode = cols
            .flags
            .iter()
            .enumerate()
            .fold(AB::Expr::ZERO, |acc, (i, &flag)| {
                acc + flag.into() * c(u32::from(LoadStoreOpcode::OFFSET) + i as u32)
            });

        let write_rd: AB::Expr = cols.write_rd.into();
        builder.assert_bool(write_rd.clone());
        builder.assert_zero(write_rd.clone() * (AB::Expr::ONE - is_load.clone()));

        let rs1 = cols.rs1.map(Into::<AB::Expr>::into);
        let word_pointer = eval_address(
            builder,
            &cols.address,
            AddressIo {
                is_valid: is_valid.clone(),
                rs1: rs1.clone(),
                imm: cols.imm.into(),
                imm_sign: cols.imm_sign.into(),
                is_word: lw.clone() + sw.clone(),
                is_half: lhu.clone() + lh.clone() + sh.clone(),
            },
        );

        // The written limbs.
        let s = offset_selectors::<AB>(&cols.address);
        let d = cols.data.map(Into::<AB::Expr>::into);
        let p = cols.write.prev_data.map(Into::<AB::Expr>::into);
        let w = cols.written.map(Into::<AB::Expr>::into);
        let sign: AB::Expr = cols.sign.into();
        builder.assert_bool(sign.clone());
        let byte_load = lbu.clone() + lb.clone();
        let half_load = lhu.clone() + lh.clone();
        let signed_load = lb.clone() + lh.clone();
        // Only lb / lh have a sign: 0 on every other row.
        builder.assert_zero((AB::Expr::ONE - signed_load.clone()) * sign.clone());
        let extension = sign.clone() * c(255);
        let (low_half, high_half) = (AB::Expr::ONE - s[2].clone(), s[2].clone());
        let selected_byte = (0..4).fold(AB::Expr::ZERO, |acc, k| acc + s[k].clone() * d[k].clone());
        let half =
            |k: usize| low_half.clone() * d[k].clone() + high_half.clone() * d[k + 2].clone();
        let loaded = [
            lw.clone() * d[0].clone() + byte_load * selected_byte + half_load.clone() * half(0),
            lw.clone() * d[1].clone() + half_load * half(1) + lb.clone() * extension.clone(),
            lw.clone() * d[2].clone() + signed_load.clone() * extension.clone(),
            lw * d[3].clone() + signed_load.clone() * extension,
        ];
        for k in 0..4 {
            let keep_or = |new: AB::Expr, selected: AB::Expr| {
                selected.clone() * new + (AB::Expr::ONE - selected) * p[k].clone()
            };
            let half_source = if k < 2 {
                d[k].clone()
            } else {
                d[k - 2].clone()
            };
            let half_selected = if k < 2 {
                low_half.clone()
            } else {
                high_half.clone()
            };
            let stored = sw.clone() * d[k].clone()
                + sh.clone() * keep_or(half_source, half_selected)
                + sb.clone() * keep_or(d[0].clone(), s[k].clone());
            builder.assert_eq(w[k].clone(), loaded[k].clone() + stored);
        }
        RANGE.lookup(
            builder,
            [
                lb.clone() * w[0].clone() + lh.clone() * w[1].clone() - sign * c(128),
                c(SIGN_CHECK_BITS),
            ],
            once::<AB>(signed_load),
        );

        // Accesses.
        let timestamp: AB::Expr = cols.timestamp.into();
        let a: AB::Expr = cols.a.into();
        eval_access(
            builder,
            is_valid.clone(),
            c(AS_REGISTER),
            cols.rs1_ptr.into(),
            rs1.clone(),
            rs1,
            timestamp.clone(),
            &cols.rs1_read,
        );
        eval_access(
            builder,
            is_valid.clone(),
            is_load.clone() * c(AS_MEMORY) + is_store.clone() * c(AS_REGISTER),
            is_load.clone() * word_pointer.clone() + is_store.clone() * a.clone(),
            d.clone(),
            d,
            timestamp.clone() + AB::Expr::ONE,
            &cols.data_read,
        );
        let writes = write_rd.clone() + is_store.clone();
        // A load into x0 writes nothing: the third access's columns are 0.
        for col in [
            cols.write.access.prev_timestamp,
            cols.write.access.gap_lo,
            cols.write.access.gap_hi,
        ]
        .into_iter()
        .chain(cols.write.prev_data)
        {
            builder.assert_zero((AB::Expr::ONE - writes.clone()) * col.into());
        }
        eval_access(
            builder,
            writes.clone(),
            is_load.clone() * c(AS_REGISTER) + is_store.clone() * c(AS_MEMORY),
            is_load * a.clone() + is_store * word_pointer,
            p,
            w,
            timestamp.clone() + AB::Expr::TWO,
            &cols.write.access,
        );

        let pc: AB::Expr = cols.pc.into();
        eval_exec(
            builder,
            is_valid,
            pc.clone(),
            timestamp,
            pc + c(4),
            AB::Expr::TWO + writes.clone(),
            [
                opcode,
                a,
                cols.rs1_ptr.into(),
                cols.imm.into(),
                c(AS_REGISTER),
                c(AS_MEMORY),
                writes,
                cols.imm_sign.into(),
            ],
        );
    }
}
