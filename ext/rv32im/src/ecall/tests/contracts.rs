//! The column contracts of the three ecall chips hold against their AIRs.

use super::super::EcallAir;
use super::super::memory::EcallMemoryAir;
use super::super::public_output::PublicOutputAir;
use trellis_stark::DynAir;
use trellis_vm::circuit::contracts::assert_column_contract;

#[test]
fn column_contract_holds() {
    assert_column_contract(&DynAir::new(EcallAir));
}

#[test]
fn ecall_memory_column_contract_holds() {
    assert_column_contract(&DynAir::new(EcallMemoryAir));
}

#[test]
fn public_output_column_contract_holds() {
    assert_column_contract(&DynAir::new(PublicOutputAir));
}
