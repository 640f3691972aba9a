//! Connector AIR.

use super::CONNECTOR_CHIP;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::once;
use crate::circuit::{EXEC, EXIT};
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};

/// Public values: entry pc, the exit code's four bytes, then the final pc.
pub const NUM_PUBLIC_VALUES: usize = 6;

crate::columns! {
    /// The connector's columns.
    pub struct ConnectorCols {
        /// 1 on the first row, 0 on every other.
        is_real: T,
        /// pc of the first instruction.
        entry_pc: T,
        /// pc of the exiting instruction.
        final_pc: T,
        /// Timestamp after the exiting instruction.
        final_timestamp: T,
        /// Exit code bytes, little-endian.
        exit_code: [T; 4],
    }
}

/// Connector AIR: `is_real` is 1 exactly on the first row (boolean, 1 on
/// the first row, and 0 on every row that follows another); on that row
/// `entry_pc`, `exit_code` and `final_pc` equal the public values.
#[derive(Clone, Copy, Debug)]
pub struct ConnectorAir;

impl BaseAir<Val> for ConnectorAir {
    fn width(&self) -> usize {
        <ConnectorCols<Val> as Columns<Val>>::WIDTH
    }
    fn num_public_values(&self) -> usize {
        NUM_PUBLIC_VALUES
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![0] // is_real
    }
}

impl<AB: BusBuilder> Air<AB> for ConnectorAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = ConnectorCols::<AB::Var>::read(main.current_slice());
        let next = ConnectorCols::<AB::Var>::read(main.next_slice());
        let public: Vec<AB::Expr> = builder.public_values().iter().map(|&v| v.into()).collect();

        builder.assert_bool(cols.is_real);
        builder.when_first_row().assert_one(cols.is_real);
        builder.when_transition().assert_zero(next.is_real);
        builder
            .when_first_row()
            .assert_eq(cols.entry_pc, public[0].clone());
        for (limb, value) in cols.exit_code.iter().zip(&public[1..5]) {
            builder.when_first_row().assert_eq(*limb, value.clone());
        }
        builder
            .when_first_row()
            .assert_eq(cols.final_pc, public[5].clone());

        let is_real: AB::Expr = cols.is_real.into();
        EXEC.send(
            builder,
            [cols.entry_pc.into(), AB::Expr::ONE],
            once::<AB>(is_real.clone()),
        );
        let [c0, c1, c2, c3] = cols.exit_code;
        EXIT.receive(
            builder,
            [cols.final_pc, cols.final_timestamp, c0, c1, c2, c3],
            once::<AB>(is_real),
        );
    }
}

impl ChipAir for ConnectorAir {
    fn chip_name(&self) -> String {
        CONNECTOR_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&ConnectorCols::<Domain> {
            is_real: Domain::Bit,
            entry_pc: Domain::Determined(
                "public value 0 (first row); exec bus: the first instruction's receive",
            ),
            final_pc: Domain::Determined(
                "public value 5 (first row); exit bus: the terminate row's pc",
            ),
            final_timestamp: Domain::Timestamp,
            exit_code: [Domain::Determined(
                "public values 1..4 (first row); exit bus: the terminate row's range-checked limbs",
            ); 4],
        }))
    }
}
