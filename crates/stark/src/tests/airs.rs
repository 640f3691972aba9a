//! Small AIRs for the tests: a Fibonacci AIR with public values, and a sender / table
//! pair connected by a LogUp bus (the table's values are a preprocessed column).

use crate::{
    Air, AirBuilder, BaseAir, Bus, BusBuilder, Count, PrimeCharacteristicRing, RowMajorMatrix,
    StarkAir, Val, WindowAccess,
};

/// The bus the sender looks its values up on and the table provides them on.
pub const BYTES: Bus = Bus::new("bytes");

/// `(a, b) → (b, a + b)`; public values `[a0, b0, b_last]`.
#[derive(Clone, Debug)]
pub struct FibAir;

impl BaseAir<Val> for FibAir {
    fn width(&self) -> usize {
        2
    }
    fn num_public_values(&self) -> usize {
        3
    }
}

impl<AB: BusBuilder> Air<AB> for FibAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let (a, b) = (main.current(0).unwrap(), main.current(1).unwrap());
        let (next_a, next_b) = (main.next(0).unwrap(), main.next(1).unwrap());
        let pis = builder.public_values();
        let (a0, b0, last) = (pis[0], pis[1], pis[2]);
        builder.when_first_row().assert_eq(a, a0);
        builder.when_first_row().assert_eq(b, b0);
        builder.when_transition().assert_eq(next_a, b);
        builder.when_transition().assert_eq(next_b, a + b);
        builder.when_last_row().assert_eq(b, last);
    }
}

pub fn fib_trace(log_height: usize) -> (RowMajorMatrix<Val>, Vec<Val>) {
    let n = 1 << log_height;
    let mut values = Vec::with_capacity(2 * n);
    let (mut a, mut b) = (Val::ZERO, Val::ONE);
    for _ in 0..n {
        values.extend([a, b]);
        (a, b) = (b, a + b);
    }
    let last = values[2 * n - 1];
    (
        RowMajorMatrix::new(values, 2),
        vec![Val::ZERO, Val::ONE, last],
    )
}

/// Columns `[x, y, is_real]`: `y = x²`, `is_real` boolean, and looks `x` up on [`BYTES`]
/// `is_real` times.
#[derive(Clone, Debug)]
pub struct SenderAir;

impl BaseAir<Val> for SenderAir {
    fn width(&self) -> usize {
        3
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for SenderAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let (x, y, is_real) = (
            main.current(0).unwrap(),
            main.current(1).unwrap(),
            main.current(2).unwrap(),
        );
        builder.assert_bool(is_real);
        builder.assert_eq(y, x * x);
        BYTES.lookup(builder, [x], Count::bounded(is_real.into(), 1));
    }
}

/// Preprocessed column `value = offset + row`; main column `mult`: provides `value` on
/// [`BYTES`] `mult` times.
#[derive(Clone, Debug)]
pub struct TableAir {
    pub log_height: usize,
    pub offset: u32,
    /// Whether this instance carries its preprocessed trace (the verifier's need not).
    pub with_trace: bool,
}

