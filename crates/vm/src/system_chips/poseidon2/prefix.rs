//! [`PrefixBuilder`]: an [`AirBuilder`] that shows another builder's main
//! trace cut to its first `width` columns, so an AIR written for a trace of
//! exactly its own columns (Plonky3's `Poseidon2Air`) can be evaluated on
//! the leading columns of a wider row.

use trellis_stark::{AirBuilder, WindowAccess};

/// A window of the first `width` columns of `inner`.
#[derive(Clone, Debug)]
pub struct PrefixWindow<W> {
    inner: W,
    width: usize,
}

impl<T, W: WindowAccess<T>> WindowAccess<T> for PrefixWindow<W> {
    fn current_slice(&self) -> &[T] {
        &self.inner.current_slice()[..self.width]
    }

    fn next_slice(&self) -> &[T] {
        &self.inner.next_slice()[..self.width]
    }
}

/// `inner` with its main trace cut to the first `width` columns; constraints
/// go to `inner` unchanged.
pub struct PrefixBuilder<'a, AB> {
    inner: &'a mut AB,
    width: usize,
}

impl<'a, AB: AirBuilder> PrefixBuilder<'a, AB> {
    /// Views the first `width` main columns of `inner` (`width` must not
    /// exceed the inner width; the AIR's own width says so).
    pub fn new(inner: &'a mut AB, width: usize) -> Self {
        Self { inner, width }
    }
}

impl<AB: AirBuilder> AirBuilder for PrefixBuilder<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = PrefixWindow<AB::MainWindow>;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    const WINDOW: usize = AB::WINDOW;

    fn main(&self) -> Self::MainWindow {
        PrefixWindow {
            inner: self.inner.main(),
            width: self.width,
        }
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

    fn is_transition_window(&self, size: usize) -> Self::Expr {
        self.inner.is_transition_window(size)
    }

    fn assert_zero<I: Into<Self::Expr>>(&mut self, x: I) {
        self.inner.assert_zero(x);
    }

    fn assert_zeros<const N: usize, I: Into<Self::Expr>>(&mut self, array: [I; N]) {
        self.inner.assert_zeros(array);
    }

    fn public_values(&self) -> &[Self::PublicVar] {
        self.inner.public_values()
    }

    fn periodic_values(&self) -> &[Self::PeriodicVar] {
        self.inner.periodic_values()
    }
}
