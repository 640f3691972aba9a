//! The PublicOutput AIR: the revealed bytes in order, bound to the public
//! values `[len, out_0, ..., out_{CAPACITY-1}]` (bytes past `len` are 0).
//!
//! [`CAPACITY`] rows (fixed height), row `i` for output byte `i`. Preprocessed
//! columns select the row's public value: one-hot `hi[16]`, `mid[8]`, `lo[8]`
//! of `i = 64 hi + 8 mid + lo`, so `byte = Σ hi_a mid_b lo_c out_{64a+8b+c}`
//! (degree 3, every row).
//!
//! * `is_real` is boolean and never rises from one row to the next, `count`
//!   counts the real rows (`count_0 = is_real_0`, `count' = count + is_real'`)
//!   and ends at `len`: the real rows are exactly rows `0..len`.
//! * Each real row receives `(T, byte)` on [`PUBLIC_OUTPUT`], as sent by an
//!   EcallMemory reveal row (timestamp of the load, the byte read), and
//!   consecutive real rows have increasing timestamps (`T' - T - 1` as a
//!   16 + 13-bit limb pair on the later row). So the real rows hold every
//!   revealed byte once, sorted by the time it was revealed: the output the
//!   guest revealed, in order, and the public values are that output.
//!
//! `timestamp` and `gap` are 0 on rows past the end, and `gap` is 0 on the
//! first row, so the trace has one witness.
//!
//! A claim of more than [`CAPACITY`] bytes gets `len = CAPACITY + 1`, which
//! `count ≤ CAPACITY` cannot reach: such a proof does not exist.
//!
//! Columns: 6 main, 32 preprocessed.

use super::super::buses::PUBLIC_OUTPUT;
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, PrimeCharacteristicRing, RowMajorMatrix, Val,
    WindowAccess,
};
use trellis_vm::circuit::buses::{RANGE, TIMESTAMP_HIGH_BITS, TIMESTAMP_LOW_BITS};
use trellis_vm::circuit::columns::Columns;
use trellis_vm::circuit::contracts::{Domain, layout};
use trellis_vm::circuit::gadgets::once;

/// Bytes of public output a proof can carry (the chip's height).
/// It is the run's limit, so a run that executes is one that can be proven.
pub const CAPACITY: usize = trellis_vm::io::MAX_PUBLIC_OUTPUT;
/// Sizes of the three one-hot selectors (`16 · 8 · 8 = CAPACITY`).
pub const SELECTORS: [usize; 3] = [16, 8, 8];
// The selectors address every row: a change of the run's output limit must
// change them too.
const _: () = assert!(SELECTORS[0] * SELECTORS[1] * SELECTORS[2] == CAPACITY);
/// Number of preprocessed columns.
pub const PREPROCESSED_WIDTH: usize = SELECTORS[0] + SELECTORS[1] + SELECTORS[2];

trellis_vm::columns! {
    /// One row of the PublicOutput chip.
    pub struct PublicOutputCols {
        /// The output byte of this row (0 past the end).
        byte: T,
        /// 1 on rows `0..len`.
        is_real: T,
        /// Real rows so far, this one included.
        count: T,
        /// Timestamp of the load that revealed the byte.
        timestamp: T,
        /// `T - T_prev - 1` as 16 + 13-bit limbs (0 on the first row).
        gap: [T; 2],
    }
}

/// Number of columns of [`PublicOutputCols`].
pub const PUBLIC_OUTPUT_WIDTH: usize = <PublicOutputCols<u8> as Columns<u8>>::WIDTH;

/// The PublicOutput AIR.
#[derive(Clone, Copy, Debug, Default)]
pub struct PublicOutputAir;

