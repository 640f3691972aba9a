//! The EcallMemory AIR: one row per byte that `read_input` stores or
//! `reveal` loads, each one word access of main memory.
//!
//! A row is one link of its call's chain on [`ECALL_MEMORY`] (see
//! `super::super::air` for why every Ecall row gets exactly its `len` rows,
//! at timestamps `t + 3 + k` and addresses `ptr + k`): it receives
//! `(T, A, R, kind)` and sends `(T + 1, A + 1, R - 1, kind)`, with
//! `kind = is_reveal`.
//!
//! The byte's place in its word is a one-hot `offset` (sum `is_valid`); the
//! accessed word is `A - (o1 + 2 o2 + 3 o3)` in address space 2. The memory
//! boundary only admits word pointers `4 i` with `i < 2^27`, and `A < 2^29`
//! is an exact integer (the Ecall row checked the buffer), so the offset is
//! `A mod 4` and the word is the one holding the byte.
//!
//! * read_input: the word's limb at the offset becomes `byte` (the other
//!   limbs are unchanged); `byte` is range-checked (private input, but
//!   memory only holds bytes).
//! * reveal: `byte` is the word's limb at the offset (a read); the row sends
//!   `(T, byte)` on [`PUBLIC_OUTPUT`].
//!
//! Both cases use one formula for the new word: `w_j + o_j (byte - w_j)`,
//! which for reveal is `w` since `byte = Σ o_j w_j`.
//!
//! Columns: 17. Degree 3.

use super::super::buses::{ECALL_MEMORY, PUBLIC_OUTPUT};
use trellis_isa::rv32im::AS_MEMORY;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};
use trellis_vm::circuit::buses::RANGE;
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::{AccessCols, eval_access, once};

trellis_vm::columns! {
    /// One row of the EcallMemory chip.
    pub struct EcallMemoryCols {
        /// 1 for a read_input store.
        is_input: T,
        /// 1 for a reveal load.
        is_reveal: T,
        /// Timestamp of the access.
        timestamp: T,
        /// Byte address.
        address: T,
        /// Bytes of the call left, this one included.
        remaining: T,
        /// One-hot position of the byte in its word.
        offset: [T; 4],
        /// The byte stored or loaded.
        byte: T,
        /// The word before the access.
        word: [T; 4],
        /// Timestamp proof of the access.
        access: AccessCols<T>,
    }
}

/// Number of columns of [`EcallMemoryCols`].
pub const ECALL_MEMORY_WIDTH: usize = <EcallMemoryCols<u8> as Columns<u8>>::WIDTH;

/// The EcallMemory AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct EcallMemoryAir;

impl BaseAir<Val> for EcallMemoryAir {
    fn width(&self) -> usize {
        ECALL_MEMORY_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for EcallMemoryAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&EcallMemoryCols::<Domain> {
            is_input: Domain::Bit,
            is_reveal: Domain::Bit,
            timestamp: Domain::Determined(
                "ecall_memory chain: t + 3 + k for the k-th byte of its Ecall row",
            ),
            address: Domain::Determined("ecall_memory chain: ptr + k for the k-th byte"),
            remaining: Domain::Determined("ecall_memory chain: len - k for the k-th byte"),
            offset: [Domain::Bit; 4],
            // Range-checked on read_input rows; the word's limb at the
            // offset (a memory byte) on reveal rows.
            byte: Domain::Byte,
            word: [Domain::Determined("memory bus: the bytes of the word before the access"); 4],
            access: AccessCols::CONTRACT,
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for EcallMemoryAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = EcallMemoryCols::<AB::Var>::read(main.current_slice());
        let (input, reveal): (AB::Expr, AB::Expr) = (cols.is_input.into(), cols.is_reveal.into());
        let o = cols.offset.map(Into::<AB::Expr>::into);
        let w = cols.word.map(Into::<AB::Expr>::into);
        let byte: AB::Expr = cols.byte.into();
        let c = |x: u32| AB::Expr::from_u32(x);

        builder.assert_bool(input.clone());
        builder.assert_bool(reveal.clone());
        let is_valid = input.clone() + reveal.clone();
        builder.assert_bool(is_valid.clone());
        for bit in &o {
            builder.assert_bool(bit.clone());
        }
        builder.assert_eq(
            o[0].clone() + o[1].clone() + o[2].clone() + o[3].clone(),
            is_valid.clone(),
        );
        let selected = (0..4).fold(AB::Expr::ZERO, |acc, j| acc + o[j].clone() * w[j].clone());
        builder.assert_zero(reveal.clone() * (byte.clone() - selected));

        // The chain: this byte, then the next.
        let offset = o[1].clone() + o[2].clone() * c(2) + o[3].clone() * c(3);
        let (t, address, remaining): (AB::Expr, AB::Expr, AB::Expr) = (
            cols.timestamp.into(),
            cols.address.into(),
            cols.remaining.into(),
        );
        ECALL_MEMORY.receive(
            builder,
            [
                t.clone(),
                address.clone(),
                remaining.clone(),
                reveal.clone(),
            ],
            once::<AB>(is_valid.clone()),
        );
        ECALL_MEMORY.send(
            builder,
            [
                t.clone() + AB::Expr::ONE,
                address.clone() + AB::Expr::ONE,
                remaining - AB::Expr::ONE,
                reveal.clone(),
            ],
            once::<AB>(is_valid.clone()),
        );

        // The word access.
        let data: [AB::Expr; 4] =
            std::array::from_fn(|j| w[j].clone() + o[j].clone() * (byte.clone() - w[j].clone()));
        eval_access(
            builder,
            is_valid,
            c(AS_MEMORY),
            address - offset,
            w,
            data,
            t.clone(),
            &cols.access,
        );
        RANGE.lookup(builder, [byte.clone(), c(8)], once::<AB>(input));
        PUBLIC_OUTPUT.send(builder, [t, byte], once::<AB>(reveal));
    }
}
