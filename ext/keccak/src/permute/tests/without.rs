//! [`Without`]: the KeccakF AIR minus one constraint, so a forgery test
//! can show that this constraint is the only thing its forgery breaks
//! (with it dropped, every other constraint and every bus accepts).

use super::super::{KECCAK_WIDTH, KeccakfAir};
use trellis_stark::{
    Air, AirBuilder, BaseAir, BusBuilder, ChipAir, Count, InteractionBuilder, Val,
};

/// [`KeccakfAir`] without its constraint number `constraint` (in
/// evaluation order, as p3-air's constraint checker numbers them).
#[derive(Clone, Copy, Debug)]
pub struct Without {
    /// The dropped constraint.
    pub constraint: usize,
}

impl BaseAir<Val> for Without {
    fn width(&self) -> usize {
        KECCAK_WIDTH
    }
}

impl ChipAir for Without {
    fn chip_name(&self) -> String {
        KeccakfAir.chip_name()
    }
}

impl<AB: BusBuilder> Air<AB> for Without {
    fn eval(&self, builder: &mut AB) {
        KeccakfAir.eval(&mut Skipping {
            inner: builder,
            next: 0,
            skip: self.constraint,
        });
    }
}

/// Forwards everything to `inner` except assertion number `skip`.
struct Skipping<'a, AB> {
    inner: &'a mut AB,
    next: usize,
    skip: usize,
}

impl<AB: AirBuilder> AirBuilder for Skipping<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = AB::MainWindow;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> Self::MainWindow {
        self.inner.main()
    }
    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        self.inner.preprocessed()
    }
    fn is_first_row(&self) -> Self::Expr {
        self.inner.is_first_row()
    }
    fn is_last_row(&self) -> Self::Expr {
        self.inner.is_last_row()
    }
    fn is_transition(&self) -> Self::Expr {
        self.inner.is_transition()
    }
    fn assert_zero<I: Into<Self::Expr>>(&mut self, x: I) {
        if self.next != self.skip {
            self.inner.assert_zero(x);
        }
        self.next += 1;
    }
    fn public_values(&self) -> &[Self::PublicVar] {
        self.inner.public_values()
    }
    fn periodic_values(&self) -> &[Self::PeriodicVar] {
        self.inner.periodic_values()
    }
}

impl<AB: InteractionBuilder> InteractionBuilder for Skipping<'_, AB> {
    fn push_interaction<E: Into<Self::Expr>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<Self::Expr>>,
    ) {
        self.inner.push_interaction(bus_name, fields, count);
    }
    fn push_local_interaction(
        &mut self,
        tuples: impl IntoIterator<Item = (Vec<Self::Expr>, Count<Self::Expr>)>,
    ) {
        self.inner.push_local_interaction(tuples);
    }
    fn push_exclusive_interaction(
        &mut self,
        bus_name: &str,
        branches: impl IntoIterator<Item = (Self::Expr, Count<Self::Expr>, Vec<Self::Expr>)>,
    ) {
        self.inner.push_exclusive_interaction(bus_name, branches);
    }
    fn num_global_interactions(&self) -> usize {
        self.inner.num_global_interactions()
    }
    fn num_local_interactions(&self) -> usize {
        self.inner.num_local_interactions()
    }
    fn num_exclusive_interactions(&self) -> usize {
        self.inner.num_exclusive_interactions()
    }
}
