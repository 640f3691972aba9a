//! Runs p3-keccak-air's constraints on the first [`NUM_KECCAK_COLS`]
//! columns of a wider row: an [`AirBuilder`] that forwards everything to
//! the chip's builder but shows `KeccakAir` only its own columns.

use p3_air::{AirBuilder, WindowAccess};
use p3_keccak_air::NUM_KECCAK_COLS;

/// The first [`NUM_KECCAK_COLS`] columns of a two-row window.
#[derive(Clone)]
pub struct PrefixWindow<W>(W);

impl<T, W: WindowAccess<T>> WindowAccess<T> for PrefixWindow<W> {
    fn current_slice(&self) -> &[T] {
        &self.0.current_slice()[..NUM_KECCAK_COLS]
    }
    fn next_slice(&self) -> &[T] {
        &self.0.next_slice()[..NUM_KECCAK_COLS]
    }
}

/// A builder whose main trace is the Keccak prefix of `inner`'s.
pub struct KeccakPrefix<'a, AB: AirBuilder>(pub &'a mut AB);

impl<AB: AirBuilder> AirBuilder for KeccakPrefix<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = PrefixWindow<AB::MainWindow>;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> Self::MainWindow {
        PrefixWindow(self.0.main())
    }
    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        self.0.preprocessed()
    }
    fn is_first_row(&self) -> Self::Expr {
        self.0.is_first_row()
    }
    fn is_last_row(&self) -> Self::Expr {
        self.0.is_last_row()
    }
    fn is_transition(&self) -> Self::Expr {
        self.0.is_transition()
    }
    fn assert_zero<I: Into<Self::Expr>>(&mut self, x: I) {
        self.0.assert_zero(x);
    }
    fn public_values(&self) -> &[Self::PublicVar] {
        self.0.public_values()
    }
    fn periodic_values(&self) -> &[Self::PeriodicVar] {
        self.0.periodic_values()
    }
}
