//! Helpers shared by the trace fillers: values, padding, matrices.

use p3_field::{BasedVectorSpace, PrimeCharacteristicRing};
use trellis_stark::{Challenge, RowMajorMatrix, Val};

use crate::air::layout::{Layout, Table};
use crate::backend::EXT_DEGREE;

/// A canonical `u32` (or count) as a field element.
pub fn val(x: u32) -> Val {
    Val::from_u32(x)
}

/// The coordinates of an extension element, `X⁰` first.
pub fn coords(x: Challenge) -> [Val; EXT_DEGREE] {
    let c = x.as_basis_coefficients_slice();
    core::array::from_fn(|i| c[i])
}

/// A base value embedded as extension coordinates `(x, 0, …, 0)`.
pub fn embed(x: Val) -> [Val; EXT_DEGREE] {
    core::array::from_fn(|i| if i == 0 { x } else { Val::ZERO })
}

/// A matrix of `width` columns whose first rows are `rows` (each `width` long, written by
/// `write`), padded with zero rows to the height the layout gives `table`
/// ([`Layout::padded_height`]: a fixed height where the circuit has one, else the
/// padded height of the row count).
pub fn matrix_for<R>(
    layout: &Layout<'_>,
    table: Table,
    rows: &[R],
    width: usize,
    mut write: impl FnMut(&R, &mut [Val]),
) -> RowMajorMatrix<Val> {
    let mut values = vec![Val::ZERO; layout.padded_height(table, rows.len()) * width];
    for (r, row) in rows.iter().zip(values.chunks_exact_mut(width)) {
        write(r, row);
    }
    RowMajorMatrix::new(values, width)
}
