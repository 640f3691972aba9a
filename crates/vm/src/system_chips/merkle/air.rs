//! Merkle AIR (soundness argument: the module docs of `system_chips::merkle`).

use super::MERKLE_CHIP;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::once;
use crate::circuit::hash::DIGEST_ELEMS;
use crate::circuit::{MERKLE, POSEIDON2};
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};

crate::columns! {
    /// One inner node of the memory tree, before and after a segment.
    pub struct MerkleCols {
        /// 1 on rows of nodes, 0 on padding.
        is_real: T,
        /// Level of the node (0 = root).
        level: T,
        /// Index of the node within its level.
        index: T,
        /// Left child `(level + 1, 2·index)` at the start.
        left_init: [T; DIGEST_ELEMS],
        /// Left child at the end.
        left_final: [T; DIGEST_ELEMS],
        /// Right child `(level + 1, 2·index + 1)` at the start.
        right_init: [T; DIGEST_ELEMS],
        /// Right child at the end.
        right_final: [T; DIGEST_ELEMS],
        /// The node at the start: compression of the children at the start.
        parent_init: [T; DIGEST_ELEMS],
        /// The node at the end: compression of the children at the end.
        parent_final: [T; DIGEST_ELEMS],
        /// 1 if the left child is received on the merkle bus (a listed leaf
        /// or a node with its own row); 0 if it is unchanged.
        left_touched: T,
        /// 1 if the right child is received on the merkle bus.
        right_touched: T,
    }
}

/// Width of [`MerkleCols`].
pub const MERKLE_COLS: usize = <MerkleCols<u8> as Columns<u8>>::WIDTH;

/// Merkle AIR.
#[derive(Clone, Copy, Debug)]
pub struct MerkleAir;

impl BaseAir<Val> for MerkleAir {
    fn width(&self) -> usize {
        MERKLE_COLS
    }
}

/// `left ‖ right` then `parent`: a tuple of the poseidon2 bus.
fn compression<E: Clone>(left: &[E], right: &[E], parent: &[E]) -> Vec<E> {
    left.iter().chain(right).chain(parent).cloned().collect()
}

/// `(level, index, init, final)`: a tuple of the merkle bus.
fn node<AB: BusBuilder>(
    level: AB::Expr,
    index: AB::Expr,
    init: &[AB::Var; DIGEST_ELEMS],
    fin: &[AB::Var; DIGEST_ELEMS],
) -> Vec<AB::Expr> {
    [level, index]
        .into_iter()
        .chain(init.iter().chain(fin).map(|&v| v.into()))
        .collect()
}

impl<AB: BusBuilder> Air<AB> for MerkleAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = MerkleCols::<AB::Var>::read(main.current_slice());
        let is_real: AB::Expr = cols.is_real.into();

        builder.assert_bool(cols.is_real);
        for (touched, init, fin) in [
            (cols.left_touched, &cols.left_init, &cols.left_final),
            (cols.right_touched, &cols.right_init, &cols.right_final),
        ] {
            builder.assert_bool(touched);
            // touched ≤ is_real: padding rows receive nothing.
            builder.assert_zero(touched.into() * (AB::Expr::ONE - is_real.clone()));
            // An untouched child is not received: it must be unchanged.
            for (&i, &f) in init.iter().zip(fin) {
                builder.assert_zero((AB::Expr::ONE - touched.into()) * (i.into() - f.into()));
            }
        }

        let level: AB::Expr = cols.level.into();
        let index: AB::Expr = cols.index.into();
        let child_level = level.clone() + AB::Expr::ONE;
        let left_index = index.clone() * AB::Expr::TWO;
        let right_index = left_index.clone() + AB::Expr::ONE;
        MERKLE.receive(
            builder,
            node::<AB>(
                child_level.clone(),
                left_index,
                &cols.left_init,
                &cols.left_final,
            ),
            once::<AB>(cols.left_touched.into()),
        );
        MERKLE.receive(
            builder,
            node::<AB>(
                child_level,
                right_index,
                &cols.right_init,
                &cols.right_final,
            ),
            once::<AB>(cols.right_touched.into()),
        );
        for (left, right, parent) in [
            (&cols.left_init, &cols.right_init, &cols.parent_init),
            (&cols.left_final, &cols.right_final, &cols.parent_final),
        ] {
            let fields: Vec<AB::Expr> = compression(left, right, parent)
                .into_iter()
                .map(Into::into)
                .collect();
            POSEIDON2.lookup(builder, fields, once::<AB>(is_real.clone()));
        }
        MERKLE.send(
            builder,
            node::<AB>(level, index, &cols.parent_init, &cols.parent_final),
            once::<AB>(is_real),
        );
    }
}

impl ChipAir for MerkleAir {
    fn chip_name(&self) -> String {
        MERKLE_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        const CHILD: Domain = Domain::Determined(
            "touched: merkle bus, the child row's (or boundary leaf's) send; untouched: init = final, \
             bound to the root by the compressions above it (collision resistance)",
        );
        const PARENT: Domain = Domain::Determined("poseidon2 bus: compress(left ‖ right)");
        Some(layout(&MerkleCols::<Domain> {
            is_real: Domain::Bit,
            level: Domain::Determined(
                "merkle bus: the parent row's level + 1, or 0 at the connector's root receive",
            ),
            index: Domain::Determined(
                "merkle bus: 2·(the parent row's index) + side, or 0 at the connector's root receive",
            ),
            left_init: [CHILD; DIGEST_ELEMS],
            left_final: [CHILD; DIGEST_ELEMS],
            right_init: [CHILD; DIGEST_ELEMS],
            right_final: [CHILD; DIGEST_ELEMS],
            parent_init: [PARENT; DIGEST_ELEMS],
            parent_final: [PARENT; DIGEST_ELEMS],
            left_touched: Domain::Bit,
            right_touched: Domain::Bit,
        }))
    }
}
