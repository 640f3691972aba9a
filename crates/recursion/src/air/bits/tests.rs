//! Column contract and honest rows of the table (its consistent forgeries are in
//! `crate::air::tests`, which need the whole circuit).

use crate::air::Table;
use crate::air::synthetic::check_table;

#[test]
fn column_contract_holds_and_honest_rows_satisfy_the_constraints() {
    check_table(Table::Bits);
}
