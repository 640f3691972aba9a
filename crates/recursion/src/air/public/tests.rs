//! Column contract and honest rows of the table (its consistent forgeries are in
//! `crate::air::tests`, which need the whole circuit).

use crate::air::Table;
use crate::air::synthetic::check_table;

#[test]
fn column_contract_holds_and_honest_rows_satisfy_the_constraints() {
    check_table(Table::Public);
}

#[test]
fn the_shape_opens_the_fewest_values() {
    use super::public_shape;
    // Values a query opens for `lanes` (without the quotient): R + 2W prep, W main, 5(W+1).
    let opened = |n: usize, w: usize| n.div_ceil(w) + 2 * w + w + 5 * (w + 1);
    for n in [0usize, 1, 2, 7, 100, 1048, 1063, 5000] {
        let (lanes, rows) = public_shape(n);
        assert!(lanes * rows >= n.max(1) && rows == n.div_ceil(lanes).max(1));
        let best = (1..=n.max(1)).map(|w| opened(n, w)).min().unwrap();
        assert_eq!(opened(n, lanes), best, "n = {n}");
    }
    // ~1,050 public values (a production segment program): 11 lanes, not ⌈√n⌉ = 33.
    assert_eq!(public_shape(1048), (11, 96));
}