impl BaseAir<Val> for TableAir {
    fn width(&self) -> usize {
        1
    }
    fn preprocessed_width(&self) -> usize {
        1
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        self.with_trace.then(|| {
            let values = (0..1u32 << self.log_height)
                .map(|i| Val::from_u32(self.offset + i))
                .collect();
            RowMajorMatrix::new(values, 1)
        })
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for TableAir {
    fn eval(&self, builder: &mut AB) {
        let value = builder.preprocessed().current(0).unwrap();
        let mult = builder.main().current(0).unwrap();
        BYTES.provide(builder, [value], mult);
    }
}

/// Columns `[x, m]`: looks `x` up `m` times, declaring `|m| ≤ 2^20` per row. Used to hit
/// the multiplicity-wrap bound with small traces.
#[derive(Clone, Debug)]
pub struct HeavyAir;

impl BaseAir<Val> for HeavyAir {
    fn width(&self) -> usize {
        2
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: BusBuilder> Air<AB> for HeavyAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let (x, m) = (main.current(0).unwrap(), main.current(1).unwrap());
        BYTES.lookup(builder, [x], Count::bounded(m.into(), 1 << 20));
    }
}

/// The one AIR type of a test batch.
#[derive(Clone, Debug)]
pub enum TestAir {
    Fib(FibAir),
    Sender(SenderAir),
    Table(TableAir),
    Heavy(HeavyAir),
}

macro_rules! delegate {
    ($self:ident, $a:ident => $e:expr) => {
        match $self {
            TestAir::Fib($a) => $e,
            TestAir::Sender($a) => $e,
            TestAir::Table($a) => $e,
            TestAir::Heavy($a) => $e,
        }
    };
}

impl BaseAir<Val> for TestAir {
    fn width(&self) -> usize {
        delegate!(self, a => a.width())
    }
    fn num_public_values(&self) -> usize {
        delegate!(self, a => a.num_public_values())
    }
    fn preprocessed_width(&self) -> usize {
        delegate!(self, a => a.preprocessed_width())
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        delegate!(self, a => a.preprocessed_trace())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        delegate!(self, a => a.main_next_row_columns())
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        delegate!(self, a => a.preprocessed_next_row_columns())
    }
}

impl<AB: BusBuilder> Air<AB> for TestAir {
    fn eval(&self, builder: &mut AB) {
        delegate!(self, a => a.eval(builder))
    }
}

impl StarkAir for TestAir {
    fn name(&self) -> String {
        match self {
            TestAir::Fib(_) => "fibonacci".into(),
            TestAir::Sender(_) => "sender".into(),
            TestAir::Table(t) => format!("table+{}", t.offset),
            TestAir::Heavy(_) => "heavy".into(),
        }
    }
}

/// Sender trace of `2^log_height` rows with `real` real rows, `x = 7·i mod 2^table_log`,
/// and the matching table multiplicities.
pub fn sender_and_table_traces(
    log_height: usize,
    real: usize,
    table_log: usize,
) -> (RowMajorMatrix<Val>, RowMajorMatrix<Val>) {
    let n = 1 << log_height;
    let table_n = 1usize << table_log;
    let mut sender = Vec::with_capacity(3 * n);
    let mut mult = vec![0u32; table_n];
    for i in 0..n {
        if i < real {
            let x = (7 * i) % table_n;
            mult[x] += 1;
            let xv = Val::from_usize(x);
            sender.extend([xv, xv * xv, Val::ONE]);
        } else {
            sender.extend([Val::ZERO, Val::ZERO, Val::ZERO]);
        }
    }
    let table = mult.into_iter().map(Val::from_u32).collect();
    (
        RowMajorMatrix::new(sender, 3),
        RowMajorMatrix::new(table, 1),
    )
}

impl crate::ChipAir for FibAir {
    fn chip_name(&self) -> String {
        "fibonacci".into()
    }
}

impl crate::ChipAir for SenderAir {
    fn chip_name(&self) -> String {
        "sender".into()
    }
}

impl crate::ChipAir for TableAir {
    fn chip_name(&self) -> String {
        format!("table+{}", self.offset)
    }
}

/// `next = cur^5 + 1` (degree 5, above the blowup of 2).
#[derive(Clone, Debug)]
pub struct Pow5Air;

impl BaseAir<Val> for Pow5Air {
    fn width(&self) -> usize {
        1
    }
}

impl<AB: BusBuilder> Air<AB> for Pow5Air {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let (x, next) = (main.current(0).unwrap(), main.next(0).unwrap());
        let x: AB::Expr = x.into();
        builder.when_transition().assert_eq(
            next,
            x.clone() * x.clone() * x.clone() * x.clone() * x + AB::Expr::ONE,
        );
    }
}

impl crate::ChipAir for Pow5Air {
    fn chip_name(&self) -> String {
        "pow5".into()
    }
}

pub fn pow5_trace(log_height: usize) -> RowMajorMatrix<Val> {
    let mut v = Vec::with_capacity(1 << log_height);
    let mut x = Val::TWO;
    for _ in 0..1 << log_height {
        v.push(x);
        x = x * x * x * x * x + Val::ONE;
    }
    RowMajorMatrix::new(v, 1)
}
