//! Block boundary AIR (soundness: the module docs).

use super::BLOCK_BOUNDARY_CHIP;
use crate::circuit::buses::{BITWISE_RANGE, BLOCK_WORDS, MEMORY_TREE_DEPTH};
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::once;
use crate::circuit::{BITWISE, MEMORY, MERKLE, POSEIDON2, RANGE};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};

/// Bits of the low limb of a block number.
pub const BLOCK_LO_BITS: u32 = 16;
/// Bits of the high limb of a block number (blocks below 2^24).
pub const BLOCK_HI_BITS: u32 = 8;

crate::columns! {
    /// One touched block.
    pub struct BlockBoundaryCols {
        /// 1 on rows of touched blocks, 0 on padding.
        is_valid: T,
        /// 0 for registers (address space 1), 1 for main memory (2).
        as_bit: T,
        /// Low 16 bits of the block number.
        block_lo: T,
        /// High 8 bits of the block number.
        block_hi: T,
        /// Initial bytes, word by word, little-endian.
        initial: [T; 32],
        /// Final bytes, word by word, little-endian.
        final_bytes: [T; 32],
        /// Timestamp of each word's last access (0: not accessed).
        final_timestamps: [T; 8],
        /// Leaf digest of the initial words.
        initial_leaf: [T; 8],
        /// Leaf digest of the final words.
        final_leaf: [T; 8],
    }
}

/// Block boundary AIR.
#[derive(Clone, Copy, Debug)]
pub struct BlockBoundaryAir;

impl BaseAir<Val> for BlockBoundaryAir {
    fn width(&self) -> usize {
        <BlockBoundaryCols<Val> as Columns<Val>>::WIDTH
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

/// The 16 limbs `b0 + 256 b1, b2 + 256 b3` of eight words of bytes.
fn limbs<AB: BusBuilder>(bytes: &[AB::Var; 32]) -> Vec<AB::Expr> {
    bytes
        .chunks_exact(2)
        .map(|pair| pair[0].into() + pair[1].into() * AB::Expr::from_u32(256))
        .collect()
}

impl<AB: BusBuilder> Air<AB> for BlockBoundaryAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = BlockBoundaryCols::<AB::Var>::read(main.current_slice());
        let is_valid: AB::Expr = cols.is_valid.into();
        builder.assert_bool(cols.is_valid);
        builder.assert_bool(cols.as_bit);
        for (limb, bits) in [
            (cols.block_lo, BLOCK_LO_BITS),
            (cols.block_hi, BLOCK_HI_BITS),
        ] {
            RANGE.lookup(
                builder,
                [limb.into(), AB::Expr::from_u32(bits)],
                once::<AB>(is_valid.clone()),
            );
        }
        for pair in cols.initial.chunks_exact(2) {
            BITWISE.lookup(
                builder,
                [
                    pair[0].into(),
                    pair[1].into(),
                    AB::Expr::ZERO,
                    AB::Expr::from_u32(BITWISE_RANGE),
                ],
                once::<AB>(is_valid.clone()),
            );
        }
        let block: AB::Expr =
            cols.block_lo.into() + cols.block_hi.into() * AB::Expr::from_u32(1 << BLOCK_LO_BITS);
        let address_space: AB::Expr = AB::Expr::ONE + cols.as_bit.into();
        for k in 0..BLOCK_WORDS {
            let pointer = block.clone() * AB::Expr::from_u32(32) + AB::Expr::from_usize(4 * k);
            let initial = &cols.initial[4 * k..4 * k + 4];
            let final_bytes = &cols.final_bytes[4 * k..4 * k + 4];
            let mut sent = vec![address_space.clone(), pointer.clone()];
            sent.extend(initial.iter().map(|&b| b.into()));
            sent.push(AB::Expr::ZERO);
            MEMORY.send(builder, sent, once::<AB>(is_valid.clone()));
            let mut received = vec![address_space.clone(), pointer];
            received.extend(final_bytes.iter().map(|&b| b.into()));
            received.push(cols.final_timestamps[k].into());
            MEMORY.receive(builder, received, once::<AB>(is_valid.clone()));
        }
        for (bytes, leaf) in [
            (&cols.initial, &cols.initial_leaf),
            (&cols.final_bytes, &cols.final_leaf),
        ] {
            let mut tuple = limbs::<AB>(bytes);
            tuple.extend(leaf.iter().map(|&v| v.into()));
            POSEIDON2.lookup(builder, tuple, once::<AB>(is_valid.clone()));
        }
        let leaf_index = cols.as_bit.into() * AB::Expr::from_u32(1 << 24) + block;
        let mut leaf = vec![AB::Expr::from_u32(MEMORY_TREE_DEPTH), leaf_index];
        leaf.extend(cols.initial_leaf.map(Into::into));
        leaf.extend(cols.final_leaf.map(Into::into));
        MERKLE.send(builder, leaf, once::<AB>(is_valid));
    }
}

impl ChipAir for BlockBoundaryAir {
    fn chip_name(&self) -> String {
        BLOCK_BOUNDARY_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&BlockBoundaryCols::<Domain> {
            is_valid: Domain::Bit,
            as_bit: Domain::Bit,
            block_lo: Domain::Limb {
                bits: BLOCK_LO_BITS,
            },
            block_hi: Domain::Limb {
                bits: BLOCK_HI_BITS,
            },
            initial: [Domain::Byte; 32],
            final_bytes: [Domain::Determined(
                "memory bus: the final receive pairs with the last access's (byte-checked) send or the initial value",
            ); 32],
            final_timestamps: [Domain::Timestamp; 8],
            initial_leaf: [Domain::Determined(
                "poseidon2 bus: compress(limbs of the initial bytes)",
            ); 8],
            final_leaf: [Domain::Determined("poseidon2 bus: compress(limbs of the final bytes)");
                8],
        }))
    }
}
