//! Bus traffic of single chips on concrete traces, for tests that check a
//! bus balances without every chip of the machine (the prover's own check
//! needs all of them): evaluate the chips you have, add what the missing
//! ones would send (for example from the run's access log), and look at
//! what is left over.

use std::collections::BTreeMap;
use trellis_stark::{
    Air, AirBuilder, BaseAir, Count, InteractionBuilder, Matrix, PrimeField32, RowMajorMatrix, Val,
    WindowAccess,
};

/// One interaction of one row: `count > 0` sends (or looks up), `count < 0`
/// receives (or provides).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction {
    /// Bus name.
    pub bus: String,
    /// The tuple, as canonical integers.
    pub fields: Vec<u32>,
    /// Signed multiplicity.
    pub count: i64,
    /// Row it came from.
    pub row: usize,
}

/// Two rows of a matrix.
#[derive(Clone, Copy, Debug)]
pub struct Rows<'a> {
    current: &'a [Val],
    next: &'a [Val],
}

impl WindowAccess<Val> for Rows<'_> {
    fn current_slice(&self) -> &[Val] {
        self.current
    }
    fn next_slice(&self) -> &[Val] {
        self.next
    }
}

/// An [`AirBuilder`] over one concrete row that records interactions and
/// ignores constraints (check those with `trellis_stark::check_air_constraints`).
pub struct TallyBuilder<'a> {
    main: Rows<'a>,
    preprocessed: Rows<'a>,
    public_values: &'a [Val],
    first: bool,
    last: bool,
    row: usize,
    out: &'a mut Vec<Interaction>,
}

/// The field element as a signed integer in (−p/2, p/2).
pub fn signed(x: Val) -> i64 {
    let v = i64::from(x.as_canonical_u32());
    let p = trellis_stark::FIELD_CHARACTERISTIC as i64;
    if v > p / 2 { v - p } else { v }
}

impl<'a> AirBuilder for TallyBuilder<'a> {
    type F = Val;
    type Expr = Val;
    type Var = Val;
    type PreprocessedWindow = Rows<'a>;
    type MainWindow = Rows<'a>;
    type PublicVar = Val;
    type PeriodicVar = Val;

    fn main(&self) -> Self::MainWindow {
        self.main
    }
    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        &self.preprocessed
    }
    fn is_first_row(&self) -> Val {
        Val::from_bool(self.first)
    }
    fn is_last_row(&self) -> Val {
        Val::from_bool(self.last)
    }
    fn is_transition(&self) -> Val {
        Val::from_bool(!self.last)
    }
    fn assert_zero<I: Into<Val>>(&mut self, _x: I) {}
    fn public_values(&self) -> &[Val] {
        self.public_values
    }
}

impl InteractionBuilder for TallyBuilder<'_> {
    fn push_interaction<E: Into<Val>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<Val>>,
    ) {
        let (count, _) = count.into().into_parts();
        if count != Val::ZERO {
            self.out.push(Interaction {
                bus: bus_name.to_string(),
                fields: fields
                    .into_iter()
                    .map(|f| f.into().as_canonical_u32())
                    .collect(),
                count: signed(count),
                row: self.row,
            });
        }
    }

    fn push_local_interaction(
        &mut self,
        _tuples: impl IntoIterator<Item = (Vec<Val>, Count<Val>)>,
    ) {
        unimplemented!("no system chip uses local lookups")
    }
}

use trellis_stark::PrimeCharacteristicRing;

/// Every nonzero interaction of `air` on `main` (with its own preprocessed
/// trace, which must have `main`'s height), row by row.
pub fn interactions<A>(
    air: &A,
    main: &RowMajorMatrix<Val>,
    public_values: &[Val],
) -> Vec<Interaction>
where
    A: BaseAir<Val> + for<'a> Air<TallyBuilder<'a>>,
{
    let prep = air.preprocessed_trace();
    let height = main.height();
    if let Some(p) = &prep {
        assert_eq!(p.height(), height, "preprocessed and main heights differ");
    }
    let row_of = |m: &'_ RowMajorMatrix<Val>, r: usize| -> Vec<Val> {
        m.row_slice(r).expect("row").to_vec()
    };
    let mut out = Vec::new();
    for row in 0..height {
        let next = (row + 1) % height;
        let (cur, nxt) = (row_of(main, row), row_of(main, next));
        let (pcur, pnxt) = match &prep {
            Some(p) => (row_of(p, row), row_of(p, next)),
            None => (Vec::new(), Vec::new()),
        };
        let mut builder = TallyBuilder {
            main: Rows {
                current: &cur,
                next: &nxt,
            },
            preprocessed: Rows {
                current: &pcur,
                next: &pnxt,
            },
            public_values,
            first: row == 0,
            last: row == height - 1,
            row,
            out: &mut out,
        };
        air.eval(&mut builder);
    }
    out
}

/// Net multiplicity of every (bus, tuple).
#[derive(Clone, Debug, Default)]
pub struct BusTally {
    net: BTreeMap<(String, Vec<u32>), i64>,
}

impl BusTally {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `count` of `fields` on `bus`.
    pub fn add(&mut self, bus: &str, fields: Vec<u32>, count: i64) {
        *self.net.entry((bus.to_string(), fields)).or_insert(0) += count;
    }

    /// Adds interactions.
    pub fn add_all(&mut self, interactions: &[Interaction]) {
        for i in interactions {
            self.add(&i.bus, i.fields.clone(), i.count);
        }
    }

    /// Adds every interaction of `air` on `main`.
    pub fn add_air<A>(&mut self, air: &A, main: &RowMajorMatrix<Val>, public_values: &[Val])
    where
        A: BaseAir<Val> + for<'a> Air<TallyBuilder<'a>>,
    {
        self.add_all(&interactions(air, main, public_values));
    }

    /// The tuples of `bus` whose multiplicities do not cancel, in tuple order.
    pub fn unbalanced(&self, bus: &str) -> Vec<(Vec<u32>, i64)> {
        self.net
            .iter()
            .filter(|((b, _), net)| b == bus && **net != 0)
            .map(|((_, fields), net)| (fields.clone(), *net))
            .collect()
    }
}
