//! Memory boundary AIR (soundness argument: the module docs of
//! `system_chips::boundary`).

use super::BOUNDARY_CHIP;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::once;
use crate::circuit::{MEMORY, RANGE};
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};

/// Bits of the low limb of a word index (and of a word-index gap).
pub const PTR_LO_BITS: u32 = 16;
/// Bits of the high limb of a word index (word indices below 2^27).
pub const PTR_HI_BITS: u32 = 11;

crate::columns! {
    /// One touched word.
    pub struct BoundaryCols {
        /// 1 on rows of touched words (all at the top), 0 on padding.
        is_valid: T,
        /// Address space (1 registers, 2 main memory).
        address_space: T,
        /// 1 if the initial value is 0 sent from here (registers, and main
        /// memory outside the image); 0 for image words.
        zero_init: T,
        /// Low 16 bits of the word index `pointer / 4`.
        ptr_lo: T,
        /// High 11 bits of the word index.
        ptr_hi: T,
        /// Low 16 bits of `next index - index - 1` (next row in the same address space).
        gap_lo: T,
        /// High 11 bits of the same gap.
        gap_hi: T,
        /// Final value, little-endian bytes.
        value: [T; 4],
        /// Timestamp of the last access (0 if never accessed).
        final_timestamp: T,
    }
}

/// Memory boundary AIR.
#[derive(Clone, Copy, Debug)]
pub struct BoundaryAir;

impl BaseAir<Val> for BoundaryAir {
    fn width(&self) -> usize {
        <BoundaryCols<Val> as Columns<Val>>::WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![0, 1, 3, 4] // is_valid, address_space, ptr_lo, ptr_hi
    }
}

impl<AB: BusBuilder> Air<AB> for BoundaryAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = BoundaryCols::<AB::Var>::read(main.current_slice());
        let next = BoundaryCols::<AB::Var>::read(main.next_slice());
        let is_valid: AB::Expr = cols.is_valid.into();
        let word = |c: &BoundaryCols<AB::Var>| -> AB::Expr {
            c.ptr_lo.into() + c.ptr_hi.into() * AB::Expr::from_u32(1 << PTR_LO_BITS)
        };

        builder.assert_bool(cols.is_valid);
        builder.assert_bool(cols.zero_init);
        builder.assert_zero(cols.zero_init.into() * (AB::Expr::ONE - is_valid.clone()));

        // Valid rows at the top; between two valid rows, (as, pointer) strictly increases.
        let next_valid: AB::Expr = next.is_valid.into();
        let step = next.address_space.into() - cols.address_space.into();
        let gap = cols.gap_lo.into() + cols.gap_hi.into() * AB::Expr::from_u32(1 << PTR_LO_BITS);
        let mut t = builder.when_transition();
        t.assert_zero((AB::Expr::ONE - is_valid.clone()) * next_valid.clone());
        t.assert_zero(next_valid.clone() * step.clone() * (step.clone() - AB::Expr::ONE));
        t.assert_zero(
            next_valid * (AB::Expr::ONE - step) * (word(&next) - word(&cols) - AB::Expr::ONE - gap),
        );

        for (limb, bits) in [
            (cols.ptr_lo, PTR_LO_BITS),
            (cols.ptr_hi, PTR_HI_BITS),
            (cols.gap_lo, PTR_LO_BITS),
            (cols.gap_hi, PTR_HI_BITS),
        ] {
            RANGE.lookup(
                builder,
                [limb.into(), AB::Expr::from_u32(bits)],
                once::<AB>(is_valid.clone()),
            );
        }

        let address_space: AB::Expr = cols.address_space.into();
        let pointer = word(&cols) * AB::Expr::from_u32(4);
        MEMORY.send(
            builder,
            [
                address_space.clone(),
                pointer.clone(),
                AB::Expr::ZERO,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
            once::<AB>(cols.zero_init.into()),
        );
        let [v0, v1, v2, v3] = cols.value.map(Into::<AB::Expr>::into);
        MEMORY.receive(
            builder,
            [
                address_space,
                pointer,
                v0,
                v1,
                v2,
                v3,
                cols.final_timestamp.into(),
            ],
            once::<AB>(is_valid),
        );
    }
}

impl ChipAir for BoundaryAir {
    fn chip_name(&self) -> String {
        BOUNDARY_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BoundaryCols::<Domain> {
            is_valid: Domain::Bit,
            address_space: Domain::Determined(
                "memory bus: the accesses' constant address spaces (1, 2); between valid rows it steps by a boolean d",
            ),
            zero_init: Domain::Bit,
            ptr_lo: Domain::Limb { bits: PTR_LO_BITS },
            ptr_hi: Domain::Limb { bits: PTR_HI_BITS },
            gap_lo: Domain::Limb { bits: PTR_LO_BITS },
            gap_hi: Domain::Limb { bits: PTR_HI_BITS },
            value: [Domain::Determined(
                "memory bus: the final receive pairs with the last access's (byte-checked) send or the initial value",
            ); 4],
            final_timestamp: Domain::Timestamp,
        }))
    }
}
