//! Column contract and honest rows of the table (its consistent forgeries are in
//! `crate::air::tests`, which need the whole circuit).

use crate::air::Table;
use crate::air::synthetic::check_table;

#[test]
fn column_contract_holds_and_honest_rows_satisfy_the_constraints() {
    check_table(Table::AluExt);
}

#[test]
fn ext_mul_is_the_field_product() {
    use p3_field::{BasedVectorSpace, PrimeCharacteristicRing};
    use trellis_stark::{Challenge, Val};
    let a = Challenge::from_basis_coefficients_fn(|i| Val::from_u32(3 + 7 * i as u32));
    let b = Challenge::from_basis_coefficients_fn(|i| Val::from_u32(1_000_000 + i as u32));
    let product = super::ext_mul(&crate::air::fill::coords(a), &crate::air::fill::coords(b));
    assert_eq!(product, crate::air::fill::coords(a * b));
}
