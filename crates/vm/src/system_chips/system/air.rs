//! System instruction AIR.

use crate::circuit::buses::BITWISE_RANGE;
use crate::circuit::columns::Columns;
use crate::circuit::contracts::{Domain, layout};
use crate::circuit::gadgets::once;
use crate::circuit::{BITWISE, EXEC, EXIT, PROGRAM, RANGE};
use crate::system::SYSTEM_CHIP;
use trellis_isa::OpcodeClass;
use trellis_isa::system::SystemOpcode;
use trellis_stark::{
    Air, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, Val, WindowAccess,
};

/// Bits of the top exit-code limb of `terminate` (exit codes below 2^30).
pub const EXIT_CODE_TOP_BITS: u32 = 6;

crate::columns! {
    /// One executed `nop` or `terminate`.
    pub struct SystemCols {
        /// The row is a `nop`.
        is_nop: T,
        /// The row is a `terminate`.
        is_terminate: T,
        /// Its pc.
        pc: T,
        /// Its timestamp.
        timestamp: T,
        /// `terminate`: operand `c` (the exit code) as little-endian limbs.
        exit_code: [T; 4],
    }
}

/// System instruction AIR (see the module docs of `system_chips::system`).
#[derive(Clone, Copy, Debug)]
pub struct SystemAir;

impl BaseAir<Val> for SystemAir {
    fn width(&self) -> usize {
        <SystemCols<Val> as Columns<Val>>::WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for SystemAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = SystemCols::<AB::Var>::read(main.current_slice());
        let is_nop: AB::Expr = cols.is_nop.into();
        let is_terminate: AB::Expr = cols.is_terminate.into();
        let is_valid = is_nop.clone() + is_terminate.clone();
        builder.assert_bool(is_nop.clone());
        builder.assert_bool(is_terminate.clone());
        builder.assert_bool(is_valid.clone());

        let [c0, c1, c2, c3] = cols.exit_code.map(Into::<AB::Expr>::into);
        let c = c0.clone()
            + c1.clone() * AB::Expr::from_u32(1 << 8)
            + c2.clone() * AB::Expr::from_u32(1 << 16)
            + c3.clone() * AB::Expr::from_u32(1 << 24);
        let opcode = is_nop.clone() * AB::Expr::from_u16(SystemOpcode::Nop.global().as_u16())
            + is_terminate.clone() * AB::Expr::from_u16(SystemOpcode::Terminate.global().as_u16());
        let (pc, timestamp): (AB::Expr, AB::Expr) = (cols.pc.into(), cols.timestamp.into());
        let zero = || AB::Expr::ZERO;

        EXEC.receive(
            builder,
            [pc.clone(), timestamp.clone()],
            once::<AB>(is_valid.clone()),
        );
        PROGRAM.lookup(
            builder,
            [
                pc.clone(),
                opcode,
                zero(),
                zero(),
                c,
                zero(),
                zero(),
                zero(),
                zero(),
            ],
            once::<AB>(is_valid),
        );
        EXEC.send(
            builder,
            [
                pc.clone() + AB::Expr::from_u32(4),
                timestamp.clone() + AB::Expr::ONE,
            ],
            once::<AB>(is_nop),
        );
        EXIT.send(
            builder,
            [
                pc,
                timestamp + AB::Expr::ONE,
                c0.clone(),
                c1.clone(),
                c2.clone(),
                c3.clone(),
            ],
            once::<AB>(is_terminate.clone()),
        );
        BITWISE.lookup(
            builder,
            [c0, c1, zero(), AB::Expr::from_u32(BITWISE_RANGE)],
            once::<AB>(is_terminate.clone()),
        );
        RANGE.lookup(
            builder,
            [c2, AB::Expr::from_u32(8)],
            once::<AB>(is_terminate.clone()),
        );
        RANGE.lookup(
            builder,
            [c3, AB::Expr::from_u32(EXIT_CODE_TOP_BITS)],
            once::<AB>(is_terminate),
        );
    }
}

impl ChipAir for SystemAir {
    fn chip_name(&self) -> String {
        SYSTEM_CHIP.into()
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&SystemCols::<Domain> {
            is_nop: Domain::Bit,
            is_terminate: Domain::Bit,
            pc: Domain::Determined(
                "exec bus: the pc the previous instruction sent; program bus: a pc of the committed program",
            ),
            timestamp: Domain::Timestamp,
            exit_code: [
                Domain::Byte,
                Domain::Byte,
                Domain::Byte,
                Domain::Limb {
                    bits: EXIT_CODE_TOP_BITS,
                },
            ],
        }))
    }
}