impl BaseAir<Val> for PublicOutputAir {
    fn width(&self) -> usize {
        PUBLIC_OUTPUT_WIDTH
    }
    fn num_public_values(&self) -> usize {
        1 + CAPACITY
    }
    fn preprocessed_width(&self) -> usize {
        PREPROCESSED_WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        let mut values = vec![Val::ZERO; CAPACITY * PREPROCESSED_WIDTH];
        for (i, row) in values.chunks_exact_mut(PREPROCESSED_WIDTH).enumerate() {
            let (hi, mid, lo) = (i / 64, (i / 8) % 8, i % 8);
            row[hi] = Val::ONE;
            row[SELECTORS[0] + mid] = Val::ONE;
            row[SELECTORS[0] + SELECTORS[1] + lo] = Val::ONE;
        }
        Some(RowMajorMatrix::new(values, PREPROCESSED_WIDTH))
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        (1..PUBLIC_OUTPUT_WIDTH).collect()
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl ChipAir for PublicOutputAir {
    fn chip_name(&self) -> String {
        format!("rv32im/{}", super::CHIP)
    }

    fn column_domains(&self) -> Option<Vec<Domain>> {
        Some(layout(&PublicOutputCols::<Domain> {
            byte: Domain::Determined(
                "byte = out_i, the row's public value (preprocessed one-hot selectors)",
            ),
            is_real: Domain::Bit,
            count: Domain::Determined(
                "count_0 = is_real_0, count' = count + is_real', and count = len on the last row",
            ),
            timestamp: Domain::Determined(
                "public_output bus: the timestamp of the EcallMemory reveal row that sent the byte",
            ),
            gap: [
                Domain::Limb {
                    bits: TIMESTAMP_LOW_BITS,
                },
                Domain::Limb {
                    bits: TIMESTAMP_HIGH_BITS,
                },
            ],
        }))
    }
}

impl<AB: BusBuilder> Air<AB> for PublicOutputAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let cols = PublicOutputCols::<AB::Var>::read(main.current_slice());
        let next = PublicOutputCols::<AB::Var>::read(main.next_slice());
        let select: Vec<AB::Expr> = builder
            .preprocessed()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let public: Vec<AB::Expr> = builder.public_values().iter().map(|&v| v.into()).collect();
        let (is_real, next_real): (AB::Expr, AB::Expr) = (cols.is_real.into(), next.is_real.into());

        builder.assert_bool(is_real.clone());
        // Rows past the end carry no timestamp; the first row has no gap.
        for col in [cols.timestamp, cols.gap[0], cols.gap[1]] {
            builder.assert_zero((AB::Expr::ONE - is_real.clone()) * col.into());
        }
        for col in cols.gap {
            builder.when_first_row().assert_zero(col);
        }
        builder
            .when_transition()
            .assert_zero(next_real.clone() * (AB::Expr::ONE - is_real.clone()));
        builder
            .when_first_row()
            .assert_eq(cols.count, is_real.clone());
        builder
            .when_transition()
            .assert_eq(next.count, cols.count.into() + next_real.clone());
        builder
            .when_last_row()
            .assert_eq(cols.count, public[0].clone());
        let gap =
            next.gap[0].into() + next.gap[1].into() * AB::Expr::from_u32(1 << TIMESTAMP_LOW_BITS);
        builder.when_transition().assert_zero(
            next_real * (next.timestamp.into() - cols.timestamp.into() - AB::Expr::ONE - gap),
        );

        // byte = out_i for this row's i.
        let (hi, rest) = select.split_at(SELECTORS[0]);
        let (mid, lo) = rest.split_at(SELECTORS[1]);
        let mut value = AB::Expr::ZERO;
        for (a, h) in hi.iter().enumerate() {
            let mut inner = AB::Expr::ZERO;
            for (b, m) in mid.iter().enumerate() {
                let at = |c: usize| 1 + 64 * a + 8 * b + c;
                let innermost = lo.iter().enumerate().fold(AB::Expr::ZERO, |acc, (c, l)| {
                    acc + l.clone() * public[at(c)].clone()
                });
                inner += m.clone() * innermost;
            }
            value += h.clone() * inner;
        }
        builder.assert_eq(cols.byte, value);

        PUBLIC_OUTPUT.receive(
            builder,
            [cols.timestamp, cols.byte],
            once::<AB>(is_real.clone()),
        );
        RANGE.lookup(
            builder,
            [cols.gap[0].into(), AB::Expr::from_u32(TIMESTAMP_LOW_BITS)],
            once::<AB>(is_real.clone()),
        );
        RANGE.lookup(
            builder,
            [cols.gap[1].into(), AB::Expr::from_u32(TIMESTAMP_HIGH_BITS)],
            once::<AB>(is_real),
        );
    }
}
