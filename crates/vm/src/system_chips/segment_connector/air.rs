//! Segment connector AIR.

use super::SEGMENT_CONNECTOR_CHIP;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::once;
use crate::circuit::{EXEC, EXIT, MERKLE};
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};

/// Public values: start pc, end pc, terminated, the exit code's four bytes,
/// the initial and the final memory root.
pub const NUM_PUBLIC_VALUES: usize = 3 + 4 + 8 + 8;

crate::columns! {
    /// The segment connector's columns.
    pub struct SegmentConnectorCols {
        /// 1 on the first row, 0 on every other.
        is_real: T,
        /// pc of the segment's first instruction.
        start_pc: T,
        /// Next pc, or the exiting instruction's pc.
        end_pc: T,
        /// Timestamp after the segment's last instruction.
        end_timestamp: T,
        /// 1 if the segment ends with `exit`.
        terminated: T,
        /// Exit code bytes, little-endian (0 unless terminated).
        exit_code: [T; 4],
        /// Memory root at the start.
        initial_root: [T; 8],
        /// Memory root at the end.
        final_root: [T; 8],
    }
}

/// Segment connector AIR (soundness: the module docs).
#[derive(Clone, Copy, Debug)]
pub struct SegmentConnectorAir;

impl BaseAir<Val> for SegmentConnectorAir {
    fn width(&self) -> usize {
        <SegmentConnectorCols<Val> as Columns<Val>>::WIDTH
    }

    fn num_public_values(&self) -> usize {
        NUM_PUBLIC_VALUES
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![0] // is_real
    }
}

impl<AB: BusBuilder> Air<AB> for SegmentConnectorAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = SegmentConnectorCols::<AB::Var>::read(main.current_slice());
        let next = SegmentConnectorCols::<AB::Var>::read(main.next_slice());
        let public: Vec<AB::Expr> = builder.public_values().iter().map(|&v| v.into()).collect();
        builder.assert_bool(cols.is_real);
        builder.when_first_row().assert_one(cols.is_real);
        builder.when_transition().assert_zero(next.is_real);
        builder.assert_bool(cols.terminated);
        let is_real: AB::Expr = cols.is_real.into();
        let terminated: AB::Expr = cols.terminated.into();
        builder.assert_zero((AB::Expr::ONE - is_real.clone()) * terminated.clone());
        let mut bound: Vec<AB::Var> = vec![cols.start_pc, cols.end_pc, cols.terminated];
        bound.extend(cols.exit_code);
        bound.extend(cols.initial_root);
        bound.extend(cols.final_root);
        for (column, value) in bound.into_iter().zip(public) {
            builder.when_first_row().assert_eq(column, value);
        }
        for byte in cols.exit_code {
            builder.assert_zero((AB::Expr::ONE - terminated.clone()) * byte.into());
        }
        EXEC.send(
            builder,
            [cols.start_pc.into(), AB::Expr::ONE],
            once::<AB>(is_real.clone()),
        );
        let [c0, c1, c2, c3] = cols.exit_code;
        EXIT.receive(
            builder,
            [cols.end_pc, cols.end_timestamp, c0, c1, c2, c3],
            once::<AB>(terminated.clone()),
        );
        EXEC.receive(
            builder,
            [cols.end_pc, cols.end_timestamp],
            once::<AB>(is_real.clone() - terminated),
        );
        let mut root = vec![AB::Expr::ZERO, AB::Expr::ZERO];
        root.extend(cols.initial_root.map(Into::into));
        root.extend(cols.final_root.map(Into::into));
        MERKLE.receive(builder, root, once::<AB>(is_real));
    }
}

impl ChipAir for SegmentConnectorAir {
    fn chip_name(&self) -> String {
        SEGMENT_CONNECTOR_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&SegmentConnectorCols::<Domain> {
            is_real: Domain::Bit,
            start_pc: Domain::Determined(
                "public value 0 (first row); exec bus: the first instruction's receive",
            ),
            end_pc: Domain::Determined(
                "public value 1 (first row); exec or exit bus: the last instruction's send",
            ),
            end_timestamp: Domain::Timestamp,
            terminated: Domain::Bit,
            exit_code: [Domain::Determined(
                "public values 3..6 (first row); 0 unless terminated, else the exit bus's range-checked limbs",
            ); 4],
            initial_root: [Domain::Determined(
                "public values 7..14 (first row); merkle bus: the root row's initial compression",
            ); 8],
            final_root: [Domain::Determined(
                "public values 15..22 (first row); merkle bus: the root row's final compression",
            ); 8],
        }))
    }
}
