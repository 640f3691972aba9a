//! Named trace columns without unsafe casts: a chip declares its row layout
//! with [`crate::columns!`] and reads a row into a struct of variables
//! (in `eval`) or writes a struct of values into a row (in trace filling).

/// A fixed run of trace columns that can be read from and written to a row.
pub trait Columns<T>: Sized {
    /// Number of columns.
    const WIDTH: usize;
    /// Reads the columns from the start of `row`.
    fn read(row: &[T]) -> Self;
    /// Writes the columns to the start of `row`.
    fn write(&self, row: &mut [T]);
}

impl<T: Copy> Columns<T> for T {
    const WIDTH: usize = 1;
    fn read(row: &[T]) -> Self {
        row[0]
    }
    fn write(&self, row: &mut [T]) {
        row[0] = *self;
    }
}

impl<T: Copy, const N: usize> Columns<T> for [T; N] {
    const WIDTH: usize = N;
    fn read(row: &[T]) -> Self {
        core::array::from_fn(|i| row[i])
    }
    fn write(&self, row: &mut [T]) {
        row[..N].copy_from_slice(self);
    }
}

/// Declares a column struct generic over the cell type `T`; every field's
/// type is `T`, `[T; N]` or another column struct of `T`. Generates
/// [`Columns`] (layout in declaration order) and `Default`.
#[macro_export]
macro_rules! columns {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        $vis struct $name<T> { $($(#[$fmeta])* pub $field: $ty),* }

        impl<T: Copy> $crate::circuit::columns::Columns<T> for $name<T> {
            const WIDTH: usize = 0 $(+ <$ty as $crate::circuit::columns::Columns<T>>::WIDTH)*;
            #[allow(unused_assignments)]
            fn read(row: &[T]) -> Self {
                let mut at = 0;
                $(
                    let $field = <$ty as $crate::circuit::columns::Columns<T>>::read(&row[at..]);
                    at += <$ty as $crate::circuit::columns::Columns<T>>::WIDTH;
                )*
                Self { $($field),* }
            }
            #[allow(unused_assignments)]
            fn write(&self, row: &mut [T]) {
                let mut at = 0;
                $(
                    <$ty as $crate::circuit::columns::Columns<T>>::write(&self.$field, &mut row[at..]);
                    at += <$ty as $crate::circuit::columns::Columns<T>>::WIDTH;
                )*
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Columns;

    crate::columns! {
        struct Inner { x: T, y: [T; 2] }
    }
    crate::columns! {
        struct Outer { a: T, inner: Inner<T>, b: [T; 3] }
    }

    #[test]
    fn layout_is_declaration_order() {
        assert_eq!(<Outer<u32> as Columns<u32>>::WIDTH, 7);
        let row: Vec<u32> = (0..7).collect();
        let cols = Outer::<u32>::read(&row);
        assert_eq!(cols.inner.y, [2, 3]);
        assert_eq!(cols.b, [4, 5, 6]);
        let mut out = vec![0; 7];
        cols.write(&mut out);
        assert_eq!(out, row);
    }
}
